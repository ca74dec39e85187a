"""Carry an assessment's answers from an older bank version to this one through the bank's mapping files
(questions/migrations/, see docs/bank-format.md). Pure: old answers with their notes and evidence in, new
answers and what changed out; storage writes them, the CLI converts files with them.

The rules, applied file by file along a chain N → N+1 → N+2:
- an answer goes to every question its old question becomes (`to`), its step mapped by `steps`; a step
  mapped to null is not carried;
- when several answers land on one question, the old question with the new one's id wins; otherwise the
  lowest carried step (the cautious reading; a known step before "don't know" at the same rank, and "not
  applicable" only when nothing else came);
- "don't know" and "not applicable" are carried as they are, but "not applicable" only where the new
  question allows it: elsewhere the question is left unanswered and flagged;
- notes and evidence follow their answer, joined when answers merge (within the storage limits).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from assessment.bank import Bank
from assessment.bank.migrations import Migration
from assessment.engine.scoring import DK, NA, AnswerValue
from assessment.records import EVIDENCE_MAX, NOTE_MAX


@dataclass(frozen=True)
class Given:
    """One answer as stored: a value (None: cleared or not carried) with its note, evidence and time."""

    value: AnswerValue | None
    note: str | None = None
    evidence: str | None = None
    answered_at: datetime | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and not self.note and not self.evidence


@dataclass(frozen=True)
class Changes:
    """What a carry-over did to one person's answers. Ids of the old version in renamed, merged, split and
    dropped; ids of the new version in steps, not_carried and review (in the bank's order)."""

    from_version: str
    to_version: str
    renamed: list[str] = field(default_factory=list)
    merged: list[list[str]] = field(default_factory=list)  # per new question: [new id, *every old id]
    split: list[list[str]] = field(default_factory=list)  # per old question: [old id, *its new ids]
    dropped: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # the answer moved to another step
    not_carried: list[str] = field(default_factory=list)  # answered before, now unanswered
    review: list[str] = field(default_factory=list)  # the person should look at these again

    @property
    def anything(self) -> bool:
        return bool(self.renamed or self.merged or self.split or self.dropped or self.steps or self.review)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Changes:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Carried:
    answers: dict[str, Given]  # new question id -> answer; questions with nothing carried are absent
    changes: Changes


def composed(path: Sequence[Migration]) -> dict[str, list[str]]:
    """Every question of the first version -> the questions of the last it ends up as, along the chain."""
    out: dict[str, list[str]] = {}
    for old, entry in path[0].questions.items():
        ids = list(entry.to)
        for step in path[1:]:
            ids = list(
                dict.fromkeys(n for i in ids for n in (step.questions[i].to if i in step.questions else []))
            )
        out[old] = ids
    return out


def _rank(value: AnswerValue) -> tuple[int, int]:
    if value == NA:
        return (9, 0)
    if value == DK:
        return (0, 1)
    return (int(value), 0)


def _join(parts: list[str | None], sep: str, limit: int) -> str | None:
    texts = list(dict.fromkeys(p.strip() for p in parts if p and p.strip()))
    if not texts:
        return None
    joined = sep.join(texts)
    # Past the limit the text is cut: the archive keeps every word of the originals.
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"


def _step(
    migration: Migration, answers: Mapping[str, Given], flags: Mapping[str, set[str]]
) -> tuple[dict[str, Given], dict[str, set[str]]]:
    """One mapping file: the answers of its old version -> those of its new one. `flags` (kind -> ids of
    the old version) travel to the new ids, and this file adds its own."""
    moved = {
        kind: {n for i in ids if i in migration.questions for n in migration.questions[i].to}
        for kind, ids in flags.items()
    }
    landing: dict[str, list[tuple[str, Given, bool]]] = {}  # new id -> (old id, carried answer, step moved)
    for old, given in answers.items():
        entry = migration.questions.get(old)
        if entry is None or given.empty:
            continue  # not a question of this version, or nothing to carry: kept only in the archive
        value: AnswerValue | None = given.value
        if isinstance(value, int):
            value = entry.step(value)
        shifted = value is not None and value != given.value
        for new in entry.to:
            landing.setdefault(new, []).append(
                (old, Given(value, given.note, given.evidence, given.answered_at), shifted)
            )
            if entry.review:
                moved["review"].add(new)
            if given.value is not None and value is None:
                moved["lost"].add(new)
    out: dict[str, Given] = {}
    for new, candidates in landing.items():
        candidates.sort(key=lambda c: c[0] != new)  # the old question with the new id first, then file order
        valued = [(c, v) for c in candidates if (v := c[1].value) is not None]
        same = [c for c, _ in valued if c[0] == new]
        # Otherwise the lowest answer (ties: file order).
        lowest = min(valued, key=lambda cv: _rank(cv[1]), default=None)
        chosen = same[0] if same else lowest[0] if lowest else None
        if chosen is not None and chosen[2]:
            moved["steps"].add(new)
        times = [c[1].answered_at for c in candidates if c[1].answered_at is not None]
        out[new] = Given(
            value=chosen[1].value if chosen else None,
            note=_join([c[1].note for c in candidates], "\n\n", NOTE_MAX),
            evidence=_join([c[1].evidence for c in candidates], " · ", EVIDENCE_MAX),
            answered_at=max(times) if times else None,
        )
    return out, moved


def carry(bank: Bank, path: Sequence[Migration], answers: Mapping[str, Given]) -> Carried:
    """The answers of version path[0].from_version carried to `bank` (path[-1].to_version == bank.version)."""
    if not path:
        return Carried(dict(answers), Changes(bank.version, bank.version))
    flags: dict[str, set[str]] = {"steps": set(), "lost": set(), "review": set()}
    current: dict[str, Given] = dict(answers)
    for migration in path:
        current, flags = _step(migration, current, flags)
    for qid, given in list(current.items()):
        question = bank.questions.get(qid)
        if question is None:
            del current[qid]
        elif given.value == NA and not question.allow_na:
            current[qid] = Given(None, given.note, given.evidence, given.answered_at)
            flags["lost"].add(qid)
    lost = {q for q in flags["lost"] if q not in current or current[q].value is None}
    current = {q: g for q, g in current.items() if not g.empty}
    # The survey's order: dimension by dimension.
    order = {
        q.id: i for i, q in enumerate(q for d in bank.dimensions for q in bank.questions_by_dimension[d])
    }

    def ordered(ids: set[str]) -> list[str]:
        return sorted((i for i in ids if i in order), key=order.__getitem__)

    return Carried(
        current,
        _classify(
            path,
            answers,
            steps=ordered(flags["steps"] - lost),
            not_carried=ordered(lost),
            review=ordered(flags["review"] | flags["steps"] | lost),
            version=bank.version,
        ),
    )


def _classify(
    path: Sequence[Migration],
    answers: Mapping[str, Given],
    *,
    steps: list[str],
    not_carried: list[str],
    review: list[str],
    version: str,
) -> Changes:
    # What happened to each question the person had answered, from the first version to the last.
    ends = composed(path)
    landing: dict[str, list[str]] = {}
    for old, news in ends.items():
        for new in news:
            landing.setdefault(new, []).append(old)
    given = [q for q in path[0].questions if q in answers and not answers[q].empty]
    unknown = [q for q in answers if q not in path[0].questions and not answers[q].empty]
    renamed: list[str] = []
    merged: dict[str, list[str]] = {}
    split: list[list[str]] = []
    dropped: list[str] = []
    for old in given:
        news = ends[old]
        if not news:
            dropped.append(old)
        elif len(news) > 1:
            split.append([old, *news])
        elif len(landing[news[0]]) > 1:
            merged.setdefault(news[0], [news[0], *landing[news[0]]])
        elif news[0] != old:
            renamed.append(old)
    return Changes(
        from_version=path[0].from_version,
        to_version=version,
        renamed=renamed,
        merged=list(merged.values()),
        split=split,
        dropped=dropped + unknown,
        steps=steps,
        not_carried=not_carried,
        review=review,
    )
