"""The app started on a broken bank shows the problems on a page — file, item id and field — never a
traceback, and starts normally once the bank is fixed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assessment.bank import DEFAULT_BANK_DIR
from assessment.i18n import t
from tests.apptest_support import new_app
from tests.helpers import alias_bomb


@pytest.fixture
def broken_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bank = tmp_path / "questions"
    shutil.copytree(DEFAULT_BANK_DIR, bank)
    path = bank / "questions" / "crisis_readiness.yaml"
    text = path.read_text(encoding="utf-8")
    # Drop one Italian text: the first option of the first question loses its `it:` line.
    lines = text.splitlines()
    first_it = next(i for i, line in enumerate(lines) if line.strip().startswith("it:") and i > 20)
    del lines[first_it]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("FOCO_BANK", str(bank))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'foco.db'}")
    return bank


def test_a_broken_bank_shows_its_problems_on_a_page(broken_bank: Path) -> None:
    at = new_app("es-ES")
    at.run()
    assert not at.exception, "a page, not a traceback"
    assert any(t("bank.broken.title", "es") in e.value for e in at.error)
    listing = "\n".join(c.value for c in at.code)
    assert "questions/questions/crisis_readiness.yaml" in listing
    assert "cr_" in listing and "missing Italian text" in listing, listing
    assert not at.radio, "no survey on a broken bank"

    # Fixed on disk: the next run starts normally, without restarting the process.
    shutil.rmtree(broken_bank)
    shutil.copytree(DEFAULT_BANK_DIR, broken_bank)
    at.run()
    assert not at.exception
    assert not at.error
    assert at.text_input, "the start form is back"


def _alias_bomb(bank: Path) -> str:
    (bank / "questions" / "strategic_focus.yaml").write_text(alias_bomb(), encoding="utf-8")
    return "the alias *l0 repeats the value anchored on line 2"


def _huge_file(bank: Path) -> str:
    # 8 MB of one-word items: two million problems and minutes of work for a loader without bounds.
    (bank / "questions" / "help_orientation.yaml").write_text("- x\n" * 2_000_000, encoding="utf-8")
    return "questions/questions/help_orientation.yaml: is larger than 1,024 KB"


def _folder(bank: Path) -> str:
    (bank / "bank.yaml").unlink()
    (bank / "bank.yaml").mkdir()
    return "questions/bank.yaml: is a folder, not a YAML file"


@pytest.mark.timeout(120)  # without bounds the first run never ended: fail rather than hang
@pytest.mark.parametrize("break_it", [_alias_bomb, _huge_file, _folder], ids=["alias-bomb", "huge", "folder"])
def test_a_hostile_bank_ends_on_the_problem_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, break_it: Callable[[Path], str]
) -> None:
    # Issue 11: the alias bomb kept the first run going for ever; a folder named bank.yaml showed
    # Streamlit's redacted exception instead of this page.
    bank = tmp_path / "questions"
    shutil.copytree(DEFAULT_BANK_DIR, bank)
    expected = break_it(bank)
    monkeypatch.setenv("FOCO_BANK", str(bank))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'foco.db'}")
    at = new_app("it-IT")
    at.run(timeout=30)  # AppTest raises if the script has not finished by then
    assert not at.exception, "a page, not a traceback"
    assert any(t("bank.broken.title", "it") in e.value for e in at.error)
    listing = "\n".join(c.value for c in at.code)
    assert expected in listing, listing[:2000]
    assert not at.radio and not at.text_input, "no survey, no start form"
