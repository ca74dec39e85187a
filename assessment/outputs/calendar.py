"""The plan as an iCalendar file (.ics, RFC 5545, written with the icalendar package): each dated plan
item as an event on its due date and, for crisis readiness, a drill calendar built from the gaps
(engine/drills.py); the scenarios' titles and descriptions are the bank's (questions/drills.yaml).

Every item is an all-day VEVENT (DTSTART;VALUE=DATE, DTEND the day after), not a VTODO: Google Calendar
and Outlook import events and drop or ignore tasks, Thunderbird takes both; an all-day event shows on the
day without a time the team never chose, and is marked free (TRANSP:TRANSPARENT) so it blocks nobody's
agenda. Drills repeat yearly (RRULE:FREQ=YEARLY): the calendar the bank asks for is a yearly one.

UIDs are stable (a UUID 5 of the organization, the unit and the item), so importing the file again updates
the events instead of doubling them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from assessment.bank import Bank
from assessment.engine.drills import Drill, drill_plan
from assessment.i18n import t
from assessment.outputs.export import Scored

NAMESPACE = uuid.UUID("6f1c2b1e-3f7a-5d7e-9a51-0c0f0c0f0c01")  # Foco's own namespace for UUID 5
PRODID = "-//Foco//Plan//EN"


def _uid(entry: Scored, kind: str, item: str) -> str:
    return f"{uuid.uuid5(NAMESPACE, '|'.join((entry.organization, entry.unit, kind, item)))}@foco"


def _all_day(event: Event, day: date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")


def _plan_events(bank: Bank, entry: Scored, lang: str, stamp: datetime) -> list[Event]:
    events = []
    for item in entry.plan.items:
        status = entry.statuses.get(item.id)
        if status is None or status.due is None or status.status == "dropped":
            continue
        rec = item.recommendation
        lines = [rec.action(lang), ""]
        lines.append(f"{t('col.phase', lang)}: {t(f'phase.{item.phase}', lang)} (#{item.rank})")
        lines.append(f"{t('col.dimension', lang)}: {bank.dimensions[rec.dimension].name(lang)}")
        if status.owner:
            lines.append(f"{t('xlsx.owner', lang)}: {status.owner}")
        lines.append(f"{t('xlsx.status', lang)}: {t(f'xlsx.status_{status.status}', lang)}")
        if status.note:
            lines.append(f"{t('xlsx.note', lang)}: {status.note}")
        event = Event()
        event.add("uid", _uid(entry, "plan", item.id))
        event.add("dtstamp", stamp)
        _all_day(event, status.due)
        event.add("summary", rec.title(lang))
        event.add("description", "\n".join(lines))
        event.add("categories", ["Foco", t(f"phase.{item.phase}", lang)])
        events.append(event)
    return events


def _drill_events(
    bank: Bank, entry: Scored, drills: Sequence[Drill], lang: str, stamp: datetime
) -> list[Event]:
    if bank.drills is None:
        return []
    events = []
    for drill in drills:
        scenario = bank.drills.scenario(drill.scenario)
        lines = [scenario.description(lang), "", t("drill.how", lang)]
        if drill.weak:
            lines += ["", t("drill.because", lang)]
            lines += [f"- {bank.questions[q].text(lang)}" for q in drill.weak]
        event = Event()
        event.add("uid", _uid(entry, "drill", drill.scenario))
        event.add("dtstamp", stamp)
        _all_day(event, drill.day)
        event.add("rrule", {"freq": "yearly"})
        event.add("summary", t("drill.summary", lang, scenario=scenario.title(lang)))
        event.add("description", "\n".join(lines))
        event.add("categories", ["Foco", t("drill.category", lang)])
        events.append(event)
    return events


def calendar_bytes(
    bank: Bank,
    entry: Scored,
    lang: str,
    today: date,
    now: datetime | None = None,
) -> bytes | None:
    """The .ics of one organization: its dated plan items (not the dropped ones) and its crisis drills,
    which start the month after `today`. None when there is nothing to put on a calendar: RFC 5545 wants at
    least one component in a calendar."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    plan = drill_plan(bank, entry.result, today)
    events = _plan_events(bank, entry, lang, stamp) + _drill_events(bank, entry, plan, lang, stamp)
    if not events:
        return None
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    who = entry.organization + (f" · {entry.unit}" if entry.unit else "")
    cal.add("x-wr-calname", f"Foco — {who}")
    for event in events:
        cal.add_component(event)
    return bytes(cal.to_ical())
