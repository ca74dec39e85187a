"""Evidence that expires: a question can say in the bank that its evidence goes stale after N months
(`evidence_expires_months`) and what step an answer with stale evidence counts at most
(`evidence_cap_step`). An answer carries the date of its evidence (the last drill, the last review of the
guide); once that date is more than N months before the day of scoring, the answer is flagged and capped.

Scoring applies the cap (scoring.score), so the scores, the plan and every export read the same capped
step; the step the person gave stays in `Result.expired`. Pure: dates in, dates out."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from typing import Any

from assessment.bank import Bank

AnswerValue = int | str


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, on the same day of the month or the month's last day (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` : 2025-10-15 → 2026-12-01 is 13 (0 if not later)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if add_months(earlier, months) > later:
        months -= 1
    return max(months, 0)


def is_expired(dated: date, expires_months: int, today: date) -> bool:
    """Valid through the day N months after its date, expired from the day after."""
    return today > add_months(dated, expires_months)


def expired(
    bank: Bank, answers: Mapping[str, Any], dated: Mapping[str, date], today: date
) -> dict[str, dict[str, Any]]:
    """Per question whose dated evidence is past its expiry: the date, its age in whole months, the expiry,
    the step given and the step it counts as (the lower of the step and the bank's cap). Only answers with
    a step are flagged: "don't know" and "not applicable" have no evidence to expire."""
    out: dict[str, dict[str, Any]] = {}
    for qid, day in dated.items():
        question = bank.questions.get(qid)
        value = answers.get(qid)
        if question is None or question.evidence_expires_months is None or not isinstance(value, int):
            continue
        if isinstance(value, bool) or not is_expired(day, question.evidence_expires_months, today):
            continue
        cap = question.evidence_cap_step
        out[qid] = {
            "dated": day.isoformat(),
            "months": months_between(day, today),
            "expires_months": question.evidence_expires_months,
            "given": value,
            "counted": value if cap is None else min(value, cap),
        }
    return out


def capped(answers: Mapping[str, AnswerValue], stale: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The answers as scoring counts them: each expired one at its capped step."""
    return {q: (stale[q]["counted"] if q in stale else v) for q, v in answers.items()}


DEFAULT_CADENCE = 12  # months between a client's assessments unless the consultant sets another


def reassess_on(last_submitted: date, months: int | None) -> date:
    """The day a client is due again: its last submitted assessment plus its cadence (default 12 months)."""
    return add_months(last_submitted, months or DEFAULT_CADENCE)
