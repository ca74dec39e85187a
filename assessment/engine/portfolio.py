"""A consultant's portfolio: the table of every client and unit, the coherence of one organization's units,
and the combined result of several respondents. Plain data in, plain data out (no streamlit), so the
workspace pages, the benchmark and the tests share one computation.

Formulas (the tests check them by hand):
- status: not started (no answers), in progress (% = answered ÷ questions that apply to the type, at most
  100), submitted (with its date);
- spread of a dimension across units: max − min, and the population standard deviation;
- a unit lags in a dimension when its score is more than LAG points below the organization's median;
- a recommendation is shared when it is in the plan of at least SHARED of the units, and of two units at
  least (a candidate for the common guide of source text 000);
- several respondents: per question the mean step (dk counts as 0, as in scoring; na is left out unless
  every respondent said na), rounded half up to a step; disagreement is the range of steps, then their
  population standard deviation.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd

from assessment.bank import Bank
from assessment.bank.model import FULL, QUICK
from assessment.engine import snapshot
from assessment.engine.forms import asked, deep_dimensions
from assessment.engine.recommend import Plan
from assessment.engine.scoring import (
    NA,
    AnswerValue,
    DimensionResult,
    Result,
    answer_rank,
    parse_answer,
    score,
)
from assessment.records import AssessmentRow, StoredScore, deep_ids

NOT_STARTED, IN_PROGRESS, SUBMITTED = "not_started", "in_progress", "submitted"
LAG = 15.0
SHARED = 0.5


@dataclass(frozen=True)
class Entry:
    assessment_id: int
    client_id: int
    client: str
    unit_id: int | None
    unit: str
    respondent: str
    org_type: str
    status: str
    percent: float  # 0–100, answered share of the questions that apply
    date: datetime  # submitted, else last change
    result: Result | None  # None: not started
    plan: Plan | None
    form: str = FULL
    consensus: bool = False  # the unit's agreed answers (engine/consensus.py), not one respondent's

    @property
    def provisional(self) -> bool:
        """Placed (in part) from the quick check alone: never compared as if it were a full result."""
        return self.result is not None and self.result.provisional

    def score(self, dimension_id: str) -> float | None:
        """A dimension's score; None when it was not assessed, or nothing is (not started)."""
        return self.result.dimensions[dimension_id].score if self.result is not None else None

    @property
    def target(self) -> tuple[int, int | None, str]:
        return (self.client_id, self.unit_id, self.respondent)

    @property
    def label(self) -> str:
        return " · ".join(p for p in (self.client, self.unit, self.respondent) if p)


def question_total(bank: Bank, org_type: str) -> int:
    return sum(1 for q in bank.questions.values() if q.applies(org_type))


def status_of(row: AssessmentRow, total: int) -> tuple[str, float]:
    if row.submitted_at is not None:
        return SUBMITTED, 100.0
    if row.answered == 0:
        return NOT_STARTED, 0.0
    return IN_PROGRESS, round(min(100.0, 100 * row.answered / total), 1) if total else 0.0


# The values the database holds, as parse_answer reads them: looked up, not parsed, for the thousands of
# answers a portfolio scores (anything else still goes through parse_answer).
_STORED: dict[str, AnswerValue] = {"0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "dk": "dk", "na": "na"}


def parsed_answers(raw: Mapping[str, str]) -> dict[str, AnswerValue]:
    out: dict[str, AnswerValue] = {}
    for qid, value in raw.items():
        known = _STORED.get(value)
        if known is not None:
            out[qid] = known
            continue
        try:
            parsed = parse_answer(value)
        except ValueError:
            continue  # the database only holds valid values; an old bank's oddity is skipped, not fatal
        if parsed is not None:
            out[qid] = parsed
    return out


def answers_today(bank: Bank, result: Result, raw: Mapping[str, str]) -> dict[str, AnswerValue]:
    """One respondent's stored answers as today's questions read them: carried through the bank's mapping
    when they were submitted under an older version (snapshot.in_todays_terms)."""
    detail, _ = snapshot.in_todays_terms(bank, replace(result, answers=parsed_answers(raw)), {})
    return detail.answers


def build_entries(
    bank: Bank,
    rows: Sequence[AssessmentRow],
    answers: Mapping[int, Mapping[str, str]],
    plans: bool = True,
    computed: dict[int, StoredScore] | None = None,
) -> list[Entry]:
    """One entry per assessment. Submitted ones keep the result they were submitted with; in-progress
    ones are scored from their answers so far (`answers` needs only those). `plans=False` leaves every
    plan out (None): what the portfolio draws needs only the scores, and with ten thousand clients
    reading or ranking each plan took most of the time. Then a row's stored scores (AssessmentRow.score,
    present only when still its assessment's) stand for its result: a summary (`summary`), neither parsed
    nor scored; the scores of the others are put in `computed` (assessment id -> StoredScore), for storage
    to keep."""
    totals: dict[str, int] = {}
    # One DimensionResult per distinct stored figure: frozen and read only, so results share them.
    shared: dict[tuple[object, ...], DimensionResult] = {}
    entries = []
    for row in rows:
        if row.org_type not in totals:
            totals[row.org_type] = question_total(bank, row.org_type)
        total = totals[row.org_type]
        kept = row.score if not plans else None
        given: dict[str, AnswerValue] = {}
        if kept is not None and (kept.asked is not None or row.submitted_at is not None):
            # Its progress as stored with its scores (a submitted one is at 100 %): no answer is read.
            total = kept.asked or total
        else:
            given = parsed_answers(answers.get(row.id, {}))
            if row.form == QUICK and bank.quick is not None and row.submitted_at is None:
                # A quick check's progress is over what it asks: its questions and those of its deep dives.
                deep = deep_dimensions(bank, given, deep_ids(row.deep_dive))
                total = sum(len(qs) for qs in asked(bank, row.org_type, QUICK, deep).values())
        status, percent = status_of(row, total)
        result: Result | None = None
        plan: Plan | None = None
        if status != NOT_STARTED and not plans:
            if kept is not None:
                # In progress the row's stamp is the scoring stamp of today's bank (it matched): its
                # result is today's version's. Submitted, the stamp is the version it was scored under.
                version = bank.version if row.submitted_at is None else kept.bank_version
                result = summary(kept, row.org_type, shared, bank_version=version)
            elif status == SUBMITTED and row.result_json:
                result = snapshot.result_of(row.result_json)
                if computed is not None and row.bank_version is not None:
                    computed[row.id] = stored_score(
                        result, row.updated_at, row.submitted_at, row.bank_version
                    )
            else:
                result = score(bank, given, row.org_type, row.form)
                if computed is not None and status == IN_PROGRESS:
                    computed[row.id] = stored_score(result, row.updated_at, None, bank.scoring_stamp, total)
        elif status != NOT_STARTED:
            shown = snapshot.current(
                bank,
                given,
                row.org_type,
                submitted=status == SUBMITTED,
                stored=row.result_json,
                form=row.form,
            )
            result, plan = shown.result, shown.plan
        entries.append(
            Entry(
                assessment_id=row.id,
                client_id=row.organization_id,
                client=row.organization_name,
                unit_id=row.unit_id,
                unit=row.unit_name or "",
                respondent=row.respondent or "",
                org_type=row.org_type,
                status=status,
                percent=percent,
                date=row.submitted_at or row.updated_at,
                result=result,
                plan=plan,
                form=row.form,
                consensus=row.consensus,
            )
        )
    return entries


def stored_score(
    result: Result,
    updated_at: datetime,
    submitted_at: datetime | None,
    bank_version: str,
    asked: int | None = None,
) -> StoredScore:
    """A result's scores as storage keeps them, stamped with the state of the assessment they were computed
    from (its updated_at and submitted_at; submitted, the version it is stored under; in progress, the
    scoring stamp of the bank that scored it, Bank.scoring_stamp)."""
    dims = {
        d: {
            "score": r.score,
            "level": r.level,
            "questions": r.questions,
            "answered": r.answered,
            "applicable": r.applicable,
            "provisional": r.provisional,
        }
        for d, r in result.dimensions.items()
    }
    data = {
        "dimensions": dims,
        "overall_score": result.overall_score,
        "overall_level": result.overall_level,
        "uncapped_level": result.uncapped_level,
        "form": result.form,
        "expired": result.expired,
    }
    return StoredScore.of(data, updated_at, submitted_at, bank_version, asked)


def summary(
    kept: StoredScore,
    org_type: str,
    shared: dict[tuple[object, ...], DimensionResult] | None = None,
    *,
    bank_version: str,
) -> Result:
    """The result the portfolio draws, from stored scores: each dimension's score, level, counts and
    provisional mark, the overall score and levels, the form and any expired evidence; no answers (nor the
    lists of "don't know" and not-applicable questions), which the portfolio never reads. A page that
    needs them loads the full result (data.load with plans). `shared`: the dimensions already built, by
    their figures, for results to share. `bank_version`: the result's version, always given: a submitted
    row's stamp is its version, but an open row's is the scoring stamp ("scoring:…") of the bank that
    scored it, never a version to print; with no default, a caller cannot forget to choose."""
    seen = {} if shared is None else shared
    dims = {}
    for d, v in json.loads(kept.dimensions).items():
        key = (d, *v)
        found = seen.get(key)
        if found is None:
            found = seen[key] = DimensionResult(d, v[0], v[1], v[2], v[3], v[4], provisional=bool(v[5]))
        dims[d] = found
    return Result(
        bank_version=bank_version,
        org_type=org_type,
        dimensions=dims,
        overall_score=kept.overall_score,
        overall_level=kept.overall_level,
        uncapped_level=kept.uncapped_level,
        answers={},
        form=kept.form,
        expired=json.loads(kept.expired) if kept.expired else {},
    )


def latest(entries: Sequence[Entry]) -> list[Entry]:
    """Per client, unit and respondent: the newest submitted assessment, else the newest one."""
    best: dict[tuple[int, int | None, str], Entry] = {}
    for e in entries:
        held = best.get(e.target)
        if held is None or (e.status == SUBMITTED, e.date, e.assessment_id) > (
            held.status == SUBMITTED,
            held.date,
            held.assessment_id,
        ):
            best[e.target] = e
    return sorted(best.values(), key=lambda e: (e.client.casefold(), e.unit.casefold(), e.respondent))


def one_per_unit(entries: Sequence[Entry]) -> list[Entry]:
    """One entry per client and unit, for comparing units: the newest submitted one (whoever answered),
    else the newest one. Several respondents of a unit are compared in their own view."""
    best: dict[tuple[int, int | None], Entry] = {}
    for e in entries:
        key = (e.client_id, e.unit_id)
        held = best.get(key)
        if held is None or (e.status == SUBMITTED, e.date, e.assessment_id) > (
            held.status == SUBMITTED,
            held.date,
            held.assessment_id,
        ):
            best[key] = e
    return list(best.values())


def portfolio_table(bank: Bank, entries: Sequence[Entry]) -> pd.DataFrame:
    """Stable column ids; the page translates the headers."""
    records = []
    for e in entries:
        r = e.result
        row: dict[str, object] = {
            "client": e.client,
            "unit": e.unit,
            "respondent": e.respondent,
            "org_type": e.org_type,
            "overall_score": r.overall_score if r else None,
            "overall_level": r.overall_level if r else None,
            "provisional": e.provisional,
        }
        for d in bank.dimensions:
            dr = r.dimensions.get(d) if r else None
            row[f"{d}_score"] = dr.score if dr else None
            row[f"{d}_level"] = dr.level if dr else None
        row.update(
            status=e.status, percent=e.percent, date=e.date, assessment_id=e.assessment_id, form=e.form
        )
        records.append(row)
    columns = ["client", "unit", "respondent", "org_type", "overall_score", "overall_level", "provisional"]
    columns += [f"{d}_{k}" for d in bank.dimensions for k in ("score", "level")]
    columns += ["status", "percent", "date", "assessment_id", "form"]
    return pd.DataFrame.from_records(records, columns=columns)


@dataclass(frozen=True)
class Lag:
    unit: str
    dimension: str
    score: float
    median: float


@dataclass(frozen=True)
class Coherence:
    units: int  # units with a result
    spread: pd.DataFrame  # index: dimension id; columns n, min, max, median, range, std
    lagging: list[Lag]
    shared: list[tuple[str, int]]  # recommendation id, how many units have it; most shared first


def coherence(bank: Bank, unit_entries: Sequence[Entry]) -> Coherence:
    scored = [e for e in unit_entries if e.result is not None]
    rows: dict[str, dict[str, float | None]] = {}
    lagging: list[Lag] = []
    for d in bank.dimensions:
        values = [(e.label, e.result.dimensions[d].score) for e in scored if e.result is not None]
        present = [(who, s) for who, s in values if s is not None]
        scores = [s for _, s in present]
        if not scores:
            rows[d] = {"n": 0, "min": None, "max": None, "median": None, "range": None, "std": None}
            continue
        median = statistics.median(scores)
        rows[d] = {
            "n": len(scores),
            "min": min(scores),
            "max": max(scores),
            "median": round(median, 1),
            "range": round(max(scores) - min(scores), 1),
            "std": round(statistics.pstdev(scores), 1),
        }
        lagging += [Lag(who, d, s, median) for who, s in present if s < median - LAG]
    counts: dict[str, int] = {}
    plans = [e.plan for e in scored if e.plan is not None]
    for plan in plans:
        for rid in {item.id for item in plan.items}:
            counts[rid] = counts.get(rid, 0) + 1
    # "Shared" needs two units at least: with two units, half of them is one unit alone.
    need = max(2, math.ceil(SHARED * len(plans)))
    order = {rid: i for i, rid in enumerate(bank.recommendations)}
    shared = sorted(
        ((r, n) for r, n in counts.items() if n >= need), key=lambda x: (-x[1], order.get(x[0], 0))
    )
    spread = pd.DataFrame.from_dict(
        rows, orient="index", columns=["n", "min", "max", "median", "range", "std"]
    )
    return Coherence(len(scored), spread, lagging, shared)


def combine(answer_sets: Sequence[Mapping[str, AnswerValue]]) -> dict[str, AnswerValue]:
    combined: dict[str, AnswerValue] = {}
    qids = dict.fromkeys(q for answers in answer_sets for q in answers)
    for qid in qids:
        given = [a[qid] for a in answer_sets if a.get(qid) is not None]
        steps = [answer_rank(v) for v in given if v != NA]
        if not steps:
            combined[qid] = NA
            continue
        mean = sum(s for s in steps if s is not None) / len(steps)
        combined[qid] = int(math.floor(mean + 0.5))  # half up: 2.5 → 3, never banker's rounding
    return combined


def combined_result(
    bank: Bank, answer_sets: Sequence[Mapping[str, AnswerValue]], org_type: str, form: str = FULL
) -> Result:
    return score(bank, combine(answer_sets), org_type, form)


@dataclass(frozen=True)
class Disagreement:
    question_id: str
    values: tuple[AnswerValue | None, ...]  # one per respondent, in the order given
    range: int
    std: float


def disagreements(
    bank: Bank, answer_sets: Sequence[Mapping[str, AnswerValue]], top: int = 10
) -> list[Disagreement]:
    out = []
    for qid in bank.questions:
        values = tuple(a.get(qid) for a in answer_sets)
        steps = [s for s in (answer_rank(v) for v in values) if s is not None]
        if len(steps) < 2 or max(steps) == min(steps):
            continue
        out.append(Disagreement(qid, values, max(steps) - min(steps), round(statistics.pstdev(steps), 2)))
    order = {q: i for i, q in enumerate(bank.questions)}
    out.sort(key=lambda d: (-d.range, -d.std, order[d.question_id]))
    return out[:top]


def in_trend(e: Entry) -> bool:
    """A submitted assessment with its result: a point on a trend line."""
    return e.status == SUBMITTED and e.result is not None


def trend(entries: Sequence[Entry], target: tuple[int, int | None, str]) -> list[Entry]:
    """A client's (or unit's) submitted assessments, oldest first."""
    mine = [e for e in entries if e.target == target and in_trend(e)]
    return sorted(mine, key=lambda e: (e.date, e.assessment_id))
