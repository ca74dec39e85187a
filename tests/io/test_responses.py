"""The responses CSV reader on malformed and hostile files (issue 11): each one is read right or refused
with its row and column, never read wrong.

The bank is the synthetic one of helpers.py: questions sf_q1..sf_q5, pi_q1..pi_q5 (which allow "na").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.bank import Bank
from assessment.engine.scoring import AnswerValue
from assessment.io import responses as reader
from assessment.io.responses import CellProblem, Response, read_responses

HEADER = "organization,unit,sf_q1,pi_q1\r\n"
GOOD = [("Città di Bra", "Biblioteca", {"sf_q1": 3, "pi_q1": "na"}), ("Añón", "", {"sf_q1": 0})]
GOOD_TEXT = HEADER + "Città di Bra,Biblioteca,3,na\r\nAñón,,0,\r\n"


def read(tmp_path: Path, bank: Bank, data: bytes) -> tuple[list[Response], list[CellProblem]]:
    path = tmp_path / "responses.csv"
    path.write_bytes(data)
    return read_responses(path, bank)


def plain(responses: list[Response]) -> list[tuple[str, str, dict[str, AnswerValue]]]:
    return [(r.organization, r.unit, r.answers) for r in responses]


def only(problems: list[CellProblem]) -> CellProblem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# ------------------------------------------------------------------------------- records that end badly
def test_an_unclosed_quote_does_not_swallow_the_rest_of_the_file(tmp_path: Path, bank: Bank) -> None:
    # Issue 11, item 1: the csv module outside strict mode read rows 2-4 as one organization's name.
    data = b'organization,unit,sf_q1\n"Acme,x,3\nBeta,y,2\nGamma,z,1\n'
    found, problems = read(tmp_path, bank, data)
    problem = only(problems)
    assert (problem.row, problem.column) == (2, "")
    assert "a quote opens a cell in this row (line 2) and is never closed" in str(problem)
    assert found == [], "nothing is scored from a file that cannot be read to its end"


def test_an_unclosed_quote_far_from_the_end_of_a_long_file(tmp_path: Path, bank: Bank) -> None:
    # The rest of the file is longer than the csv module's cell limit: that error comes first.
    rows = "".join(f"Org {n},,{n % 5}\n" for n in range(20_000))
    found, problems = read(tmp_path, bank, f'organization,unit,sf_q1\nA,,1\n"Acme,,3\n{rows}'.encode())
    problem = only(problems)
    assert problem.row == 3
    assert "is longer than 131,072 characters" in str(problem) and "never closed" in str(problem)
    assert [r.organization for r in found] == ["A"], "nothing read past the quote"


def test_text_after_a_closing_quote_is_refused(tmp_path: Path, bank: Bank) -> None:
    found, problems = read(tmp_path, bank, b'organization,unit,sf_q1\nAlpha,,1\n"Acme" Ltd,,3\n')
    problem = only(problems)
    assert problem.row == 3 and "goes on after its closing quote" in problem.why
    assert found == [(Response(2, "Alpha", "", None, {"sf_q1": 1}))]


def test_a_row_narrower_or_wider_than_the_header_is_refused(tmp_path: Path, bank: Bank) -> None:
    found, problems = read(tmp_path, bank, (HEADER + "Short,,3\r\nWide,,3,4,2\r\nRight,,3,4\r\n").encode())
    assert [str(p) for p in problems] == [
        "row 2: has 3 cell(s) but the header has 4: every row needs one cell per column",
        "row 3: has 5 cell(s) but the header has 4: every row needs one cell per column",
    ]
    assert plain(found) == [("Right", "", {"sf_q1": 3, "pi_q1": 4})]


def test_a_semicolon_header_over_comma_rows_is_refused(tmp_path: Path, bank: Bank) -> None:
    # Also seen: every row became a name ("Acme,x,3") with no answers, and was scored.
    found, problems = read(tmp_path, bank, b"organization;unit;sf_q1\nAcme,x,3\nBeta,,2\n")
    assert [p.row for p in problems] == [2, 3]
    assert "has 1 cell(s) but the header has 3" in problems[0].why
    assert "the header is separated by ';'; is this row separated by ','?" in problems[0].why
    assert found == []


# -------------------------------------------------------------------------------------------- encodings
@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-8-sig", "UTF-8"),
        ("utf-16", "UTF-16 LE"),  # Python writes the byte-order mark little-endian first
        ("utf-16-be", "UTF-16 BE"),  # no mark: found from the header's zero bytes
        ("utf-16-le", "UTF-16 LE"),
        ("utf-32", "UTF-32 LE"),
        ("utf-32-be", "UTF-32 BE"),
    ],
)
@pytest.mark.parametrize("separator", [",", "\t", ";"])
def test_utf16_and_utf32_files_are_read(
    tmp_path: Path, bank: Bank, codec: str, name: str, separator: str
) -> None:
    # Also seen: UTF-16 and UTF-32 files were read as Windows-1252 and refused for a missing 'organization'.
    # Excel's "Unicode text" is UTF-16 LE with a mark, separated by tabs.
    data = GOOD_TEXT.replace(",", separator).encode(codec)
    found, problems = read(tmp_path, bank, data)
    assert problems == []
    assert plain(found) == GOOD
    loaded = reader.load_responses(data, bank)
    assert loaded.encoding == name
    assert loaded.notes == ([] if name == "UTF-8" else [f"read as {name}"])


def test_a_utf16_file_cut_in_the_middle_of_a_character(tmp_path: Path, bank: Bank) -> None:
    data = GOOD_TEXT.encode("utf-16")[:-1]  # an odd number of bytes
    found, problems = read(tmp_path, bank, data)
    problem = only(problems)
    assert problem.row == 0 and f"offset {len(data) - 1}" in problem.why and "UTF-16 LE" in problem.why
    assert str(problem).startswith("the file: ")
    assert found == []


def test_a_file_with_only_carriage_returns_is_read(tmp_path: Path, bank: Bank) -> None:
    # Also seen: a CR-only file (classic Mac OS) was refused for a missing 'organization'.
    found, problems = read(tmp_path, bank, GOOD_TEXT.replace("\r\n", "\r").encode())
    assert problems == []
    assert plain(found) == GOOD


def test_one_stray_windows_1252_byte_does_not_garble_the_utf8_rows(tmp_path: Path, bank: Bank) -> None:
    # Issue 11, item 7: the whole file was decoded as Windows-1252, "Città" came out as "CittÃ\xa0", exit 0.
    data = (HEADER + "Città di Bra,Biblioteca,3,na\r\n").encode() + b"Caf\xe9 Sol,,2,\r\nAn\xf3n,,1,\r\n"
    found, problems = read(tmp_path, bank, data)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "organization", "Caf\\xe9 Sol"),
        (4, "organization", "An\\xf3n"),
    ]
    # The offsets counted by hand: the header is 31 bytes, "Città di Bra,Biblioteca,3,na\r\n" 31 (à is two).
    # "Caf" (3 bytes) and, after "\xe9 Sol,,2,\r\n" (11), "An" (2).
    assert data.index(b"\xe9") == 65 and data.index(b"\xf3") == 78
    assert "byte 0xE9 at byte offset 65 is not UTF-8" in problems[0].why
    assert "byte 0xF3 at byte offset 78 is not UTF-8" in problems[1].why
    assert "save the whole file as UTF-8" in problems[0].why
    assert plain(found) == [GOOD[0]], "the UTF-8 row is read as it is, never as mojibake"


def test_a_windows_1252_file_is_read_and_says_so(tmp_path: Path, bank: Bank) -> None:
    path = tmp_path / "responses.csv"
    path.write_bytes(GOOD_TEXT.encode("cp1252"))
    loaded = reader.read_file(path, bank)
    assert loaded.problems == [] and plain(loaded.responses) == GOOD
    assert loaded.notes == ["read as Windows-1252 (the file is not UTF-8)"]


def test_a_byte_that_windows_1252_leaves_undefined(tmp_path: Path, bank: Bank) -> None:
    data = (HEADER + "Citt\xe0,,3,\r\n").encode("cp1252") + b"Ac\x81me,,1,\r\n"
    _, problems = read(tmp_path, bank, data)
    problem = only(problems)
    assert (problem.row, problem.column) == (3, "organization")
    assert data.index(b"\x81") == 44  # the header (31 bytes), "Città,,3,\r\n" (11 in cp1252), "Ac"
    assert "byte 0x81 at byte offset 44 is not a character of Windows-1252" in problem.why


def test_a_second_byte_order_mark_is_not_part_of_the_first_column(tmp_path: Path, bank: Bank) -> None:
    found, problems = read(tmp_path, bank, b"\xef\xbb\xbf\xef\xbb\xbf" + GOOD_TEXT.encode())
    assert problems == [] and plain(found) == GOOD


# --------------------------------------------------------------------------- control characters, names
@pytest.mark.parametrize(
    ("name", "code"), [("Ac\x00me", "U+0000"), ("Ac\x1b[2Jme", "U+001B"), ("Ac\x7fme", "U+007F")]
)
def test_control_characters_in_a_name_are_refused(tmp_path: Path, bank: Bank, name: str, code: str) -> None:
    # Also seen: a NUL in a name reached scores.csv, recommendations.csv and the PDF's file name.
    found, problems = read(tmp_path, bank, (HEADER + f"{name},,3,\r\nGood,,1,\r\n").encode())
    problem = only(problems)
    assert (problem.row, problem.column) == (2, "organization")
    assert code in problem.why
    assert plain(found) == [("Good", "", {"sf_q1": 1})]


def test_a_line_break_inside_a_name_is_refused_and_around_it_trimmed(tmp_path: Path, bank: Bank) -> None:
    text = HEADER + '"Acme\nLibrary",,3,\r\n"\n  Beta\t\n",,1,\r\n'
    found, problems = read(tmp_path, bank, text.encode())
    problem = only(problems)
    assert (problem.row, problem.column) == (2, "organization") and "U+000A" in problem.why
    assert plain(found)[1] == ("Beta", "", {"sf_q1": 1}), "line breaks and tabs around a name are trimmed"


def test_terminal_escapes_in_a_header_cell_are_never_echoed_raw(tmp_path: Path, bank: Bank) -> None:
    # Issue 11, item 8: the header cell was printed to stderr as it was, escape sequences and all.
    evil = "\x1b]0;owned\x07\x1b[2J\x1b[31msf_q9"
    _, problems = read(tmp_path, bank, f"organization,{evil},sf_q1\r\nAcme,x,3\r\n".encode())
    problem = only(problems)
    assert (problem.row, problem.column) == (1, "#2") and "U+001B" in problem.why
    shown = str(problem)
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\x1b]0;owned\\x07\\x1b[2J" in shown


def test_a_header_cell_with_a_bidi_override_is_shown_escaped(bank: Bank) -> None:
    _, problems = reader.parse_responses("organization,sf_q1\u202e,unit\r\nAcme,3,x\r\n", bank)
    problem = only(problems)
    assert problem.column == "sf_q1\u202e"
    assert str(problem) == "row 1, column sf_q1\\u202e: unknown column: not a question id of this bank"


# ----------------------------------------------------------------------------------------------- limits
def test_a_cell_longer_than_the_limit(tmp_path: Path, bank: Bank) -> None:
    long_answer = "3" * (reader.CELL_MAX + 1)
    _, problems = read(tmp_path, bank, (HEADER + f"Acme,,{long_answer},\r\n").encode())
    problem = only(problems)
    assert (problem.row, problem.column) == (2, "sf_q1") and "longer than 1,000 characters" in problem.why
    assert str(problem).startswith("row 2, column sf_q1: value '3333") and "…'" in str(problem)


def test_a_name_longer_than_the_name_limit(tmp_path: Path, bank: Bank) -> None:
    _, problems = read(tmp_path, bank, (HEADER + f"{'n' * 201},,3,\r\n{'n' * 200},,3,\r\n").encode())
    problem = only(problems)
    assert (problem.row, problem.column, problem.why) == (2, "organization", "longer than 200 characters")


def test_too_many_columns(tmp_path: Path, bank: Bank) -> None:
    header = ",".join(["organization", *(f"x{n}" for n in range(2000))])
    _, problems = read(tmp_path, bank, f"{header}\r\nAcme\r\n".encode())
    assert str(only(problems)) == "row 1: has 2,001 columns; a responses file has at most 2,000"


def test_too_many_rows(tmp_path: Path, bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    text = HEADER + "".join(f"Org {n},,1,\r\n" for n in range(5))
    found, problems = read(tmp_path, bank, text.encode())
    assert str(only(problems)) == "row 5: more than 3 rows of responses: split the file"


def test_a_file_over_the_size_limit_is_not_read(
    tmp_path: Path, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_BYTES", 3 * 1024 * 1024)
    path = tmp_path / "big.csv"
    path.write_bytes(HEADER.encode() + b"Acme,,1,\r\n" * 400_000)  # 4.2 MB
    loaded = reader.read_file(path, bank)
    assert [str(p) for p in loaded.problems] == [
        "the file: is 4 MB; a responses file is at most 3 MB: split it"
    ]
    assert loaded.responses == []
    assert reader.load_responses(path.read_bytes(), bank).problems == loaded.problems


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b"\xff\xfe"])
def test_an_empty_file(tmp_path: Path, bank: Bank, data: bytes) -> None:
    _, problems = read(tmp_path, bank, data)
    assert "the file is empty" in only(problems).why


# ------------------------------------------------------------------------- other ways a file goes wrong
def test_a_utf8_file_cut_in_its_last_character(tmp_path: Path, bank: Bank) -> None:
    # Its only non-ASCII character is cut: read as Windows-1252, "Café" became "CafÃ" without a word.
    data = (HEADER + "Acme,,3,\r\nCafé").encode()[:-1]
    found, problems = read(tmp_path, bank, data)
    problem = only(problems)
    assert (problem.row, problem.column, problem.value) == (3, "organization", "Caf\\xc3")
    assert f"byte 0xC3 at byte offset {len(data) - 1} is not UTF-8" in problem.why


def test_two_files_joined_end_to_end(tmp_path: Path, bank: Bank) -> None:
    data = GOOD_TEXT.encode("utf-8-sig") * 2
    found, problems = read(tmp_path, bank, data)
    assert [str(p) for p in problems] == [
        "row 4: repeats the header row: are two files joined here?",
        "row 5, column organization: value 'Città di Bra' same organization and unit as row 2",
        "row 6, column organization: value 'Añón' same organization and unit as row 3",
    ]


def test_the_list_of_problems_is_bounded(tmp_path: Path, bank: Bank) -> None:
    text = HEADER + "".join(f"Org {n},,9,\r\n" for n in range(3000))
    _, problems = read(tmp_path, bank, text.encode())
    assert len(problems) == reader.MAX_PROBLEMS + 1
    assert str(problems[-1]) == (
        f"row {reader.MAX_PROBLEMS + 2}: more than 1,000 problems: reading stopped here; fix these first"
    )
    assert all(p.why == "must be 0, 1, 2, 3, 4, dk, na or empty" for p in problems[:-1])
