"""The plan's plain data (records.PlanStatus) and the strings of the plan's outputs."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from assessment.records import PlanStatus, check_plan_status, ids_with_status


def test_check_plan_status_cleans_and_refuses_by_name() -> None:
    assert check_plan_status("rec_a", PlanStatus("  Ana  ", date(2026, 5, 1), "doing", "  ")) == PlanStatus(
        "Ana", date(2026, 5, 1), "doing", None
    )
    with pytest.raises(ValueError, match="status 'later' of rec_a is not one of todo, doing, done, dropped"):
        check_plan_status("rec_a", PlanStatus(status="later"))  # type: ignore[arg-type]  # wrong on purpose: refused at run time
    with pytest.raises(ValueError, match="due date of rec_a must be a date, got datetime"):
        check_plan_status("rec_a", PlanStatus(due=datetime(2026, 5, 1, 9, 0)))
    with pytest.raises(ValueError, match="owner of rec_a is 201 characters long; the limit is 200"):
        check_plan_status("rec_a", PlanStatus(owner="x" * 201))


def test_ids_with_status() -> None:
    statuses = {"a": PlanStatus(status="done"), "b": PlanStatus(), "c": PlanStatus(status="dropped")}
    assert ids_with_status(statuses, "done") == {"a"}
    assert ids_with_status(statuses, "done", "dropped") == {"a", "c"}
