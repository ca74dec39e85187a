"""Bank.scoring_stamp: which bank scores an assessment in progress (stored with its scores, storage/README.md
"Stored scores"). Each test edits one thing in a fresh copy of the valid YAML bank of helpers.py, its version
left as it was: every value scoring or the forms read changes the stamp, no text and no order does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assessment.bank import load_bank
from tests.helpers import find, valid_bank_files, write_bank

QUICK = ["sf_q1", "sf_q2", "ho_q1", "ho_q2", "cs_q1", "cs_q2", "pi_q1", "pi_q2", "cr_q1", "cr_q2"]


def base() -> dict[str, Any]:
    files = valid_bank_files()
    files["bank.yaml"]["forms"] = {"quick": {"questions": list(QUICK), "min_answered": 0.5}}
    return files


def stamp(tmp_path: Path, files: dict[str, Any], name: str) -> str:
    return load_bank(write_bank(tmp_path / name / "questions", files)).scoring_stamp


def question(files: dict[str, Any], qid: str) -> dict[str, Any]:
    dims = {"sf": "strategic_focus", "ho": "help_orientation", "cr": "crisis_readiness"}
    return find(files[f"questions/{dims[qid[:2]]}.yaml"], qid)


def italian(node: Any) -> None:
    """Every Italian text in the files, with a typo fixed."""
    if isinstance(node, dict):
        if set(node) == {"en", "es", "it"}:
            node["it"] = node["it"] + " corretto"
            return
        for value in node.values():
            italian(value)
    elif isinstance(node, list):
        for value in node:
            italian(value)


def _quick_question(f: dict[str, Any]) -> None:
    f["bank.yaml"]["forms"]["quick"]["questions"].remove("cr_q2")


def _expiry(f: dict[str, Any]) -> None:
    q = question(f, "cr_q1")
    q["evidence_expires_months"] = 12
    q["evidence_label"] = {"en": "last drill", "es": "último simulacro", "it": "ultima esercitazione"}


def _moved(f: dict[str, Any]) -> None:
    # sf_q3 reworded into another dimension's question: same id, scored in help orientation.
    q = question(f, "sf_q3")
    f["questions/strategic_focus.yaml"].remove(q)
    f["questions/help_orientation.yaml"].append({**q, "dimension": "help_orientation"})


EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "version": lambda f: f["bank.yaml"].update(version="2026.test.2"),
    "quick_share": lambda f: f["bank.yaml"]["forms"]["quick"].update(min_answered=0.75),
    "quick_question": _quick_question,
    "no_quick_check": lambda f: f["bank.yaml"].pop("forms"),
    "weight": lambda f: question(f, "sf_q1").update(weight=3),
    "applies_to": lambda f: question(f, "sf_q6").update(applies_to=["library"]),
    "applies_to_everyone": lambda f: question(f, "sf_q6").pop("applies_to"),
    "dimension_share": lambda f: find(f["dimensions.yaml"], "crisis_readiness").update(min_answered=0.75),
    "level_threshold": lambda f: f["levels.yaml"][2].update(min_score=f["levels.yaml"][2]["min_score"] + 5),
    "evidence_expiry": _expiry,
    "question_moved": _moved,
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_value_scoring_reads_changes_the_stamp(tmp_path: Path, edit: str) -> None:
    files = base()
    before = stamp(tmp_path, files, "before")
    EDITS[edit](files)
    assert stamp(tmp_path, files, "after") != before


def test_the_evidence_cap_changes_the_stamp(tmp_path: Path) -> None:
    files = base()
    _expiry(files)
    before = stamp(tmp_path, files, "before")
    question(files, "cr_q1")["evidence_cap_step"] = 1
    assert stamp(tmp_path, files, "after") != before


def test_no_text_and_no_order_changes_the_stamp(tmp_path: Path) -> None:
    files = base()
    before = stamp(tmp_path, files, "before")
    italian(files)
    # The questions of a dimension in another order, the quick check's listed in another order, a
    # recommendation's effort changed and N/A allowed on a question: nothing a stored score holds.
    files["questions/strategic_focus.yaml"].reverse()
    files["bank.yaml"]["forms"]["quick"]["questions"].reverse()
    find(files["recommendations/strategic_focus.yaml"], "rec_sf_r1")["effort"] = "L"
    question(files, "sf_q1")["allow_na"] = True
    after = load_bank(write_bank(tmp_path / "after" / "questions", files))
    assert after.questions["sf_q1"].text("it").endswith(" corretto")
    assert after.scoring_stamp == before
    # Short enough for the stamp's column (String(64)), and never a version.
    assert len(before) <= 64 and before.startswith("scoring:") and before != after.version


def test_a_release_that_scores_differently_changes_the_stamp_of_the_same_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same files, a new engine: rows stored by the old one must be scored again.
    from assessment.bank import entity

    before = stamp(tmp_path, base(), "before")
    monkeypatch.setattr(entity, "SCORING_REVISION", entity.SCORING_REVISION + 1)
    assert stamp(tmp_path, base(), "after") != before
    monkeypatch.undo()
    assert stamp(tmp_path, base(), "again") == before, "nothing else in the stamp moved"
