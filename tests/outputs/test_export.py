"""The CSV files people download: BOM, RFC 4180 quoting, exact headers, formula escaping, real numbers."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from assessment.bank import Bank
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.outputs.export import BOM, Scored, escape_cell, recommendations_csv, scores_csv, to_csv
from assessment.records import PlanStatus
from tests.helpers import all_answers, steps

HYPERLINK = '=HYPERLINK("http://x","y")'
WORKED = {
    **steps("sf", [4, 4, 4, 4, 1]),
    **steps("ho", [4, 4, 2, 1, 0]),
    **steps("cs", [4, 4, 2, 1, 1]),
    **steps("pi", [4, 4, 4, 4, 2]),
    **steps("cr", [3, 2, "dk", 1, 4, "na", 0, 2]),
}


def scored(
    bank: Bank, organization: str, unit: str, answers: dict[str, Any], org_type: str | None = None
) -> Scored:
    result = score(bank, answers, org_type)
    return Scored(organization, unit, result, recommend(bank, result), org_type)


def rows_of(text: str) -> list[list[str]]:
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :], newline="")))


def frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(text.encode("utf-8")), encoding="utf-8-sig", keep_default_na=True)


def test_bom_first_and_exactly_once(bank: Bank) -> None:
    text = scores_csv(bank, [scored(bank, "Org", "", WORKED)], "en")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbforganization,")
    assert text.count(BOM) == 1
    recs = recommendations_csv(bank, [scored(bank, "Org", "", WORKED)], "en")
    assert recs.encode("utf-8").startswith(b"\xef\xbb\xbforganization,unit,rank,")
    assert recs.count(BOM) == 1


def test_scores_header_is_exact(bank: Bank) -> None:
    header = rows_of(scores_csv(bank, [], "en"))[0]
    per_dim = [
        f"{d}_{part}"
        for d in (
            "strategic_focus",
            "help_orientation",
            "community_stewardship",
            "platform_independence",
            "crisis_readiness",
        )
        for part in ("score", "level", "level_name", "answered", "unknown", "provisional")
    ]
    assert header == [
        "organization",
        "unit",
        "organization_type",
        "overall_score",
        "overall_level",
        "overall_level_name",
        "provisional",
        *per_dim,
        "bank_version",
    ]


def test_recommendations_header_is_exact(bank: Bank) -> None:
    assert rows_of(recommendations_csv(bank, [], "en")) == [
        [
            "organization",
            "unit",
            "rank",
            "recommendation_id",
            "dimension",
            "title",
            "action",
            "why",
            "principles",
            "effort",
            "impact",
            "phase",
            "quick_win",
            "depends_on",
            "priority",
            "owner",
            "due_date",
            "status",
        ]
    ]


def test_rfc4180_quoting_of_commas_quotes_and_newlines() -> None:
    tricky = 'Smith, "Jones"\nand Co'
    text = to_csv(["organization", "unit", "n"], [[tricky, "a;b", 3], ["plain", "line\r\nbreak", 4]])
    assert '"Smith, ""Jones""\nand Co",a;b,3\r\n' in text
    assert text.startswith(BOM + "organization,unit,n\r\n")
    assert rows_of(text) == [
        ["organization", "unit", "n"],
        [tricky, "a;b", "3"],
        ["plain", "line\r\nbreak", "4"],
    ]


def test_rfc4180_quoting_in_both_exports(bank: Bank) -> None:
    tricky = 'Smith, "Jones"\nand Co'
    entries = [scored(bank, tricky, "a,b", WORKED), scored(bank, "Next", "", WORKED)]
    for text in (scores_csv(bank, entries, "en"), recommendations_csv(bank, entries, "en")):
        assert '\r\n"Smith, ""Jones""\nand Co","a,b",' in text
        rows = rows_of(text)
        assert len({len(row) for row in rows}) == 1  # every row as wide as the header
        assert rows[1][:2] == [tricky, "a,b"]
        assert rows[-1][:2] == ["Next", ""]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_are_escaped(start: str) -> None:
    cell = f"{start}1+2"
    text = to_csv(["text", "number"], [[cell, -7]])
    assert rows_of(text)[1] == [f"'{cell}", "-7"]


def test_escape_cell() -> None:
    assert escape_cell("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert escape_cell("-5") == "'-5"  # a text that looks like a number is still text
    assert escape_cell(-5) == -5
    assert escape_cell(-2.5) == -2.5
    assert escape_cell("a=b") == "a=b"
    assert escape_cell("") == ""
    assert escape_cell(None) == ""
    assert escape_cell(True) == "yes"
    assert escape_cell(False) == "no"


def test_an_organization_that_is_a_formula_is_escaped_everywhere(bank: Bank) -> None:
    entries = [scored(bank, HYPERLINK, "@unit", WORKED, "town_hall")]
    score_rows = rows_of(scores_csv(bank, entries, "en"))
    assert score_rows[1][:3] == ["'" + HYPERLINK, "'@unit", "town_hall"]
    rec_rows = rows_of(recommendations_csv(bank, entries, "en"))
    assert len(rec_rows) > 1
    assert all(row[:2] == ["'" + HYPERLINK, "'@unit"] for row in rec_rows[1:])


def test_numbers_stay_numbers(bank: Bank) -> None:
    entries = [
        scored(bank, "Town", "", WORKED, "town_hall"),
        scored(bank, "Half done", "", steps("cr", [0] * 8)),  # four dimensions not assessed
    ]
    text = scores_csv(bank, entries, "en")
    # Each dimension's level in its own words: strategic focus at 85.0 is level 5, "strategic_focus 5".
    assert (
        "\r\nTown,,town_hall,70.1,4,Level conversational,false,85.0,5,strategic_focus 5,1.0,0,false,"
        "72.5,4,help_orientation 4,1.0,0,false," in text
    )
    df = frame(text)
    numeric = ["overall_score", "overall_level"] + [
        f"{d}_{part}" for d in bank.dimensions for part in ("score", "level", "answered", "unknown")
    ]
    for column in numeric:
        assert pd.api.types.is_numeric_dtype(df[column]), column
    assert df.loc[0, "overall_score"] == 70.1
    assert df.loc[0, "crisis_readiness_score"] == 42.9
    assert df.loc[0, "crisis_readiness_unknown"] == 1
    assert df.loc[1, "crisis_readiness_score"] == 0.0
    assert df["overall_score"].isna().loc[1]
    assert df["strategic_focus_score"].isna().loc[1]

    recs = frame(recommendations_csv(bank, entries, "en"))
    for column in ("rank", "impact", "priority"):
        assert pd.api.types.is_numeric_dtype(recs[column]), column
    first = recs[recs["organization"] == "Town"].iloc[0]
    # Town's plan: only drills (cr_q2 = 2: 0.5 × 3 / 2 = 0.75); cr_q1 = 3 is not below 3.
    assert (first["rank"], first["recommendation_id"], first["priority"]) == (1, "rec_cr_drills", 0.75)
    assert first["quick_win"] == "no"
    assert list(recs[recs["organization"] == "Town"]["recommendation_id"]) == [
        "rec_cr_drills",
        "keep_strategic_focus",
        "keep_help_orientation",
        "keep_community_stewardship",
        "keep_platform_independence",
    ]


def test_each_dimension_level_is_named_by_its_dimension_in_the_export_language(bank: Bank) -> None:
    # The worked example (docs/scoring.md): levels 5, 4, 4, 5 and crisis readiness 42.9 → level 3; the
    # other organization answers crisis readiness only, so the other four are not assessed.
    entries = [
        scored(bank, "Town", "", WORKED, "town_hall"),
        scored(bank, "Half done", "", steps("cr", [0] * 8)),
    ]
    df = frame(scores_csv(bank, entries, "es"))
    assert list(df.loc[0, [f"{d}_level_name" for d in bank.dimensions]]) == [
        "strategic_focus 5 (español, año)",
        "help_orientation 4 (español, año)",
        "community_stewardship 4 (español, año)",
        "platform_independence 5 (español, año)",
        "crisis_readiness 3 (español, año)",
    ]
    assert df.loc[0, "overall_level_name"] == "Level conversational (español, año)", (
        "the narrative name stays"
    )
    assert df.loc[1, "crisis_readiness_level_name"] == "crisis_readiness 1 (español, año)"  # 0 / 32 → level 1
    assert df["strategic_focus_level_name"].isna().loc[1], "not assessed: no level, no name"


def test_a_dimension_level_name_that_looks_like_a_formula_is_escaped(bank: Bank) -> None:
    cr = bank.dimensions["crisis_readiness"]
    third = cr.levels[2]
    evil_third = third.model_copy(update={"summary": third.summary.model_copy(update={"en": "=1+1"})})
    evil = dataclasses.replace(
        bank,
        dimensions={
            **bank.dimensions,
            "crisis_readiness": cr.model_copy(
                update={"levels": [*cr.levels[:2], evil_third, *cr.levels[3:]]}
            ),
        },
    )
    rows = rows_of(scores_csv(evil, [scored(evil, "Town", "", WORKED, "town_hall")], "en"))
    assert rows[1][rows[0].index("crisis_readiness_level_name")] == "'=1+1"


def test_a_perfect_score_yields_keep_rows(bank: Bank) -> None:
    text = recommendations_csv(bank, [scored(bank, "Best", "HQ", all_answers(bank, 4))], "es")
    rows = rows_of(text)[1:]
    assert [row[3] for row in rows] == [
        "keep_strategic_focus",
        "keep_help_orientation",
        "keep_community_stewardship",
        "keep_platform_independence",
        "keep_crisis_readiness",
    ]
    assert [row[2] for row in rows] == ["1", "2", "3", "4", "5"]
    assert {row[11] for row in rows} == {"keep"}
    assert rows[0][:7] == [
        "Best",
        "HQ",
        "1",
        "keep_strategic_focus",
        "strategic_focus",
        "Dimension strategic_focus (español, año)",
        "Keep doing strategic_focus (español, año)",
    ]


def test_keep_rows_follow_the_plan(bank: Bank) -> None:
    answers = {**all_answers(bank, 4), "cr_q1": 1, "cr_q2": "dk"}
    rows = rows_of(recommendations_csv(bank, [scored(bank, "Org", "", answers)], "en"))[1:]
    assert [(row[2], row[3], row[11]) for row in rows] == [
        ("1", "rec_cr_audit", "now"),
        ("2", "rec_cr_drills", "now"),
        ("3", "keep_strategic_focus", "keep"),
        ("4", "keep_help_orientation", "keep"),
        ("5", "keep_community_stewardship", "keep"),
        ("6", "keep_platform_independence", "keep"),
    ]
    assert rows[1][13] == "rec_cr_audit"  # depends_on


def test_owner_due_date_and_status_follow_the_documented_columns(bank: Bank) -> None:
    answers = {**all_answers(bank, 4), "cr_q1": 1, "cr_q2": "dk"}
    entry = dataclasses.replace(
        scored(bank, "Org", "", answers),
        statuses={
            "rec_cr_drills": PlanStatus("Ana Núñez", date(2026, 5, 4), "doing", "the note is not in the CSV"),
            "rec_cr_audit": PlanStatus(HYPERLINK, None, "done"),
        },
    )
    rows = rows_of(recommendations_csv(bank, [entry], "en"))
    assert all(len(row) == len(rows[0]) == 18 for row in rows)
    assert [row[15:] for row in rows[1:4]] == [
        ["'" + HYPERLINK, "", "done"],
        ["Ana Núñez", "2026-05-04", "doing"],
        ["", "", ""],  # a keep row: nothing to own
    ]
    # Without statuses an item is still to do.
    plain = rows_of(recommendations_csv(bank, [scored(bank, "Org", "", answers)], "en"))
    assert [row[15:] for row in plain[1:3]] == [["", "", "todo"], ["", "", "todo"]]


def test_accents_survive_a_round_trip(bank: Bank, tmp_path: Path) -> None:
    entries = [scored(bank, "Ayuntamiento de Añón", "Biblioteca è", WORKED)]
    for name, text in (
        ("scores.csv", scores_csv(bank, entries, "it")),
        ("recommendations.csv", recommendations_csv(bank, entries, "es")),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8", newline="")
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0][0] == "organization"
        assert rows[1][:2] == ["Ayuntamiento de Añón", "Biblioteca è"]
    recs = pd.read_csv(tmp_path / "recommendations.csv", encoding="utf-8-sig")
    assert recs.loc[0, "title"] == "Title rec_cr_drills (español, año)"
    assert recs.loc[0, "organization"] == "Ayuntamiento de Añón"
    scores = pd.read_csv(tmp_path / "scores.csv", encoding="utf-8-sig")
    assert scores.loc[0, "overall_level_name"] == "Level conversational (italiano, città)"


def test_bank_texts_that_look_like_formulas_are_escaped(bank: Bank) -> None:
    audit = bank.recommendations["rec_cr_audit"]
    evil_audit = audit.model_copy(
        update={
            "title": audit.title.model_copy(update={"en": "=cmd|' /C calc'!A0"}),
            "action": audit.action.model_copy(update={"en": "-2+3"}),
            "why": audit.why.model_copy(update={"en": "@SUM(1)"}),
        }
    )
    pi = bank.dimensions["platform_independence"]
    evil_pi = pi.model_copy(update={"keep_doing": pi.keep_doing.model_copy(update={"en": "+keep"})})
    evil = dataclasses.replace(
        bank,
        recommendations={**bank.recommendations, "rec_cr_audit": evil_audit},
        dimensions={**bank.dimensions, "platform_independence": evil_pi},
    )
    answers = {**all_answers(evil, 4), "cr_q1": 0}
    rows = rows_of(recommendations_csv(evil, [scored(evil, "Org", "", answers)], "en"))
    audit_row = next(r for r in rows if r[3] == "rec_cr_audit")
    assert audit_row[5:8] == ["'=cmd|' /C calc'!A0", "'-2+3", "'@SUM(1)"]
    keep_row = next(r for r in rows if r[3] == "keep_platform_independence")
    assert keep_row[6] == "'+keep"


@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n"])
def test_a_line_break_alone_is_quoted_in_every_export(bank: Bank, brk: str) -> None:
    # Issue 11, item 2: recommendations.csv wrote "Acme\nLibrary" unquoted, and its second half read as
    # another organization. No comma or quote here, so only the line break can make the writer quote it.
    name, unit = f"Acme{brk}Library", f"Unit{brk}two"
    audit = bank.recommendations["rec_cr_audit"]
    broken = audit.model_copy(update={"title": audit.title.model_copy(update={"en": f"Audit{brk}now"})})
    with_break = dataclasses.replace(bank, recommendations={**bank.recommendations, "rec_cr_audit": broken})
    entries = [scored(with_break, name, unit, steps("cr", [0] * 8))]
    for text in (scores_csv(with_break, entries, "en"), recommendations_csv(with_break, entries, "en")):
        rows = rows_of(text)
        assert len(rows) > 1
        assert len({len(row) for row in rows}) == 1, "every record as wide as the header"
        assert all(row[:2] == [name, unit] for row in rows[1:])
    titles = {row[3]: row[5] for row in rows_of(recommendations_csv(with_break, entries, "en"))}
    assert titles["rec_cr_audit"] == f"Audit{brk}now"
