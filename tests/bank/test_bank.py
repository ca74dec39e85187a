"""The bank loader and validator: a valid bank loads; every broken rule is reported with file, item and field.

Each test breaks one thing in a fresh copy of the valid YAML bank of helpers.py (written to tmp/questions, so
file names read `questions/...`) and checks the exact message a bank author would read.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from assessment.bank import Bank, BankError, load_bank
from assessment.bank.model import DIMENSION_IDS
from tests.helpers import REAL_BANK_DIR, bank_problems, find, write_bank

CR_Q = "questions/questions/crisis_readiness.yaml"
SF_Q = "questions/questions/strategic_focus.yaml"
SF_R = "questions/recommendations/strategic_focus.yaml"


def problems_after(tmp_path: Path, files: dict[str, Any]) -> list[str]:
    return bank_problems(write_bank(tmp_path / "questions", files))


def test_the_valid_fixture_bank_loads(bank_dir: Path) -> None:
    bank = load_bank(bank_dir)
    assert bank.version == "2026.test.1"
    assert list(bank.dimensions) == list(DIMENSION_IDS)
    assert len(bank.questions) == 35
    assert len(bank.recommendations) == 25
    assert len(bank.principles) == 25
    assert [lv.min_score for lv in bank.levels] == [0, 20, 40, 60, 80]
    assert {d: len(qs) for d, qs in bank.questions_by_dimension.items()} == dict.fromkeys(DIMENSION_IDS, 7)
    q = bank.questions["cr_q5"]
    assert (q.weight, q.allow_na, q.applies_to) == (2, False, None)
    assert bank.questions["cr_q7"].allow_na is True
    assert bank.questions["cr_q6"].applies_to == ["library", "town_hall"]
    assert bank.recommendations["rec_cr_r3"].depends_on == ["rec_cr_r2"]
    assert bank.questions["cr_q1"].text("it") == "Come si fa cr_q1? (italiano, città)"


# ---------------------------------------------------------------------------------------------- file level
def test_invalid_yaml_names_the_file_and_the_line(bank_dir: Path) -> None:
    (bank_dir / "questions" / "crisis_readiness.yaml").write_text(
        "- id: cr_q1\n  dimension: crisis_readiness\n  source: a: b\n", encoding="utf-8"
    )
    problems = bank_problems(bank_dir)
    yaml_problems = [p for p in problems if p.startswith(f"{CR_Q}: is not valid YAML")]
    assert len(yaml_problems) == 1
    assert "line 3, column 12" in yaml_problems[0]


def test_a_file_that_is_not_utf8_is_reported(bank_dir: Path) -> None:
    (bank_dir / "questions" / "crisis_readiness.yaml").write_bytes(b"- id: cr_q1\n  text: caf\xe9\n")
    problems = bank_problems(bank_dir)
    assert f"{CR_Q}: is not UTF-8 text (invalid continuation byte at byte 23)" in problems


def test_a_missing_file_is_reported(bank_dir: Path) -> None:
    (bank_dir / "levels.yaml").unlink()
    assert "questions/levels.yaml: file is missing" in bank_problems(bank_dir)


def test_an_empty_file_is_reported_not_taken_as_no_levels(bank_dir: Path) -> None:
    (bank_dir / "levels.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert bank_problems(bank_dir) == ["questions/levels.yaml: file is empty"]


def test_a_bank_without_recommendations_is_not_valid(bank_dir: Path) -> None:
    for path in (bank_dir / "recommendations").glob("*.yaml"):
        path.unlink()
    assert "questions/recommendations: no recommendation files (*.yaml) found" in bank_problems(bank_dir)


# ------------------------------------------------------------------------------------------- item fields
def test_unknown_field(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["questions/crisis_readiness.yaml"], "cr_q2")["wieght"] = 2
    assert f"{CR_Q}: cr_q2: wieght: unknown field (misspelt?)" in problems_after(tmp_path, bank_files)


def test_unknown_field_inside_a_text(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["dimensions.yaml"], "help_orientation")["name"]["fr"] = "Orientation"
    assert (
        "questions/dimensions.yaml: help_orientation: name.fr: unknown field (misspelt?)"
        in problems_after(tmp_path, bank_files)
    )


def test_missing_italian_text(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    del find(bank_files["questions/crisis_readiness.yaml"], "cr_q3")["options"][2]["text"]["it"]
    # The example of docs/bank-format.md, word for word.
    assert f"{CR_Q}: cr_q3: options[2].text.it: missing Italian text" in problems_after(tmp_path, bank_files)


def test_italian_key_without_a_value_is_missing_text(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["questions/crisis_readiness.yaml"], "cr_q3")["help"]["it"] = None
    assert f"{CR_Q}: cr_q3: help.it: missing Italian text" in problems_after(tmp_path, bank_files)


def test_empty_spanish_text(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["recommendations/help_orientation.yaml"], "rec_ho_r2")["title"]["es"] = "   "
    expected = "questions/recommendations/help_orientation.yaml: rec_ho_r2: title.es: empty Spanish text"
    assert expected in problems_after(tmp_path, bank_files)


def test_missing_english_text_in_a_level(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    del find(bank_files["levels.yaml"], "planned")["description"]["en"]
    # The broken level is left out, but the level count is not reported on top: that would send the
    # author after a second problem that is the first one.
    assert problems_after(tmp_path, bank_files) == [
        "questions/levels.yaml: planned: description.en: missing English text",
    ]


def test_a_broken_question_is_reported_once_not_again_where_it_is_cited(
    tmp_path: Path, bank_files: dict[str, Any]
) -> None:
    # sf_q1 is cited by rec_sf_r1 and counts towards the seven questions strategic focus needs.
    find(bank_files["questions/strategic_focus.yaml"], "sf_q1")["text"]["es"] = "  "
    assert problems_after(tmp_path, bank_files) == [f"{SF_Q}: sf_q1: text.es: empty Spanish text"]


@pytest.mark.parametrize(
    ("scores", "field", "message"),
    [
        (
            [0, 2, 1, 3, 4],
            "options",
            "must be exactly five options with scores 0, 1, 2, 3, 4 in order (found [0, 2, 1, 3, 4])",
        ),
        (
            [0, 1, 2, 3],
            "options",
            "must be exactly five options with scores 0, 1, 2, 3, 4 in order (found [0, 1, 2, 3])",
        ),
        ([0, 1, 2, 3, 5], "options[4].score", "Input should be less than or equal to 4"),
    ],
    ids=["out-of-order", "four-options", "score-5"],
)
def test_options_must_be_scores_0_to_4(
    tmp_path: Path, bank_files: dict[str, Any], scores: list[int], field: str, message: str
) -> None:
    q = find(bank_files["questions/crisis_readiness.yaml"], "cr_q4")
    q["options"] = [{"score": s, "text": {"en": "a", "es": "b", "it": "c"}} for s in scores]
    assert f"{CR_Q}: cr_q4: {field}: {message}" in problems_after(tmp_path, bank_files)


# -------------------------------------------------------------------------------------------- identities
def test_duplicate_question_id_across_files(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["questions/help_orientation.yaml"], "ho_q7")["id"] = "sf_q1"
    # Files are read in name order: help_orientation.yaml comes before strategic_focus.yaml.
    expected = f"{SF_Q}: sf_q1: id: duplicate question id (also in questions/questions/help_orientation.yaml)"
    assert expected in problems_after(tmp_path, bank_files)


def test_duplicate_recommendation_id(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["recommendations/platform_independence.yaml"], "rec_pi_r4")["id"] = "rec_pi_r1"
    file = "questions/recommendations/platform_independence.yaml"
    assert f"{file}: rec_pi_r1: id: duplicate recommendation id (also in {file})" in problems_after(
        tmp_path, bank_files
    )


# ------------------------------------------------------------------------------------------- references
def test_unknown_principle_in_a_question(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["questions/strategic_focus.yaml"], "sf_q2")["principles"] = ["P02", "P26"]
    assert problems_after(tmp_path, bank_files) == [f"{SF_Q}: sf_q2: principles[1]: unknown principle P26"]


def test_unknown_principle_in_a_recommendation(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["recommendations/strategic_focus.yaml"], "rec_sf_r2")["principles"].append("P99")
    assert problems_after(tmp_path, bank_files) == [
        f"{SF_R}: rec_sf_r2: principles[1]: unknown principle P99"
    ]


def test_unknown_principle_in_principles_yaml(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    bank_files["principles.yaml"].append(
        {"id": "P26", "source": "x.txt", "title": {"en": "a", "es": "b", "it": "c"}}
    )
    assert "questions/principles.yaml: P26: id: unknown principle (expected P01…P25)" in problems_after(
        tmp_path, bank_files
    )


def test_unknown_dimension_of_a_question(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["questions/strategic_focus.yaml"], "sf_q3")["dimension"] = "strategic_fokus"
    assert f"{SF_Q}: sf_q3: dimension: unknown dimension 'strategic_fokus'" in problems_after(
        tmp_path, bank_files
    )


def test_unknown_dimension_of_a_recommendation(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["recommendations/strategic_focus.yaml"], "rec_sf_r4")["dimension"] = "marketing"
    assert problems_after(tmp_path, bank_files) == [
        f"{SF_R}: rec_sf_r4: dimension: unknown dimension 'marketing'"
    ]


def test_unknown_dimension_in_dimensions_yaml(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["dimensions.yaml"], "crisis_readiness")["id"] = "crisis_management"
    problems = problems_after(tmp_path, bank_files)
    assert "questions/dimensions.yaml: crisis_readiness: dimension is missing" in problems
    assert any(
        p.startswith("questions/dimensions.yaml: crisis_management: id: unknown dimension") for p in problems
    )


def test_question_in_the_wrong_dimension_file(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["questions/strategic_focus.yaml"], "sf_q4")["dimension"] = "help_orientation"
    expected = f"{SF_Q}: sf_q4: dimension: 'help_orientation' question in the file of strategic_focus"
    assert expected in problems_after(tmp_path, bank_files)


def test_unknown_applies_to_type(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["questions/strategic_focus.yaml"], "sf_q6")["applies_to"] = ["library", "castle"]
    assert problems_after(tmp_path, bank_files) == [
        f"{SF_Q}: sf_q6: applies_to[1]: unknown organization type 'castle'"
    ]


def test_when_questions_unknown(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["recommendations/crisis_readiness.yaml"], "rec_cr_r1")["when"]["questions"] = ["cr_q99"]
    assert problems_after(tmp_path, bank_files) == [
        "questions/recommendations/crisis_readiness.yaml: rec_cr_r1: when.questions[0]: "
        "unknown question 'cr_q99'"
    ]


def test_when_needs_questions_or_a_level(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["recommendations/crisis_readiness.yaml"], "rec_cr_r4")["when"] = {"below": 2}
    assert (
        "questions/recommendations/crisis_readiness.yaml: rec_cr_r4: when: needs `questions` or `level_below`"
        in problems_after(tmp_path, bank_files)
    )


def test_depends_on_unknown(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["recommendations/crisis_readiness.yaml"], "rec_cr_r2")["depends_on"] = ["rec_cr_nope"]
    assert problems_after(tmp_path, bank_files) == [
        "questions/recommendations/crisis_readiness.yaml: rec_cr_r2: depends_on[0]: "
        "unknown recommendation 'rec_cr_nope'"
    ]


def test_self_dependency_is_reported_once(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["recommendations/community_stewardship.yaml"], "rec_cs_r4")["depends_on"] = ["rec_cs_r4"]
    assert problems_after(tmp_path, bank_files) == [
        "questions/recommendations/community_stewardship.yaml: rec_cs_r4: depends_on[0]: "
        "a recommendation cannot depend on itself"
    ]


def test_dependency_cycle_of_three(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    # r2 already depends on r1 and r3 on r2; r1 → r3 closes the loop.
    find(bank_files["recommendations/strategic_focus.yaml"], "rec_sf_r1")["depends_on"] = ["rec_sf_r3"]
    assert problems_after(tmp_path, bank_files) == [
        f"{SF_R}: rec_sf_r1: depends_on: dependency cycle: rec_sf_r1 → rec_sf_r3 → rec_sf_r2 → rec_sf_r1"
    ]


# ------------------------------------------------------------------------------ a dimension's own levels
DIMS = "questions/dimensions.yaml"


def test_dimension_levels_load(bank_dir: Path) -> None:
    dim = load_bank(bank_dir).dimensions["crisis_readiness"]
    assert [lv.level for lv in dim.levels] == [1, 2, 3, 4, 5]
    assert dim.level(2).summary("es") == "crisis_readiness 2 (español, año)"
    assert dim.level(5).description("it") == "What level 5 of crisis_readiness is (italiano, città)"


def test_a_dimension_without_levels(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    del find(bank_files["dimensions.yaml"], "crisis_readiness")["levels"]
    problems = problems_after(tmp_path, bank_files)
    assert f"{DIMS}: crisis_readiness: levels: required field is missing" in problems


@pytest.mark.parametrize(
    ("numbers", "found"),
    [
        ([1, 2, 3, 4], "[1, 2, 3, 4]"),
        ([1, 2, 4, 3, 5], "[1, 2, 4, 3, 5]"),
        ([1, 2, 3, 4, 5, 5], "[1, 2, 3, 4, 5, 5]"),
    ],
    ids=["four", "out-of-order", "six"],
)
def test_dimension_levels_must_be_one_to_five(
    tmp_path: Path, bank_files: dict[str, Any], numbers: list[int], found: str
) -> None:
    dim = find(bank_files["dimensions.yaml"], "help_orientation")
    # A copy each: shared objects would be written as YAML aliases, which a bank refuses.
    dim["levels"] = [copy.deepcopy({**dim["levels"][0], "level": n}) for n in numbers]
    message = f"must be exactly five levels 1, 2, 3, 4, 5 in order (found {found})"
    assert f"{DIMS}: help_orientation: levels: {message}" in problems_after(tmp_path, bank_files)


def test_a_dimension_level_without_its_italian_summary(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    del find(bank_files["dimensions.yaml"], "strategic_focus")["levels"][2]["summary"]["it"]
    assert f"{DIMS}: strategic_focus: levels[2].summary.it: missing Italian text" in problems_after(
        tmp_path, bank_files
    )


# ---------------------------------------------------------------------------- beyond the sources, moves
def test_a_question_beyond_the_sources_needs_no_principle_nor_source(
    tmp_path: Path, bank_files: dict[str, Any]
) -> None:
    # cr_q3 cites P06, which sf_q6 cites too: leaving it out uncovers no principle.
    q = find(bank_files["questions/crisis_readiness.yaml"], "cr_q3")
    q["principles"] = []
    del q["source"]
    assert problems_after(tmp_path, bank_files) == [
        f"{CR_Q}: cr_q3: principles: needs at least one principle (or `beyond_sources: true`)",
        f"{CR_Q}: cr_q3: source: needs the seed file it traces to (or `beyond_sources: true`)",
    ]
    q["beyond_sources"] = True
    root = tmp_path / "labelled"
    bank = load_bank(write_bank(root / "questions", bank_files))
    assert bank.questions["cr_q3"].beyond_sources is True
    assert (bank.questions["cr_q3"].principles, bank.questions["cr_q3"].source) == ([], None)
    assert bank.questions["cr_q2"].beyond_sources is False


def test_moves_load(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["recommendations/crisis_readiness.yaml"], "rec_cr_r2")["moves"] = {"cr_q2": 3, "cr_q6": 1}
    bank = load_bank(write_bank(tmp_path / "questions", bank_files))
    assert bank.recommendations["rec_cr_r2"].moves == {"cr_q2": 3, "cr_q6": 1}


CR_R = "questions/recommendations/crisis_readiness.yaml"
BELOW = "once done, the recommendation would still apply"


@pytest.mark.parametrize(
    ("moves", "below", "expected"),
    [
        ({"cr_q99": 3}, None, f"{CR_R}: rec_cr_r2: moves.cr_q99: unknown question 'cr_q99'"),
        ({"cr_q2": 5}, None, f"{CR_R}: rec_cr_r2: moves.cr_q2: Input should be less than or equal to 4"),
        ({"cr_q2": -1}, None, f"{CR_R}: rec_cr_r2: moves.cr_q2: Input should be greater than or equal to 0"),
        (
            {"cr_q2": 2},
            None,
            f"{CR_R}: rec_cr_r2: moves.cr_q2: step 2 is below `when.below` (3): {BELOW}",
        ),
        (
            {"cr_q2": 3},
            4,
            f"{CR_R}: rec_cr_r2: moves.cr_q2: step 3 is below `when.below` (4): {BELOW}",
        ),
    ],
    ids=["unknown-question", "step-5", "step-minus-1", "below-default-3", "below-4"],
)
def test_moves_are_checked(
    tmp_path: Path, bank_files: dict[str, Any], moves: dict[str, int], below: int | None, expected: str
) -> None:
    rec = find(bank_files["recommendations/crisis_readiness.yaml"], "rec_cr_r2")  # when: questions [cr_q2]
    rec["moves"] = moves
    if below is not None:
        rec["when"]["below"] = below
    # A step out of 0–4 drops the recommendation, which is reported once: not again where rec_cr_r3
    # depends on it, nor as principle P22 left uncited.
    assert problems_after(tmp_path, bank_files) == [expected]


def test_moves_below_the_mark_are_fine_for_a_question_outside_when(
    tmp_path: Path, bank_files: dict[str, Any]
) -> None:
    # A side effect on another question: the recommendation does not wait for it, so any step will do.
    find(bank_files["recommendations/crisis_readiness.yaml"], "rec_cr_r2")["moves"] = {"cr_q2": 3, "cr_q5": 1}
    assert problems_after(tmp_path, bank_files) == []


def test_moves_are_loaded(bank_dir: Path) -> None:
    assert load_bank(bank_dir).recommendations["rec_cr_r4"].moves == {"cr_q4": 3}


def test_a_recommendation_must_say_what_it_moves(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    del find(bank_files["recommendations/crisis_readiness.yaml"], "rec_cr_r4")["moves"]
    assert f"{CR_R}: rec_cr_r4: moves: required field is missing" in problems_after(tmp_path, bank_files)


# --------------------------------------------------------------------------------------- levels, coverage
def test_levels_must_increase(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["levels.yaml"], "planned")["min_score"] = 20
    assert problems_after(tmp_path, bank_files) == [
        "questions/levels.yaml: planned: min_score: must be above broadcasting's 20"
    ]


def test_first_level_starts_at_zero(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["levels.yaml"], "experimenting")["min_score"] = 5
    assert problems_after(tmp_path, bank_files) == [
        "questions/levels.yaml: experimenting: min_score: the first level must start at 0"
    ]


def test_fewer_than_six_questions_in_a_dimension(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    # pi_q7 cites P03 (sf_q3 does too) and pi_q6 cites P02 (so does sf_q2); no recommendation refers to
    # either: only the count breaks.
    questions = bank_files["questions/platform_independence.yaml"]
    questions.remove(find(questions, "pi_q7"))
    assert problems_after(tmp_path, bank_files) == []  # six is enough
    questions.remove(find(questions, "pi_q6"))
    assert problems_after(tmp_path, bank_files) == [
        "questions/dimensions.yaml: platform_independence: has 5 questions; at least 6 needed"
    ]


def test_principle_cited_by_no_question(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["questions/community_stewardship.yaml"], "cs_q1")["principles"] = ["P01"]  # was P15
    assert problems_after(tmp_path, bank_files) == [
        "questions/principles.yaml: P15: no question cites this principle"
    ]


def test_principle_cited_by_no_recommendation(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["recommendations/community_stewardship.yaml"], "rec_cs_r5")["principles"] = [
        "P11"
    ]  # was P15
    assert problems_after(tmp_path, bank_files) == [
        "questions/principles.yaml: P15: no recommendation cites this principle"
    ]


@pytest.mark.parametrize("languages", [["en", "es"], ["en", "es", "it", "it"], []])
def test_bank_yaml_languages_incomplete(
    tmp_path: Path, bank_files: dict[str, Any], languages: list[str]
) -> None:
    bank_files["bank.yaml"]["languages"] = languages
    assert problems_after(tmp_path, bank_files) == [
        "questions/bank.yaml: languages: must list exactly en, es, it"
    ]


def test_several_errors_are_all_reported(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    del find(bank_files["questions/crisis_readiness.yaml"], "cr_q3")["options"][2]["text"]["it"]
    find(bank_files["recommendations/crisis_readiness.yaml"], "rec_cr_r2")["depends_on"] = ["rec_cr_nope"]
    find(bank_files["levels.yaml"], "planned")["min_score"] = 20
    bank_files["bank.yaml"]["languages"] = ["en"]
    find(bank_files["questions/strategic_focus.yaml"], "sf_q6")["principles"] = ["P31"]
    root = write_bank(tmp_path / "questions", bank_files)
    with pytest.raises(BankError) as caught:
        load_bank(root)
    problems = [str(p) for p in caught.value.problems]
    expected = [
        "questions/bank.yaml: languages: must list exactly en, es, it",
        "questions/levels.yaml: planned: min_score: must be above broadcasting's 20",
        f"{CR_Q}: cr_q3: options[2].text.it: missing Italian text",
        f"{SF_Q}: sf_q6: principles[0]: unknown principle P31",
        "questions/recommendations/crisis_readiness.yaml: rec_cr_r2: depends_on[0]: "
        "unknown recommendation 'rec_cr_nope'",
    ]
    for line in expected:
        assert line in problems
    assert str(caught.value).startswith(f"{len(problems)} problem(s) in the question bank:")
    for line in expected:
        assert line in str(caught.value)


def test_a_folder_that_is_not_there(tmp_path: Path) -> None:
    problems = bank_problems(tmp_path / "nowhere")
    assert len(problems) == 1
    assert problems[0].endswith("nowhere: is not a folder holding a question bank")


# ------------------------------------------------------------------------------------------ the real bank
@pytest.mark.real_bank
def test_real_bank_validates() -> None:
    """The bank in questions/ is written by others; this test names every problem left in it."""
    problems = bank_problems(REAL_BANK_DIR)
    if problems:
        pytest.fail(
            f"the real bank in questions/ does not validate ({len(problems)} problem(s)):\n  "
            + "\n  ".join(problems),
            pytrace=False,
        )
    bank = load_bank(REAL_BANK_DIR)
    assert list(bank.dimensions) == list(DIMENSION_IDS)
    assert all(len(qs) >= 6 for qs in bank.questions_by_dimension.values())


@pytest.mark.real_bank
@pytest.mark.parametrize(("lang", "ending"), [("es", "r"), ("it", "re")])
def test_plan_titles_read_in_one_voice(real_bank: Bank, lang: str, ending: str) -> None:
    # A plan is a list of things to do: every title starts with an infinitive ("Redactar…", "Scrivere…"),
    # not some with an infinitive and others with a second-person command ("Haced…", "Fate…").
    odd = {
        r.id: r.title(lang)
        for r in real_bank.recommendations.values()
        if not r.title(lang).split()[0].lower().endswith(ending)
    }
    assert not odd, f"titles in {lang} that do not start with an infinitive: {odd}"
