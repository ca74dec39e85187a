"""The quick check in Streamlit's runtime (AppTest), in each language: Start offers both forms with their
minutes → the quick check asks two questions a section → Results say provisional and suggest the weakest
link → a deep dive on that dimension asks its remaining questions → Results show it final, the others still
provisional; the CSV says so; a resume link reopens the same quick check and deep dive.

By hand (docs/scoring.md), for a library: every quick question 3, except crisis readiness at 1. Each of the
four other dimensions (3 + 3) / 8 = 75.0, level 4; crisis readiness (1 + 1) / 8 = 25.0, level 2. Overall
(4 × 75 + 25) / 5 = 65.0 would be level 4, the weakest link (2) caps it at 3: crisis readiness holds it down
and is suggested first. After the deep dive every crisis question is 1: 8 / 32 = 25.0, still level 2, final.
"""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.testing.v1 import AppTest

from assessment.bank import Bank
from assessment.i18n import t
from assessment.ui.pages.start import form_label
from tests.apptest_support import answer_radios, cards, download_bytes, new_app, open_tab, press

BANK: Bank  # and SECTIONS, N_QUICK: set by the _bank fixture below, never at import
SECTIONS: list[str]
N_QUICK: int
LOCALES = [("en", "en-GB"), ("es", "es-ES"), ("it", "it-IT")]
CRISIS = "crisis_readiness"


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK, SECTIONS, N_QUICK
    BANK = app_bank
    SECTIONS = list(BANK.dimensions)
    N_QUICK = len(BANK.form_questions("quick"))


@pytest.fixture(autouse=True)
def own_database(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'foco.db'}")


def click(at: AppTest, label: str) -> None:
    press(at, label)
    assert not at.exception


def shown_questions(at: AppTest) -> list[str]:
    return [r.key.split(":")[-1] for r in answer_radios(at)]


def one_but_crisis(qid: str) -> int:
    return 1 if BANK.questions[qid].dimension == CRISIS else 3


def start_quick(at: AppTest, lang: str) -> None:
    at.run()
    assert not at.exception
    form = at.radio(key="start_form")
    assert form.options == [form_label(BANK, lang, "full"), form_label(BANK, lang, "quick")]
    assert form.value == "full", "the full survey stays the default"
    # Both say how long they take, by the bank's own estimate.
    low, high = BANK.reading_minutes(lang, "quick")
    assert t("quick.minutes_range", lang, low=low, high=high) in form.options[1]
    assert f"{len(BANK.form_questions('full'))} " in form.options[0]
    assert any(c.value.startswith(t("quick.trust", lang, pct=0, within=0)[:20]) for c in at.caption)
    at.text_input[0].input("Biblioteca Lucca")
    at.selectbox[1].set_value("library")
    form.set_value("quick")
    click(at, t("start.button", lang))


def answer_quick_sections(at: AppTest, lang: str) -> None:
    for index, dim in enumerate(SECTIONS):
        qids = shown_questions(at)
        assert qids == [q.id for q in BANK.form_questions("quick") if q.dimension == dim], dim
        for radio in answer_radios(at):
            radio.set_value(one_but_crisis(radio.key.split(":")[-1]))
        at.run()
        click(at, t("survey.next", lang) if index < len(SECTIONS) - 1 else t("survey.see_results", lang))


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def scores_row(at: AppTest, files) -> dict[str, str]:
    open_tab(at, "files")
    raw = download_bytes(at, "dl_scores", files)
    open_tab(at, "summary")
    return next(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize(("lang", "locale"), LOCALES)
def test_quick_check_then_a_deep_dive_in_each_language(lang: str, locale: str, recorded_files) -> None:
    at = new_app(locale)
    start_quick(at, lang)
    progress = at.get("progress")[0].proto.text
    # Two questions a dimension: ten in all (the bank's quick check, for any bank).
    assert N_QUICK == 10
    assert progress == t("survey.progress", lang, done=0, total=N_QUICK)
    answer_quick_sections(at, lang)

    mark = t("quick.mark", lang)
    level3 = t("results.level_n", lang, n=3, name=BANK.level(3).name(lang))
    assert metrics(at)[f"{t('results.overall', lang)} {mark}"] == level3
    assert metrics(at)[f"{t('results.overall_score', lang)} {mark}"] == "65.0 / 100"
    assert f"{t('results.radar', lang)} {t('quick.tag', lang)}" in [h.value for h in at.subheader]
    assert t("quick.overall", lang) in [w.value for w in at.warning]
    badge = f"**{t('quick.badge', lang)}**"
    assert [c.level.endswith(f" · {badge}") for c in cards(at).values()] == [True] * 5, "every row"
    crisis = BANK.dimensions[CRISIS].name(lang)
    assert t("quick.suggest_weakest", lang, dim=crisis) in [m.value for m in at.markdown]
    row = scores_row(at, recorded_files)
    assert row["provisional"] == "true" and row[f"{CRISIS}_provisional"] == "true"
    assert row[f"{CRISIS}_score"] == "25.0"

    click(at, t("quick.deep_one", lang, dim=crisis))
    assert at.session_state["section"] == SECTIONS.index(CRISIS)
    crisis_qs = [q.id for q in BANK.questions_by_dimension[CRISIS] if q.applies("library")]
    assert shown_questions(at) == crisis_qs, "every crisis question, the quick ones among them"
    quick_crisis = {q for q in crisis_qs if q in BANK.quick_ids}
    assert at.get("progress")[0].proto.text == t(
        "survey.progress", lang, done=N_QUICK, total=N_QUICK + len(crisis_qs) - len(quick_crisis)
    )
    values = {r.key.split(":")[-1]: r.value for r in answer_radios(at)}
    assert {q: values[q] for q in quick_crisis} == dict.fromkeys(quick_crisis, 1), "the quick answers kept"
    for radio in answer_radios(at):
        if radio.key.split(":")[-1] not in quick_crisis:
            radio.set_value(1)
    at.run()
    click(at, t("survey.see_results", lang))

    # Crisis readiness final at 25.0; the four others still provisional, and with them the overall result.
    assert sum(c.level.endswith(f" · {badge}") for c in cards(at).values()) == 4
    assert metrics(at)[f"{t('results.overall', lang)} {mark}"] == level3
    row = scores_row(at, recorded_files)
    assert (row[f"{CRISIS}_provisional"], row[f"{CRISIS}_score"], row[f"{CRISIS}_answered"]) == (
        "false",
        "25.0",
        "1.0",
    )
    assert row["strategic_focus_provisional"] == "true" and row["provisional"] == "true"
    # The next suggestion: crisis readiness is final; no other holds the overall level down (the cap is set
    # by crisis readiness), so the least certain comes next, among four equal ones the bank's first.
    first = BANK.dimensions[SECTIONS[0]].name(lang)
    assert t("quick.suggest_uncertain", lang, dim=first) in [m.value for m in at.markdown]

    # A resume link in a new session reopens the quick check with its deep dive.
    again = new_app(locale)
    again.query_params["a"] = at.query_params["a"]
    again.run()
    assert not again.exception
    assert again.session_state["section"] == SECTIONS.index(CRISIS), "back on the section of the deep dive"
    assert shown_questions(again) == crisis_qs, "the deep dive survives the reload"
    again.session_state["section"] = 0
    again.run()
    assert shown_questions(again) == [
        q.id for q in BANK.form_questions("quick") if q.dimension == SECTIONS[0]
    ]


def test_a_chosen_deep_dive_survives_a_reload_before_any_answer() -> None:
    lang = "en"
    at = new_app("en-GB")
    start_quick(at, lang)
    answer_quick_sections(at, lang)
    # "Go deeper everywhere": every section asks all its questions, though none of the new ones is answered.
    click(at, next(b.label for b in at.button if b.key == "deep_all"))
    again = new_app("en-GB")
    again.query_params["a"] = at.query_params["a"]
    again.run()
    assert not again.exception
    for index, dim in enumerate(SECTIONS):
        again.session_state["section"] = index
        again.run()
        applying = [q.id for q in BANK.questions_by_dimension[dim] if q.applies("library")]
        assert shown_questions(again) == applying, dim
