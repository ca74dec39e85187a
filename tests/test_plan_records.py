"""The plan's plain data (records.PlanStatus) and the strings of the plan's outputs."""

from __future__ import annotations

import re
import string
from datetime import date, datetime

import pytest

from assessment.i18n import STRINGS
from assessment.records import PlanStatus, check_plan_status, ids_with_status

PREFIXES = ("why.", "plan.", "xlsx.", "drill.", "report.why_level", "report.after_phase", "report.projection")
OURS = {k: v for k, v in STRINGS.items() if k.startswith(PREFIXES)}


def test_check_plan_status_cleans_and_refuses_by_name() -> None:
    assert check_plan_status("rec_a", PlanStatus("  Ana  ", date(2026, 5, 1), "doing", "  ")) == PlanStatus(
        "Ana", date(2026, 5, 1), "doing", None
    )
    with pytest.raises(ValueError, match="status 'later' of rec_a is not one of todo, doing, done, dropped"):
        check_plan_status("rec_a", PlanStatus(status="later"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="due date of rec_a must be a date, got datetime"):
        check_plan_status("rec_a", PlanStatus(due=datetime(2026, 5, 1, 9, 0)))
    with pytest.raises(ValueError, match="owner of rec_a is 201 characters long; the limit is 200"):
        check_plan_status("rec_a", PlanStatus(owner="x" * 201))


def test_ids_with_status() -> None:
    statuses = {"a": PlanStatus(status="done"), "b": PlanStatus(), "c": PlanStatus(status="dropped")}
    assert ids_with_status(statuses, "done") == {"a"}
    assert ids_with_status(statuses, "done", "dropped") == {"a", "c"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(OURS))
def test_every_string_in_three_languages_with_the_same_placeholders(key: str) -> None:
    texts = OURS[key]
    assert set(texts) == {"en", "es", "it"} and all(v.strip() for v in texts.values())
    assert _fields(texts["es"]) == _fields(texts["en"]) == _fields(texts["it"])


def test_spanish_never_uses_tu_or_vosotros() -> None:
    # The plan's Spanish is impersonal or usted: no tú/tu/tus/te/ti, no vosotros/vuestro/os, no -ad/-ed
    # imperatives of vosotros (redactad, haced…).
    pronouns = r"tú|tu|tus|te|ti|contigo|vosotros|vosotras|vuestro|vuestra|vuestros|vuestras|os"
    informal = re.compile(rf"\b({pronouns})\b|\b\w+(ad|ed|id)\b")
    allowed = {"edad", "red", "sed", "usted", "ciudad", "verdad", "unidad", "comunidad", "actividad"}
    for key, texts in OURS.items():
        prose = re.sub(r"\{\w+\}", " ", texts["es"].lower())  # placeholders are not Spanish
        words = [m.group(0) for m in informal.finditer(prose) if m.group(0) not in allowed]
        assert not words, f"{key}: {words}"
