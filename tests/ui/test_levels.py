"""Levels that fit each dimension, and questions labelled as going beyond the source texts, wherever a person
sees them: the results page (AppTest), the report's HTML, the Start page's minutes.

Everything runs on the small banks of helpers.py, never on the real bank (being rewritten elsewhere). A
dimension's descriptors there read "strategic_focus 3" (summary) and "What level 3 of strategic_focus is"
(description), the overall levels "Level planned"; so a card that shows the narrative name is caught.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assessment.bank import Bank
from assessment.bank.model import DIMENSION_IDS
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.i18n import t
from assessment.outputs.export import Scored
from assessment.outputs.labels import dimension_level_label
from assessment.outputs.report_html import document
from assessment.ui.pages.results_plan import WHY_OPEN
from tests.apptest_support import answer_radios, cards, new_app, press
from tests.helpers import find, steps, write_bank

WHEN = datetime(2026, 3, 9, 10, 30)
# docs/scoring.md's worked example on the synthetic bank: levels 5, 4, 4, 5 and crisis readiness at 42.9
# (level 3) with cr_q3 "don't know" and cr_q7 at 0; overall 70.1, level 4.
WORKED = {
    **steps("sf", [4, 4, 4, 4, 1]),
    **steps("ho", [4, 4, 2, 1, 0]),
    **steps("cs", [4, 4, 2, 1, 1]),
    **steps("pi", [4, 4, 4, 4, 2]),
    **steps("cr", [3, 2, "dk", 1, 4, "na", 0, 2]),
}
BEYOND = {
    "en": "General practice, not drawn from the source texts",
    "es": "Práctica general, no procede de los textos de referencia",
    "it": "Buona pratica generale, non tratta dai testi di riferimento",
}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Level 2 of 5 · crisis_readiness 2"),
        ("es", "Nivel 2 de 5 · crisis_readiness 2 (español, año)"),
        ("it", "Livello 2 su 5 · crisis_readiness 2 (italiano, città)"),
    ],
)
def test_a_dimension_level_in_each_language(bank: Bank, lang: str, expected: str) -> None:
    assert dimension_level_label(bank, "crisis_readiness", 2, lang) == expected


@pytest.mark.parametrize("lang", ["en", "es", "it"])
def test_the_beyond_sources_label_in_each_language(lang: str) -> None:
    assert t("survey.beyond_sources", lang) == BEYOND[lang]


# -------------------------------------------------------------------------------------------- the report
def _pages(html: str) -> list[str]:
    return html.split('<section class="page')[1:]


def _beyond(bank: Bank, *qids: str) -> Bank:
    questions = dict(bank.questions)
    for qid in qids:
        questions[qid] = questions[qid].model_copy(update={"beyond_sources": True, "principles": []})
    return dataclasses.replace(bank, questions=questions)


def test_report_names_each_dimension_level_in_its_own_words(bank: Bank) -> None:
    result = score(bank, WORKED, "town_hall")
    html = document(bank, Scored("Town", "", result, recommend(bank, result), "town_hall"), "en", WHEN)
    # Cover, overview, roadmap and "where the plan leads", then one page per dimension.
    cover, overview, _roadmap, _projection, *dimensions = _pages(html)
    assert "Level 4: Level conversational" in cover, "the overall level keeps its narrative name"
    for label in (
        "Level 5 of 5 · strategic_focus 5",
        "Level 4 of 5 · help_orientation 4",
        "Level 4 of 5 · community_stewardship 4",
        "Level 5 of 5 · platform_independence 5",
        "Level 3 of 5 · crisis_readiness 3",
    ):
        assert f'<td class="">{label}</td>' in overview
    crisis = dimensions[4]
    assert "<h2>Dimension crisis_readiness</h2>" in crisis
    assert "<b>Level 3 of 5 · crisis_readiness 3</b>" in crisis
    assert "<p>What level 3 of crisis_readiness is</p>" in crisis, "with the dimension's description"
    assert "Level planned" not in crisis and "Level planned" not in overview
    assert "What level 4 of crisis_readiness is" not in crisis


def test_report_labels_questions_beyond_the_sources(bank: Bank) -> None:
    labelled = _beyond(bank, "cr_q3", "cr_q7")  # "don't know" and the lowest answer, both listed
    result = score(labelled, WORKED, "town_hall")
    entry = Scored("Comune", "", result, recommend(labelled, result), "town_hall")
    crisis = _pages(document(labelled, entry, "it", WHEN))[-1]
    label = f'<span class="muted">({BEYOND["it"]})</span>'
    assert f"<li>Come si fa cr_q3? (italiano, città) {label}</li>" in crisis
    assert f"<b>Come si fa cr_q7? (italiano, città)</b> {label}<br>" in crisis
    assert crisis.count(BEYOND["it"]) == 2, "only the two labelled questions"
    plain = _pages(
        document(bank, Scored("Comune", "", result, recommend(bank, result), "town_hall"), "it", WHEN)
    )
    assert BEYOND["it"] not in plain[-1]


# --------------------------------------------------------------------------------------------- the app
@pytest.fixture
def fixture_app_bank(tmp_path: Path, bank_files: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Path:
    """The valid YAML bank with cr_q3 labelled beyond the sources and a 60-word quality on cr_q1."""
    q3 = find(bank_files["questions/crisis_readiness.yaml"], "cr_q3")  # P06, which sf_q6 cites too
    q3.update(beyond_sources=True, principles=[])
    del q3["source"]
    find(bank_files["questions/crisis_readiness.yaml"], "cr_q1")["quality"] = {
        lang: " ".join(["word"] * 60) for lang in ("en", "es", "it")
    }
    root = write_bank(tmp_path / "questions", bank_files)
    monkeypatch.setenv("FOCO_BANK", str(root))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'foco.db'}")
    return root


def _start(at: AppTest) -> None:
    at.text_input[0].input("Biblioteca Àgora")
    at.selectbox[1].set_value("library")
    at.button[0].click().run()
    assert not at.exception


def _click(at: AppTest, label: str) -> None:
    press(at, label)
    assert not at.exception


def test_start_page_states_the_stats_estimate(fixture_app_bank: Path) -> None:
    # 35 questions; English stems and options 665 words, help 105, quality 60: 665 / 200 + 35 × 5 s
    # = 6.24 → 7 minutes; 830 / 200 + 2.92 = 7.07 → 8 minutes.
    at = new_app("en-GB")
    at.run()
    assert not at.exception
    assert any("35 questions in 5 sections: 7 to 8 minutes" in c.value for c in at.caption)


def test_results_cards_and_the_survey_label(fixture_app_bank: Path) -> None:
    at = new_app("es-ES")
    at.run()
    _start(at)
    for index in range(5):
        radios = answer_radios(at)
        for radio in radios:
            radio.set_value(2)  # step 2 everywhere: 50.0 in every dimension, level 3
        at.run()
        assert not at.exception
        captions = [c.value for c in at.caption]
        labelled = [c for c in captions if BEYOND["es"] in c]
        # The survey's last section is crisis readiness: cr_q3's help is followed by the label, once.
        assert len(labelled) == (1 if index == 4 else 0), captions
        _click(at, t("survey.next", "es") if index < 4 else t("survey.see_results", "es"))
    # "Why this level" is worked out only while open: opened, as a click on it would.
    at.session_state[WHY_OPEN] = True
    at.run()

    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("results.overall", "es")] == "Nivel 3: Level planned (español, año)"
    # Each dimension's row, in the bank's order, its level in bold; under the table, the level's own words.
    levels = [c.level for c in cards(at).values()]
    assert levels == [f"**Nivel 3 de 5 · {d} 3 (español, año)**" for d in DIMENSION_IDS]
    notes = "\n\n".join(
        f"**Dimension {d} (español, año)**: What level 3 of {d} is (español, año)" for d in DIMENSION_IDS
    )
    assert notes in [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]
    # The narrative name belongs to the overall level: only the overall "why this level" line names it.
    named = [m.value for m in at.markdown if "Level planned" in m.value]
    assert len(named) == 1 and named[0].startswith("La puntuación general"), named
