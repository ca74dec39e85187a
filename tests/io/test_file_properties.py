"""Property tests over Foco's files (issue 11): arbitrary text in every cell, read back the way Excel
reads CSV (the csv module's default dialect, UTF-8 with its byte-order mark), comes back unchanged —
apart from the documented leading apostrophe of a formula-like cell — or is refused with a message
that names its place. Arbitrary bytes never end in a traceback.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from assessment.bank import Bank, BankError, load_bank
from assessment.engine.recommend import recommend
from assessment.engine.scoring import parse_answer, score
from assessment.io import batch
from assessment.io.responses import CellProblem, load_responses, parse_responses
from assessment.outputs.export import (
    FORMULA_STARTS,
    AnswerNote,
    Scored,
    answers_csv,
    recommendations_csv,
    scores_csv,
    to_csv,
)
from assessment.records import NAME_MAX
from tests.helpers import all_answers, answers_strategy, valid_bank_files, write_bank

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Any text a person can type or paste, control characters included (hypothesis leaves out surrogates,
# which no UTF-8 source can hold).
TEXT = st.text(max_size=60)
TRICKY = st.text(alphabet=st.sampled_from(list(",;\"'\r\n\t =+-@\x00\x1b\x85\u2028\ufeffé€ ")), max_size=12)
CELL = st.one_of(TEXT, TRICKY)


def excel_rows(data: bytes | str) -> list[list[str]]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    assert raw.startswith(b"\xef\xbb\xbf"), "the byte-order mark Excel needs"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def shown(text: str) -> str:
    """What a file says for `text`: the text, with a leading apostrophe when it looks like a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def scored(bank: Bank, organization: str, unit: str, answers: dict[str, Any], kind: str | None) -> Scored:
    result = score(bank, answers, None)
    return Scored(organization, unit, result, recommend(bank, result), kind)


# ------------------------------------------------------------------------------------------ CSV writers
@PROPERTY
@given(st.lists(st.lists(st.one_of(CELL, st.integers(-(10**6), 10**6)), min_size=3, max_size=3), max_size=5))
def test_to_csv_round_trips_every_cell(rows: list[list[Any]]) -> None:
    back = excel_rows(to_csv(["a", "b", "c"], rows))
    assert back[0] == ["a", "b", "c"]
    assert back[1:] == [[shown(c) if isinstance(c, str) else str(c) for c in row] for row in rows]


@PROPERTY
@given(organization=CELL, unit=CELL, kind=CELL, answers=st.data())
def test_scores_and_recommendations_round_trip_names(
    bank: Bank, organization: str, unit: str, kind: str, answers: st.DataObject
) -> None:
    entry = scored(bank, organization, unit, answers.draw(answers_strategy(bank)), kind or None)
    scores = excel_rows(scores_csv(bank, [entry], "en"))
    assert len(scores) == 2
    assert scores[1][:3] == [shown(organization), shown(unit), shown(kind)]
    recs = excel_rows(recommendations_csv(bank, [entry], "en"))
    assert len(recs) == 1 + len(entry.plan.items) + len(entry.plan.keep_doing)
    assert all(row[:2] == [shown(organization), shown(unit)] for row in recs[1:])
    # The batch writer (score on many organizations) writes the same cells.
    scores_out, recs_out = io.BytesIO(), io.BytesIO()
    batch.write_scored(bank, [_response(organization, unit, entry)], "en", scores_out, recs_out, jobs=1)
    assert excel_rows(scores_out.getvalue())[1][:2] == [shown(organization), shown(unit)]
    assert excel_rows(recs_out.getvalue()) == recs


def _response(organization: str, unit: str, entry: Scored) -> Any:
    from assessment.io.responses import Response

    return Response(2, organization, unit, None, dict(entry.result.answers))


@PROPERTY
@given(title=CELL, action=CELL, why=CELL, keep=CELL, name=CELL)
def test_bank_texts_round_trip_through_recommendations_csv(
    bank: Bank, title: str, action: str, why: str, keep: str, name: str
) -> None:
    audit = bank.recommendations["rec_cr_audit"]
    dim = bank.dimensions["strategic_focus"]
    texts = bank.recommendations["rec_cr_audit"].title
    changed = dataclasses.replace(
        bank,
        recommendations={
            **bank.recommendations,
            "rec_cr_audit": audit.model_copy(
                update={
                    "title": texts.model_copy(update={"en": title}),
                    "action": texts.model_copy(update={"en": action}),
                    "why": texts.model_copy(update={"en": why}),
                }
            ),
        },
        dimensions={
            **bank.dimensions,
            "strategic_focus": dim.model_copy(
                update={
                    "keep_doing": dim.keep_doing.model_copy(update={"en": keep}),
                    "name": dim.name.model_copy(update={"en": name}),
                }
            ),
        },
    )
    answers = {**all_answers(changed, 4), "cr_q1": 0}  # the audit is planned, strategic focus kept
    rows = excel_rows(recommendations_csv(changed, [scored(changed, "Org", "", answers, None)], "en"))
    by_id = {row[3]: row for row in rows[1:]}
    assert by_id["rec_cr_audit"][5:8] == [shown(title), shown(action), shown(why)]
    assert by_id["keep_strategic_focus"][5:7] == [shown(name), shown(keep)]


@PROPERTY
@given(note=CELL, evidence=CELL, question=CELL, option=CELL)
def test_answers_csv_round_trips_notes_and_bank_texts(
    bank: Bank, note: str, evidence: str, question: str, option: str
) -> None:
    q = bank.questions["sf_q1"]
    options = list(q.options)
    options[2] = options[2].model_copy(update={"text": options[2].text.model_copy(update={"en": option})})
    changed_q = q.model_copy(update={"text": q.text.model_copy(update={"en": question}), "options": options})
    changed = dataclasses.replace(bank, questions={**bank.questions, "sf_q1": changed_q})
    notes = {"sf_q1": AnswerNote(note or None, evidence or None, "2026-01-02T03:04:05Z")}
    rows = excel_rows(answers_csv(changed, {"sf_q1": 2}, notes, "en"))
    row = next(r for r in rows[1:] if r[0] == "sf_q1")
    assert row[2] == shown(question) and row[4] == shown(option)
    assert row[6:8] == [shown(note), shown(evidence)]


# ------------------------------------------------------------------------------- the responses reader
def _write(rows: list[list[str]], delimiter: str = ",", codec: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)  # Excel's way: the default dialect
    return buffer.getvalue().encode(codec)


def _problem_at(problems: list[CellProblem], row: int, column: str | None = None) -> bool:
    return any(p.row == row and (column is None or p.column == column) for p in problems)


@PROPERTY
@given(
    organization=CELL,
    unit=CELL,
    answer=CELL,
    delimiter=st.sampled_from([",", ";", "\t"]),
    codec=st.sampled_from(["utf-8-sig", "utf-8", "utf-16", "utf-16-be", "utf-32"]),
)
@example(organization="Acme\r", unit="", answer="3", delimiter=",", codec="utf-8")
@example(organization='"Acme', unit="", answer="3", delimiter=",", codec="utf-8")
@example(organization="Città", unit="\x00", answer="dk", delimiter=";", codec="utf-16")
def test_every_cell_is_read_as_written_or_refused_where_it_is(
    bank: Bank, organization: str, unit: str, answer: str, delimiter: str, codec: str
) -> None:
    rows = [
        ["organization", "unit", "sf_q1", "pi_q1"],
        [organization, unit, answer, "na"],
        ["Next", "", "1", ""],
    ]
    loaded = load_responses(_write(rows, delimiter, codec), bank)
    problems = loaded.problems
    for p in problems:
        assert str(p).isprintable(), "a message never carries a control character"
        assert p.row in (2, 3), str(p)
    next_row = [(r.organization, r.unit, r.answers) for r in loaded.responses if r.row == 3]
    if not _problem_at(problems, 3):
        assert next_row == [("Next", "", {"sf_q1": 1})], "a bad cell never spills into the next row"
    good = [r for r in loaded.responses if r.row == 2]
    if not _problem_at(problems, 2):
        (read,) = good
        assert (read.organization, read.unit) == (organization.strip(), unit.strip())
        expected = parse_answer(answer)
        assert read.answers == ({"sf_q1": expected} if expected is not None else {}) | {"pi_q1": "na"}
        return
    # Refused: the message names the row and, for a cell, its column.
    assert organization.strip() == "" or any(p.column in ("organization", "unit", "sf_q1") for p in problems)


@PROPERTY
@given(organization=st.text(alphabet=st.characters(codec="cp1252"), min_size=1, max_size=30))
def test_a_windows_1252_file_is_read_as_written(bank: Bank, organization: str) -> None:
    data = _write([["organization", "sf_q1"], [organization, "2"]], ";", "cp1252")
    try:
        data.decode("utf-8")
        assume(False)  # valid UTF-8 as well: read as UTF-8, the one choice a reader can make (see report)
    except UnicodeDecodeError:
        pass
    loaded = load_responses(data, bank)
    if not loaded.problems:
        assert [r.organization for r in loaded.responses] == [organization.strip()]
        assert loaded.encoding == "Windows-1252"
    else:
        assert all(p.row == 2 and p.column == "organization" for p in loaded.problems)


@PROPERTY
@given(st.binary(max_size=400))
@example(b'organization\n"')
@example(b"\xff\xfe\x00")
@example(b"organization\r\n\xc3")
@example(b",!")  # hypothesis found it: a row with no organization came back as a response named ""
def test_arbitrary_bytes_are_read_or_refused_never_a_crash(bank: Bank, data: bytes) -> None:
    loaded = load_responses(b"organization,sf_q1\r\n" + data, bank)
    for p in loaded.problems:
        assert str(p).isprintable()
        assert p.row >= 0
    for r in loaded.responses:
        assert r.organization and len(r.organization) <= NAME_MAX
        assert r.organization.isprintable() or not any(ord(c) < 32 for c in r.organization)


@PROPERTY
@given(st.text(max_size=300))
def test_arbitrary_text_is_read_or_refused(bank: Bank, text: str) -> None:
    responses, problems = parse_responses(text, bank)
    assert all(str(p).isprintable() for p in problems)
    assert all("\x00" not in r.organization + r.unit for r in responses)


# ------------------------------------------------------------------------------------------ bank loader
_BASE = valid_bank_files()


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid bank on disk, written once; each example rewrites one file and puts it back."""
    return write_bank(tmp_path_factory.mktemp("bank") / "questions", _BASE)


def _load_with(root: Path, changed: dict[str, str | bytes]) -> list[str] | Bank:
    originals = {rel: (root / rel).read_bytes() for rel in changed}
    try:
        for rel, content in changed.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (root / rel).write_bytes(data)
        try:
            return load_bank(root)
        except BankError as exc:
            return [str(p) for p in exc.problems]
    finally:
        for rel, data in originals.items():
            (root / rel).write_bytes(data)


@settings(PROPERTY, max_examples=60)
@given(question=CELL, option=CELL, title=CELL)
@example(question=" =Spaced out ", option="\u2028", title="\x1b[31m")
def test_bank_texts_load_as_written_or_are_refused_where_they_are(
    base_dir: Path, question: str, option: str, title: str
) -> None:
    questions = copy.deepcopy(_BASE["questions/strategic_focus.yaml"])
    recommendations = copy.deepcopy(_BASE["recommendations/strategic_focus.yaml"])
    questions[0]["text"]["es"] = question
    questions[0]["options"][3]["text"]["it"] = option
    recommendations[0]["title"]["en"] = title
    # Written with every non-ASCII character escaped: PyYAML's emitter writes NEL (U+0085) raw inside a
    # quoted scalar when allowed Unicode, and YAML reads that as a line break (found by this test).
    result = _load_with(
        base_dir,
        {
            "questions/strategic_focus.yaml": yaml.safe_dump(questions, allow_unicode=False, sort_keys=False),
            "recommendations/strategic_focus.yaml": yaml.safe_dump(
                recommendations, allow_unicode=False, sort_keys=False
            ),
        },
    )
    if not isinstance(result, Bank):
        assert all(p.isprintable() for p in result)
        places = ("sf_q1: text.es: ", "sf_q1: options[3].text.it: ", "rec_sf_r1: title.en: ")
        assert all(any(place in p for place in places) for p in result), result
        return
    assert result.questions["sf_q1"].text("es") == question.strip()
    assert result.questions["sf_q1"].options[3].text("it") == option.strip()
    assert result.recommendations["rec_sf_r1"].title("en") == title.strip()
    # And out again through the files people download.
    zeros = {q.id: 0 for q in result.questions_by_dimension["strategic_focus"]}
    rows = excel_rows(recommendations_csv(result, [scored(result, "Org", "", zeros, None)], "en"))
    assert [r[5] for r in rows[1:] if r[3] == "rec_sf_r1"] == [shown(title.strip())]


@PROPERTY
@given(st.one_of(st.text(max_size=400), st.binary(max_size=400)))
@example("- &a [*a]\n")
@example("a: 1\na: 2\n")
@example("- id: !!python/object:os.system x\n")
@example("- {id: sf_q1, weight: .nan}\n")
@example(b"\xef\xbb\xbf- id: sf_q1\n")
def test_arbitrary_yaml_never_crashes_the_loader(base_dir: Path, content: str | bytes) -> None:
    result = _load_with(base_dir, {"questions/strategic_focus.yaml": content})
    if isinstance(result, Bank):
        return
    assert result, "refused with at least one problem"
    assert all(p.isprintable() for p in result)
    assert all(p.startswith("questions/") for p in result)
