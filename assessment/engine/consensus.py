"""Consensus: when several people answer for one unit, the consultant agrees one answer per question, with a
reason, and the agreed set becomes the unit's official assessment. Plain data in, plain data out.

The spread of a question across the respondents (the tests work each one out by hand):
- a step is an answer 0–4. "Don't know" and "not applicable" are counted apart (`dk`, `na`), never as
  steps: a "don't know" is a gap to fill, not a low answer to argue about. A blank is counted in `blank`;
- `range`: the highest step minus the lowest, 0 with fewer than two steps;
- `mixed`: the answers given are of more than one kind (a step, dk, na): "3" against "dk" disagrees even
  though its range is 0;
- `std`: the population standard deviation of the steps, 0 with fewer than two, rounded to 2 decimals;
- largest disagreements first: by range, then mixed before not, then std, then the bank's order;
- unanimous: every respondent gave the same answer and nobody left it blank.

What may be agreed: a step, "don't know", or "not applicable" where the question allows it. The first
agreement of a question needs a reason unless every respondent gave that very answer; a change of an agreed
answer always needs one (storage logs who, when, from, to and why).

Which assessment stands for a unit (`official`): once its consensus is made official, the portfolio, the
comparison of units and the exports show the unit by the consensus alone. The respondents' own assessments
stay stored and are read in the consensus view. A consensus not yet official changes nothing there.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessment.bank import Bank
from assessment.bank.model import Question
from assessment.engine import snapshot
from assessment.engine.portfolio import NOT_STARTED, SUBMITTED, Entry, latest, parsed_answers
from assessment.engine.recommend import recommend
from assessment.engine.scoring import DK, NA, AnswerValue, score
from assessment.records import NOTE_MAX

Target = tuple[int, int | None]  # (client id, unit id); no unit: the client as a whole


@dataclass(frozen=True)
class Spread:
    question_id: str
    values: tuple[AnswerValue | None, ...]  # one per respondent, in the order given
    range: int
    std: float
    dk: int
    na: int
    blank: int
    mixed: bool

    @property
    def disagree(self) -> bool:
        return self.range > 0 or self.mixed

    @property
    def unanimous(self) -> AnswerValue | None:
        """The answer every respondent gave, or None."""
        if not self.values or self.values[0] is None:
            return None
        first = self.values[0]
        return first if all(v == first for v in self.values) else None


def spread_of(question_id: str, values: Sequence[AnswerValue | None]) -> Spread:
    steps = [v for v in values if isinstance(v, int)]
    kinds = {"step" if isinstance(v, int) else v for v in values if v is not None}
    two = len(steps) >= 2
    return Spread(
        question_id=question_id,
        values=tuple(values),
        range=max(steps) - min(steps) if two else 0,
        std=round(statistics.pstdev(steps), 2) if two else 0.0,
        dk=sum(1 for v in values if v == DK),
        na=sum(1 for v in values if v == NA),
        blank=sum(1 for v in values if v is None),
        mixed=len(kinds) > 1,
    )


def spreads(bank: Bank, answer_sets: Sequence[Mapping[str, AnswerValue]], org_type: str) -> list[Spread]:
    """Every question that applies to the organization, the largest disagreements first."""
    order = {qid: i for i, qid in enumerate(bank.questions)}
    out = [
        spread_of(q.id, [answers.get(q.id) for answers in answer_sets])
        for q in bank.questions.values()
        if q.applies(org_type)
    ]
    out.sort(key=lambda s: (-s.range, not s.mixed, -s.std, order[s.question_id]))
    return out


def choices(question: Question) -> list[AnswerValue]:
    """What may be agreed: the five steps, "don't know", and "not applicable" where the question allows it."""
    out: list[AnswerValue] = [0, 1, 2, 3, 4, DK]
    return [*out, NA] if question.allow_na else out


def reason_needed(value: AnswerValue, before: AnswerValue | None, spread: Spread | None) -> bool:
    if before is not None:
        return True  # a change: the log must say why
    return spread is None or spread.unanimous != value


def problem(
    bank: Bank,
    org_type: str,
    question_id: str,
    value: AnswerValue | None,
    reason: str | None,
    before: AnswerValue | None = None,
    spread: Spread | None = None,
) -> str | None:
    """Why this agreed answer cannot be saved (a key: question, value, reason, reason_long), or None."""
    question = bank.questions.get(question_id)
    if question is None or not question.applies(org_type):
        return "question"
    if value is None or isinstance(value, bool) or value not in choices(question):
        return "value"
    text = (reason or "").strip()
    if len(reason or "") > NOTE_MAX:
        return "reason_long"
    if not text and reason_needed(value, before, spread):
        return "reason"
    return None


def unanimous_open(spread_list: Sequence[Spread], agreed: Mapping[str, object]) -> dict[str, AnswerValue]:
    """The questions every respondent answered alike and that have no agreed answer yet."""
    out: dict[str, AnswerValue] = {}
    for s in spread_list:
        value = s.unanimous
        if value is not None and s.question_id not in agreed:
            out[s.question_id] = value
    return out


def missing(bank: Bank, org_type: str, agreed: Mapping[str, object]) -> list[str]:
    """The questions that apply and have no agreed answer yet: a consensus is made official without any."""
    return [q.id for q in bank.questions.values() if q.applies(org_type) and q.id not in agreed]


def snapshot_json(bank: Bank, agreed: Mapping[str, str], org_type: str) -> str:
    """The stored result of the official consensus: the agreed answers scored and planned with this bank."""
    result = score(bank, parsed_answers(agreed), org_type)
    return snapshot.dumps(result, recommend(bank, result))


def candidates(entries: Sequence[Entry]) -> dict[Target, list[Entry]]:
    """The units a consensus is for — two respondents or more who have answered, or a consensus already
    begun — each with its respondents' standing assessments (see portfolio.latest), by respondent."""
    people = latest([e for e in entries if not e.consensus and e.status != NOT_STARTED])
    groups: dict[Target, list[Entry]] = {}
    for e in people:
        groups.setdefault((e.client_id, e.unit_id), []).append(e)
    begun = {(e.client_id, e.unit_id) for e in entries if e.consensus}
    return {k: groups.get(k, []) for k in {*groups, *begun} if len(groups.get(k, [])) >= 2 or k in begun}


def consensus_entry(entries: Sequence[Entry], target: Target) -> Entry | None:
    """The consensus of a unit (the newest, should there be several)."""
    mine = [e for e in entries if e.consensus and (e.client_id, e.unit_id) == target]
    return max(mine, key=lambda e: e.assessment_id) if mine else None


def official(entries: Sequence[Entry]) -> list[Entry]:
    """What stands in the portfolio, the exports and the comparison of units: per client, unit and
    respondent the latest assessment (portfolio.latest), except that a unit whose consensus was made official
    is shown by that consensus alone."""
    agreed: dict[Target, Entry] = {}
    for e in entries:
        if e.consensus and e.status == SUBMITTED:
            held = agreed.get((e.client_id, e.unit_id))
            if held is None or (e.date, e.assessment_id) > (held.date, held.assessment_id):
                agreed[(e.client_id, e.unit_id)] = e
    rest = latest([e for e in entries if not e.consensus and (e.client_id, e.unit_id) not in agreed])
    return sorted(
        [*rest, *agreed.values()], key=lambda e: (e.client.casefold(), e.unit.casefold(), e.respondent)
    )
