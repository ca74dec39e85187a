"""The drill calendar (engine/drills.py) and the .ics file (outputs/calendar.py), parsed back by icalendar.

Dates worked out by hand: 1 April 2026 is a Wednesday (first Tuesday the 7th), 1 June a Monday (the 2nd),
1 August a Saturday (the 4th), 1 October a Thursday (the 6th), 1 December a Tuesday, 1 February 2027 a
Monday (the 2nd)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, TypedDict

import pytest
from icalendar import Calendar

from assessment.bank import Bank
from assessment.engine.drills import drill_plan, first_tuesday
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.outputs.calendar import calendar_bytes
from assessment.outputs.export import Scored
from assessment.records import PlanStatus
from tests.helpers import FIFTY, all_answers, cap_case, steps

START = date(2026, 3, 9)
NOW = datetime(2026, 3, 9, 9, 30, tzinfo=UTC)


def test_first_tuesday() -> None:
    assert [first_tuesday(2026, m) for m in (4, 6, 8, 10, 12)] == [
        date(2026, 4, 7),
        date(2026, 6, 2),
        date(2026, 8, 4),
        date(2026, 10, 6),
        date(2026, 12, 1),
    ]


def test_no_drill_calendar_yet_every_scenario_within_the_year(bank: Bank) -> None:
    result, _ = cap_case(bank)  # crisis readiness all 0: no drills on a calendar
    drills = drill_plan(bank, result, START)
    assert [(d.scenario, d.day, d.gap) for d in drills] == [
        ("hacked_account", date(2026, 4, 7), 1.0),
        ("lost_phone", date(2026, 6, 2), 1.0),
        ("mass_attack", date(2026, 8, 4), 1.0),
        ("emergency", date(2026, 10, 6), 1.0),
        ("troll", date(2026, 12, 1), 0.5),  # cs_q1 at 2: (4 − 2) / 4, the smallest gap goes last
    ]
    assert drills[1].weak == ("cr_q2", "cr_q3")


def test_with_a_drill_calendar_only_the_gaps_largest_first(bank: Bank) -> None:
    # Drills run on a calendar (cr_q8 at 4); lost phone has a "don't know" (gap 1.0), mass attack a 3 (0.25).
    answers = {**FIFTY, **steps("cs", [4] * 5), **steps("cr", [4, 2, "dk", 3, 4, 4, 4, 4])}
    drills = drill_plan(bank, score(bank, answers), date(2026, 11, 20))
    assert [(d.scenario, d.day, d.gap, d.weak) for d in drills] == [
        ("lost_phone", date(2026, 12, 1), 1.0, ("cr_q2", "cr_q3")),
        ("mass_attack", date(2027, 2, 2), 0.25, ("cr_q4",)),
    ]


def test_nothing_to_rehearse_or_nothing_known(bank: Bank) -> None:
    assert drill_plan(bank, score(bank, all_answers(bank, 4)), START) == []
    answers = {**FIFTY, "cr_q1": 0}  # 1 of 8 answered: crisis readiness not assessed
    assert drill_plan(bank, score(bank, answers), START) == []


@pytest.mark.real_bank
def test_the_real_banks_drills(real_bank: Bank) -> None:
    # questions/drills.yaml: the five scenarios, in this order, two months apart (the validator checks that
    # every question it names exists and that the calendar question is one of crisis readiness).
    drills = real_bank.drills
    assert drills is not None
    assert (drills.dimension, drills.question, drills.every_months) == (
        "crisis_readiness",
        "cr_drill_calendar",
        2,
    )
    assert [s.id for s in drills.scenarios] == [
        "hacked_account",
        "lost_phone",
        "mass_attack",
        "troll",
        "emergency",
    ]
    assert drills.scenario("troll").title("es") == "aparición de un troll"


# -------------------------------------------------------------------------------------------- the .ics
def entry_with_dates(bank: Bank) -> Scored:
    result, plan = cap_case(bank)
    statuses = {
        "rec_cr_audit": PlanStatus("Ana Núñez", date(2026, 4, 30), "doing", "Llamar a informática"),
        "rec_cr_drills": PlanStatus(None, date(2026, 6, 15), "dropped"),
        "rec_pi_own": PlanStatus("Luis", None, "todo"),  # no date: not on the calendar
    }
    return Scored("Biblioteca de Añón", "Sala", result, plan, statuses=statuses)


class Read(TypedDict):
    """An event as read back from the file."""

    uid: str
    stamp: datetime
    start: date
    end: date
    summary: str
    description: str
    rrule: Any  # icalendar's vRecur (a dict of lists), or None


def events_of(data: bytes) -> list[Read]:
    cal = Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"])
    out: list[Read] = []
    for event in cal.walk("VEVENT"):
        # RFC 5545 requires UID and DTSTAMP in every event, and DTSTART when the calendar has no METHOD;
        # calendar apps want DTSTART anyway.
        for prop in ("UID", "DTSTAMP", "DTSTART"):
            assert prop in event, prop
        out.append(
            {
                "uid": str(event["UID"]),
                "stamp": event.decoded("DTSTAMP"),
                "start": event.decoded("DTSTART"),
                "end": event.decoded("DTEND"),
                "summary": str(event["SUMMARY"]),
                "description": str(event["DESCRIPTION"]),
                "rrule": event.get("RRULE"),
            }
        )
    return out


def test_dated_items_and_drills_as_all_day_events(bank: Bank) -> None:
    data = calendar_bytes(bank, entry_with_dates(bank), "es", START, NOW)
    assert data is not None
    events = events_of(data)
    summaries = [e["summary"] for e in events]
    # The dated item (the dropped one and the undated one are left out), then five drills.
    assert summaries == [
        "Title rec_cr_audit (español, año)",
        "Simulacro de crisis: cuenta hackeada",
        "Simulacro de crisis: pérdida del teléfono con las cuentas",
        "Simulacro de crisis: ataque masivo",
        "Simulacro de crisis: una emergencia: informar rápido",
        "Simulacro de crisis: aparición de un troll",
    ]
    audit = events[0]
    assert (audit["start"], audit["end"]) == (date(2026, 4, 30), date(2026, 5, 1))
    assert type(audit["start"]) is date, "all-day: a date, not a date and time"
    assert "Responsable: Ana Núñez" in audit["description"]
    assert "Estado: En curso" in audit["description"] and "Nota: Llamar a informática" in audit["description"]
    assert audit["rrule"] is None
    drills = events[1:]
    assert [e["start"] for e in drills] == [
        date(2026, 4, 7),
        date(2026, 6, 2),
        date(2026, 8, 4),
        date(2026, 10, 6),
        date(2026, 12, 1),
    ]
    assert all(e["end"] == e["start"] + timedelta(days=1) for e in drills)
    assert all(dict(e["rrule"]) == {"FREQ": ["YEARLY"]} for e in drills)
    assert "¿Cómo se hace cr_q2? (español, año)" in drills[1]["description"]
    assert all(e["stamp"] == NOW for e in events)
    assert len({e["uid"] for e in events}) == len(events)


def test_uids_are_stable_from_one_export_to_the_next(bank: Bank) -> None:
    later = NOW + timedelta(days=30)
    first = events_of(calendar_bytes(bank, entry_with_dates(bank), "en", START, NOW) or b"")
    again = events_of(calendar_bytes(bank, entry_with_dates(bank), "it", START, later) or b"")
    assert [e["uid"] for e in first] == [e["uid"] for e in again]
    other = Scored("Altra biblioteca", "Sala", *cap_case(bank))
    elsewhere = events_of(calendar_bytes(bank, other, "en", START, NOW) or b"")
    assert not {e["uid"] for e in elsewhere} & {e["uid"] for e in first}


def test_nothing_to_put_on_a_calendar(bank: Bank) -> None:
    result = score(bank, all_answers(bank, 4))
    entry = Scored("Org", "", result, recommend(bank, result))
    assert calendar_bytes(bank, entry, "en", START, NOW) is None
