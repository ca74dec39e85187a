"""The portfolio's table as the consultant reads it (portfolio_page.table_for_people): one row per entry, its
columns translated, each text worked out once per distinct value — the same cells, in the same order, as
engine.portfolio.portfolio_table holds."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from assessment.engine.portfolio import IN_PROGRESS, NOT_STARTED, SUBMITTED, Entry
from assessment.engine.scoring import Result, score
from assessment.i18n import t
from assessment.ui.workspace.portfolio_page import table_for_people
from tests.helpers import QB, QUICK_ANSWERS

DAY = datetime(2026, 5, 6, 23, 59, tzinfo=UTC)


def entry(aid: int, status: str, result: Result | None, respondent: str = "", **kw: object) -> Entry:
    fields: dict[str, object] = {
        "assessment_id": aid,
        "client_id": 1,
        "client": "Town",
        "unit_id": None,
        "unit": "",
        "respondent": respondent,
        "org_type": "town_hall",
        "status": status,
        "percent": 100.0 if status == SUBMITTED else 0.0,
        "date": DAY,
        "result": result,
        "plan": None,
        **kw,
    }
    return Entry(**fields)  # type: ignore[arg-type]  # built from a dict of mixed values on purpose


def test_the_table_reads_each_entry_in_the_consultants_language() -> None:
    full = score(QB, dict.fromkeys(QB.questions, 3), "town_hall")
    quick = score(QB, QUICK_ANSWERS, "town_hall", "quick")
    assert quick.provisional and not full.provisional
    entries = [
        entry(1, SUBMITTED, full),
        entry(2, IN_PROGRESS, quick, "Chief", unit="Police", unit_id=5, percent=41.4, form="quick"),
        entry(3, NOT_STARTED, None, unit="Fire", unit_id=6, org_type="ngo"),
        entry(4, SUBMITTED, full, unit="Police", unit_id=5, consensus=True),
    ]
    table = table_for_people(QB, entries, "es")
    dims = [d.name("es") for d in QB.dimensions.values()]
    assert list(table.columns) == [
        t("ws.col.client", "es"),
        t("ws.col.unit", "es"),
        t("ws.col.respondent", "es"),
        t("start.type", "es"),
        t("ws.col.overall", "es"),
        t("ws.col.level", "es"),
        t("quick.ws.col_result", "es"),
        *dims,
        t("ws.col.status", "es"),
        t("ws.col.date", "es"),
    ]
    rows = table.to_dict("records")
    assert [r[t("ws.col.unit", "es")] for r in rows] == ["", "Police", "Fire", "Police"]
    assert [r[t("ws.col.respondent", "es")] for r in rows] == ["", "Chief", "", t("ws.consensus.label", "es")]
    assert [r[t("start.type", "es")] for r in rows] == [
        QB.org_type_name("town_hall", "es"),
        QB.org_type_name("town_hall", "es"),
        QB.org_type_name("ngo", "es"),
        QB.org_type_name("town_hall", "es"),
    ]
    # Every answer at step 3 of 4: 75 in each dimension and overall, level 4 (the synthetic bank's bands).
    assert full.overall_score == 75.0 and full.overall_level == 4
    # The quick check placed every dimension (provisionally) from its own questions: level 2.
    assert quick.overall_level == 2 and quick.overall_score is not None
    level, low = f"4 {QB.level(4).name('es')}", f"2 {QB.level(2).name('es')}"
    assert [r[t("ws.col.level", "es")] for r in rows] == [level, low, "—", level]
    overall = [r[t("ws.col.overall", "es")] for r in rows]
    assert overall[0] == overall[3] == 75.0 and overall[1] == quick.overall_score and math.isnan(overall[2])
    assert [r[t("quick.ws.col_result", "es")] for r in rows] == [
        t("quick.final", "es"),
        t("quick.badge", "es"),
        "—",
        t("quick.final", "es"),
    ]
    first_dim = [r[dims[0]] for r in rows]
    assert first_dim[0] == first_dim[3] == 75.0 and math.isnan(first_dim[2])
    assert first_dim[1] == quick.dimensions[next(iter(QB.dimensions))].score
    assert [r[t("ws.col.status", "es")] for r in rows] == [
        t("ws.status.submitted", "es"),
        t("ws.status.in_progress", "es", pct="41"),
        t("ws.status.not_started", "es"),
        t("ws.status.submitted", "es"),
    ]
    assert {r[t("ws.col.date", "es")] for r in rows} == {"2026-05-06"}, "the day in UTC"


def test_no_respondent_column_when_nobody_answers_for_a_unit_apart() -> None:
    table = table_for_people(QB, [entry(1, NOT_STARTED, None)], "en")
    assert t("ws.col.respondent", "en") not in table.columns
    assert table[t("ws.col.overall", "en")].tolist() == [None], "nothing scored: empty, as before"
    agreed = table_for_people(
        QB, [entry(1, NOT_STARTED, None), entry(2, NOT_STARTED, None, consensus=True)], "en"
    )
    assert agreed[t("ws.col.respondent", "en")].tolist() == ["", t("ws.consensus.label", "en")]
