"""The whole app in Streamlit's runtime (AppTest): start → survey → results → downloads, in each language."""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.testing.v1 import AppTest

from assessment.bank import Bank
from assessment.i18n import t
from tests.apptest_support import (
    answer_radios,
    cards,
    download_bytes,
    new_app,
    open_details,
    open_note,
    open_tab,
    pictures,
    plan_rows,
    press,
)

BANK: Bank  # set by the _bank fixture below, never at import


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK
    BANK = app_bank


@pytest.fixture(autouse=True)
def own_database(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each test gets its own SQLite file: the app's store is cached per URL.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'foco.db'}")


LOCALES = [("en", "en-GB"), ("es", "es-ES"), ("it", "it-IT")]


def start(at: AppTest, name: str, org_type: str = "library", unit: str = "") -> None:
    at.text_input[0].input(name)
    at.text_input[1].input(unit)
    at.selectbox[1].set_value(org_type)
    at.button[0].click().run()
    assert not at.exception


def fill_section(at: AppTest, choose) -> None:
    for radio in answer_radios(at):
        qid = radio.key.split(":")[-1]
        radio.set_value(choose(BANK.questions[qid]))
    at.run()
    assert not at.exception


def click(at: AppTest, label: str) -> None:
    press(at, label)
    assert not at.exception


def answer_every_section(at: AppTest, lang: str, choose) -> None:
    """Answer each section with `choose`, then go on to the next and, after the last, to the results."""
    last = len(BANK.dimensions) - 1
    for index in range(last + 1):
        fill_section(at, choose)
        click(at, t("survey.next", lang) if index < last else t("survey.see_results", lang))


def three_but_crisis(q):
    return 1 if q.dimension == "crisis_readiness" else 3


@pytest.mark.parametrize(("lang", "locale"), LOCALES)
def test_whole_path_in_each_language(lang: str, locale: str, recorded_files) -> None:
    at = new_app(locale)
    at.run()
    assert not at.exception
    assert at.selectbox(key="lang").value == lang, "the language defaults from the browser locale"
    start(at, '=HYPERLINK("http://evil.example","x")', unit="Sala infantil")

    sections = len(BANK.dimensions)
    for index in range(sections):
        fill_section(at, three_but_crisis)
        label = t("survey.next", lang) if index < sections - 1 else t("survey.see_results", lang)
        click(at, label)

    # By hand (docs/scoring.md): four dimensions at 3/4 = 75.0 and crisis readiness at 1/4 = 25.0.
    # Overall (4 × 75 + 25) / 5 = 65.0 would be level 4, but the weakest level is 2 (25 ≥ 20), so the
    # cap holds the overall level at 3.
    level3 = BANK.level(3).name(lang)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("results.overall", lang)] == t("results.level_n", lang, n=3, name=level3)
    assert metrics[t("results.overall_score", lang)] == "65.0 / 100"
    assert any(
        t("results.capped", lang, score="65.0", uncapped=4, level=3, weakest="")[:25] in i.value
        for i in at.info
    )
    scores_in_cards = [m.value for m in cards(at).values()]
    assert sorted(scores_in_cards) == ["25.0", "75.0", "75.0", "75.0", "75.0"]
    # The curve, then the radar: static pictures whose alt text says what they show, worked out by hand.
    (curve_alt, curve_svg), (radar_alt, radar_svg) = pictures(at)
    levels = ", ".join(lv.name(lang) for lv in BANK.levels)
    assert curve_alt == t("results.curve_alt", lang, levels=levels, n=3, name=level3)
    assert t("results.you_are_here", lang) in curve_svg
    assert sorted(radar_alt.count(s) for s in ("25.0", "75.0")) == [1, 4], radar_alt
    assert not at.get("plotly_chart"), "the summary mounts no plotly chart"
    assert not at.get("download_button"), "the files are in their own tab, drawn when it is opened"

    open_details(at)
    open_tab(at, "plan", lang)
    assert not at.exception
    head, *plan = plan_rows(at)
    assert head[:3] == [t("col.rank", lang), t("col.action", lang), t("col.phase", lang)]
    assert len(plan) > 0
    assert [int(row[0]) for row in plan] == list(range(1, len(plan) + 1))
    # The details: an expander per phase holding its items in rank order, each with what to do and why.
    phases = list(dict.fromkeys(row[2] for row in plan))
    counts = {p: [row[2] for row in plan].count(p) for p in phases}
    details = [e for e in at.expander if e.label.split(" (")[0] in phases]
    assert [e.label for e in details] == [f"{p} ({counts[p]})" for p in phases]
    titles = [row[1] for row in plan]
    text = "\n".join(m.value for e in details for m in e.markdown)
    assert [text.index(f"**{n}. {title}**") for n, title in enumerate(titles, 1)] == sorted(
        text.index(f"**{n}. {title}**") for n, title in enumerate(titles, 1)
    )
    assert text.count(f"**{t('results.why', lang)}.**") == len(plan)
    assert text.count(f"{t('results.principles', lang)}: ") == len(plan)

    recs = download_bytes(at, "dl_recs", recorded_files)
    open_tab(at, "files", lang)
    scores = download_bytes(at, "dl_scores", recorded_files)
    assert scores.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(scores.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["organization"] == '\'=HYPERLINK("http://evil.example","x")', "formula escaped"
    assert rows[0]["unit"] == "Sala infantil"
    assert float(rows[0]["overall_score"]) == 65.0
    assert rows[0]["overall_level"] == "3"
    assert float(rows[0]["crisis_readiness_score"]) == 25.0
    assert rows[0]["crisis_readiness_level"] == "2"

    rec_rows = list(csv.DictReader(io.StringIO(recs.decode("utf-8-sig"))))
    assert [int(r["rank"]) for r in rec_rows] == list(range(1, len(rec_rows) + 1))
    first = BANK.recommendations[rec_rows[0]["recommendation_id"]]
    assert rec_rows[0]["title"] == first.title(lang), "titles in the assessment's language"
    for row in rec_rows:
        rec = BANK.recommendations.get(row["recommendation_id"])
        if rec is not None:
            assert row["why"] == rec.why(lang)
            assert row["principles"] == " ".join(rec.principles)


@pytest.mark.parametrize(
    ("locale", "one", "many"),
    [
        (
            "en-GB",
            "1 question in this section is still unanswered.",
            "{k} questions in this section are still unanswered.",
        ),
        (
            "es-ES",
            "Queda 1 pregunta sin responder en esta sección.",
            "Quedan {k} preguntas sin responder en esta sección.",
        ),
        (
            "it-IT",
            "In questa sezione resta 1 domanda senza risposta.",
            "In questa sezione restano {k} domande senza risposta.",
        ),
    ],
)
def test_the_unanswered_count_agrees_with_its_number(locale: str, one: str, many: str) -> None:
    at = new_app(locale)
    at.run()
    start(at, "Biblioteca Municipal")
    radios = answer_radios(at)
    captions = [c.value for c in at.caption]
    assert many.format(k=len(radios)) in captions, captions
    for radio in radios[:-1]:
        radio.set_value(2)
    at.run()
    assert one in [c.value for c in at.caption]


def test_switching_language_and_sections_keeps_answers() -> None:
    at = new_app("en-US")
    at.run()
    start(at, "Comune di Bologna", org_type="town_hall", unit="Biblioteca Salaborsa")
    fill_section(at, lambda q: 4)
    first_section = {r.key.split(":")[-1]: r.value for r in answer_radios(at)}
    assert set(first_section.values()) == {4}

    click(at, t("survey.next", "en"))
    fill_section(at, lambda q: "dk")
    noted = answer_radios(at)[0].key.split(":")[-1]
    open_note(at, noted).text_area(key=f"note:en:0:{noted}").input("Horario en la web").run()
    at.selectbox(key="lang").set_value("it").run()
    assert not at.exception
    assert {r.value for r in answer_radios(at)} == {"dk"}, "answers survive a change of language"
    # The expander's label is new (Streamlit then draws a new, closed one): it is open again, with the note.
    field = at.text_area(key=f"note:it:0:{noted}")
    assert field.value == "Horario en la web", "a note being written stays open across a change of language"
    assert at.subheader[0].value == BANK.dimensions["help_orientation"].name("it")

    click(at, t("survey.prev", "it"))
    again = {r.key.split(":")[-1]: r.value for r in answer_radios(at)}
    assert again == first_section, "answers survive moving between sections"
    progress = at.get("progress")[0]
    answered = len(first_section) + len(BANK.questions_by_dimension["help_orientation"])
    assert f"{answered} " in progress.proto.text


def test_results_before_answering_sends_back() -> None:
    at = AppTest.from_string(
        "from assessment.ui import state\n"
        "from assessment.ui.pages import results\n"
        "state.init()\n"
        "results.show()"
    )
    at.context["locale"] = "es-ES"
    at.run()
    assert not at.exception
    assert any(t("results.need_answers", "es") in i.value for i in at.info)


def test_start_requires_a_name() -> None:
    at = new_app("it-IT")
    at.run()
    at.button[0].click().run()
    assert any(t("start.name_missing", "it") in e.value for e in at.error)
    assert at.text_input[0].value == ""


def test_perfect_score_gets_keep_doing(recorded_files) -> None:
    at = new_app("en-GB")
    at.run()
    start(at, "Perfect Library", org_type="library")
    answer_every_section(at, "en", lambda q: 4)
    assert {m.value for m in cards(at).values()} == {"100.0"}
    open_tab(at, "plan")
    assert any(t("results.perfect", "en") in s.value for s in at.success)
    recs = download_bytes(at, "dl_recs", recorded_files).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(recs)))
    assert {r["phase"] for r in rows} == {"keep"}
    assert len(rows) == len(BANK.dimensions)


def test_back_to_the_survey_keeps_answers() -> None:
    at = new_app("es-ES")
    at.run()
    start(at, "Biblioteca de Getafe", org_type="library")
    answer_every_section(at, "es", lambda q: 2)
    assert any(m.label == t("results.overall", "es") for m in at.metric), "on the results page"
    at.button(key="back_to_survey").click().run()
    assert not at.exception
    assert not any(m.label == t("results.overall", "es") for m in at.metric), "left the results page"
    radios = answer_radios(at)
    assert radios, "the survey is drawn again"
    assert {r.value for r in radios} == {2}, "with the answers given"
