"""What a consultant follows up in the portfolio: clients due for a re-assessment (their cadence, default 12
months after their last submitted assessment), answers whose evidence expired, and where each client stands
among peers of its type. Pure: portfolio entries, cadences and benchmark figures in, plain rows out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from assessment.engine.benchmark import OVERALL, Figure, for_type, position
from assessment.engine.evidence import DEFAULT_CADENCE, reassess_on
from assessment.engine.portfolio import SUBMITTED, Entry


@dataclass(frozen=True, slots=True)
class Due:
    client_id: int
    client: str
    last: date  # the client's last submitted assessment (any unit)
    due_on: date
    months: int


def due(entries: Iterable[Entry], cadences: Mapping[int, int | None], today: date) -> list[Due]:
    """Clients whose last submitted assessment is older than their cadence, longest overdue first. A client
    with nothing submitted yet has nothing to re-assess and is not listed."""
    last: dict[int, tuple[date, str]] = {}
    for e in entries:
        if e.status != SUBMITTED:
            continue
        day = e.date.date()
        if e.client_id not in last or day > last[e.client_id][0]:
            last[e.client_id] = (day, e.client)
    out = []
    for client_id, (day, name) in last.items():
        months = cadences.get(client_id) or DEFAULT_CADENCE
        due_on = reassess_on(day, months)
        if due_on <= today:
            out.append(Due(client_id, name, day, due_on, months))
    return sorted(out, key=lambda d: (d.due_on, d.client.lower()))


def expired_of(entries: Iterable[Entry]) -> list[tuple[Entry, dict[str, dict[str, Any]]]]:
    """Entries whose result flags expired evidence, with the flags (Result.expired)."""
    return [(e, dict(e.result.expired)) for e in entries if e.result is not None and e.result.expired]


def peer_positions(
    entries: Iterable[Entry], found: Iterable[Figure], dimensions: Iterable[str]
) -> list[tuple[Entry, dict[str, str | None]]]:
    """Per submitted, final entry: its quarter among its type's peers per dimension and overall (None where
    no figure can be shown). Quick checks and results in progress are not placed."""
    figures = list(found)
    dims = [*dimensions, OVERALL]
    out = []
    for e in entries:
        if e.status != SUBMITTED or e.result is None or e.provisional:
            continue
        mine = for_type(figures, e.org_type)
        if not mine:
            continue
        scores = {d: r.score for d, r in e.result.dimensions.items()}
        scores[OVERALL] = e.result.overall_score
        out.append((e, {d: position(mine[d], scores.get(d)) if d in mine else None for d in dims}))
    return out
