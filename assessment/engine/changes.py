"""What changed, and why: between an earlier assessment and a re-assessment of the same organization or
unit, per dimension the answers that rose or fell, and which plan items marked done moved them.

An answer counts as the step it scores ("don't know" as step 0, as in scoring); one that is not applicable or
unanswered on either side is not compared. A done item "moved" an answer that rose when its `moves` in the
bank take that question above where it stood before: the item says it lifts that answer, and it did rise.
A done item none of whose answers rose is listed too: marked done, yet the answers do not show it.

Both results are read in today's questions (snapshot.in_todays_terms), so a re-assessment on a newer bank
compares renamed and re-stepped questions through the bank's mapping files."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from assessment.bank import Bank
from assessment.engine.scoring import Result, answer_rank
from assessment.engine.snapshot import in_todays_terms
from assessment.i18n import t


@dataclass(frozen=True)
class AnswerChange:
    question_id: str
    dimension: str
    before: int  # the step it counted as ("don't know" counts as 0)
    after: int
    moved_by: tuple[str, ...]  # done recommendation ids that lift this answer above `before`

    @property
    def rose(self) -> bool:
        return self.after > self.before


@dataclass(frozen=True)
class DimensionChange:
    dimension: str
    before: float | None  # score then (None: not assessed)
    after: float | None
    rose: tuple[AnswerChange, ...]  # in the bank's order
    fell: tuple[AnswerChange, ...]

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


@dataclass(frozen=True)
class WhatChanged:
    dimensions: dict[str, DimensionChange]
    done_no_effect: tuple[str, ...]  # done items (known to the bank) none of whose answers rose
    bank_changed: bool  # the two were scored with different bank versions

    @property
    def anything(self) -> bool:
        return any(d.rose or d.fell for d in self.dimensions.values())


def what_changed(bank: Bank, before: Result, after: Result, done: Collection[str] = ()) -> WhatChanged:
    """`before` the earlier result, `after` the re-assessment's; `done` the recommendation ids marked done
    (the re-assessment's statuses, carried from the earlier plan)."""
    then, _ = in_todays_terms(bank, before, {})
    now, _ = in_todays_terms(bank, after, {})
    done_recs = {rid: bank.recommendations[rid] for rid in dict.fromkeys(done) if rid in bank.recommendations}
    changes: dict[str, tuple[list[AnswerChange], list[AnswerChange]]] = {d: ([], []) for d in bank.dimensions}
    effective: set[str] = set()
    for qid, q in bank.questions.items():
        was, is_ = answer_rank(then.answers.get(qid)), answer_rank(now.answers.get(qid))
        if was is None or is_ is None or was == is_:
            continue
        movers: tuple[str, ...] = ()
        if is_ > was:
            movers = tuple(rid for rid, rec in done_recs.items() if rec.moves.get(qid, -1) > was)
            effective.update(movers)
        change = AnswerChange(qid, q.dimension, was, is_, movers)
        changes[q.dimension][0 if change.rose else 1].append(change)
    dims = {
        d: DimensionChange(
            d,
            before.dimensions[d].score if d in before.dimensions else None,
            after.dimensions[d].score if d in after.dimensions else None,
            tuple(rose),
            tuple(fell),
        )
        for d, (rose, fell) in changes.items()
    }
    no_effect = tuple(rid for rid in done_recs if rid not in effective)
    return WhatChanged(dims, no_effect, before.bank_version != after.bank_version)


def answer_line(bank: Bank, change: AnswerChange, lang: str) -> str:
    """One answer that rose or fell: the question, the steps, and the done items that moved it."""
    line = t(
        "changes.answer",
        lang,
        question=bank.questions[change.question_id].text(lang),
        before=change.before,
        after=change.after,
    )
    if change.moved_by:
        titles = t("why.list_separator", lang).join(
            bank.recommendations[r].title(lang) for r in change.moved_by
        )
        line += " " + t("changes.moved_by", lang, items=titles)
    return line


def dimension_line(bank: Bank, change: DimensionChange, lang: str) -> str:
    """The dimension's score then and now, and how many answers rose and fell."""
    name = bank.dimensions[change.dimension].name(lang)
    then = f"{change.before:.1f}" if change.before is not None else "—"
    now = f"{change.after:.1f}" if change.after is not None else "—"
    return t(
        "changes.dimension",
        lang,
        dimension=name,
        before=then,
        after=now,
        rose=len(change.rose),
        fell=len(change.fell),
    )
