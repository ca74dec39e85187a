"""`python -m assessment benchmark`: the same figures as the app, as CSV (README, "CSV files"). By hand: five
opted-in libraries at steps 1, 1, 2, 2, 3 (25 × step everywhere) → q1 25, median 50, q3 50."""

from __future__ import annotations

import csv
import io
import secrets
from pathlib import Path

import pytest

from assessment.bank import Bank
from assessment.cli.main import main
from assessment.engine import snapshot
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.outputs.benchmark_csv import BENCHMARK_COLUMNS
from assessment.storage import Store

BANK: Bank  # set by the _bank fixture below, never at import


@pytest.fixture(autouse=True, scope="module")
def _bank(real_bank: Bank) -> None:
    # What this module's tests and helpers read, from the real_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK
    BANK = real_bank


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    url = f"sqlite:///{tmp_path / 'foco.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("FOCO_BENCHMARK_MIN", raising=False)
    store = Store(url)
    store.migrate()
    try:
        for org_type in ("library", '=HYPERLINK("x")'):  # a type as text someone typed: escaped in the file
            for step in (1, 1, 2, 2, 3):
                record, _ = store.start(
                    f"Org {secrets.token_hex(3)}",
                    org_type,
                    None,
                    "en",
                    BANK.version,
                    "0",
                    benchmark_opt_in=True,
                )
                result = score(BANK, dict.fromkeys(BANK.questions, step), "library")
                store.submit(record.id, snapshot.dumps(result, recommend(BANK, result)), BANK.version)
    finally:
        store.close()
    return tmp_path


def rows_of(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert reader.fieldnames == BENCHMARK_COLUMNS
    return list(reader)


def test_the_export_holds_the_figures(seeded: Path) -> None:
    out = seeded / "bench.csv"
    assert main(["benchmark", "--out", str(out), "--lang", "es"]) == 0
    rows = rows_of(out.read_bytes())
    library = [r for r in rows if r["organization_type"] == "library"]
    assert [r["dimension"] for r in library] == [*BANK.dimensions, "overall"]
    overall = library[-1]
    assert overall["organization_type_name"] == "Biblioteca" and overall["dimension_name"] == "Global"
    assert (overall["organizations"], overall["q1"], overall["median"], overall["q3"]) == (
        "5",
        "25",
        "50",
        "50",
    )
    odd = [r for r in rows if r["organization_type"] != "library"]
    assert {r["organization_type"] for r in odd} == {'\'=HYPERLINK("x")'}, "formula-like text escaped"


def test_the_minimum_from_the_flag_or_the_environment(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["benchmark", "--min", "6"]) == 0
    assert rows_of(capsysbinary.readouterr().out) == [], "no row below the minimum, not even a count"
    monkeypatch.setenv("FOCO_BENCHMARK_MIN", "6")
    assert main(["benchmark"]) == 0
    assert rows_of(capsysbinary.readouterr().out) == []
    monkeypatch.setenv("FOCO_BENCHMARK_MIN", "2")
    assert main(["benchmark"]) == 2, "a minimum below 3 is refused, not used"
    assert main(["benchmark", "--min", "2"]) == 2
    monkeypatch.setenv("FOCO_BENCHMARK_MIN", "five")
    assert main(["benchmark"]) == 2
