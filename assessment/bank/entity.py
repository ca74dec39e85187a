"""The question bank as the rest of Foco sees it: a validated, read-only object, and the problems that
stop one from loading."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from assessment.bank.model import BankInfo, Dimension, Level, Principle, Question, Recommendation
from assessment.records import printable


@dataclass(frozen=True)
class Problem:
    file: str
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        # Every part may come from the files (their names, ids, values quoted by YAML's errors).
        where = ": ".join(printable(p) for p in (self.file, self.item, self.field) if p)
        return f"{where}: {printable(self.message)}"


class BankError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the question bank:\n" + "\n".join(map(str, problems))
        )


@dataclass(frozen=True)
class Bank:
    info: BankInfo
    principles: dict[str, Principle]
    dimensions: dict[str, Dimension]
    levels: list[Level]
    questions: dict[str, Question]
    recommendations: dict[str, Recommendation]
    # init=False: a copy made with dataclasses.replace() gets a cache of its own, never the original's.
    _memo: dict[object, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def memo(self, key: object, build: Callable[[], Any]) -> Any:
        """Derived tables (escaped CSV texts, trigger rules) built once per bank, not per organization."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    @property
    def version(self) -> str:
        return self.info.version

    @cached_property
    def questions_by_dimension(self) -> dict[str, list[Question]]:
        out: dict[str, list[Question]] = {d: [] for d in self.dimensions}
        for q in self.questions.values():
            out[q.dimension].append(q)
        return out

    def reading_minutes(self, lang: str) -> tuple[int, int]:
        """How long the survey takes a person: (skipping the help texts, reading everything).

        Careful silent reading of unfamiliar prose runs near 230 words a minute (Brysbaert 2019); add
        six seconds a question to choose and click."""
        words = sum(
            len(q.text(lang).split()) + sum(len(o.text(lang).split()) for o in q.options)
            for q in self.questions.values()
        )
        help_words = sum(len(q.help(lang).split()) for q in self.questions.values())
        clicks = len(self.questions) * 6 / 60
        return round(words / 230 + clicks), round((words + help_words) / 230 + clicks)

    def level_for(self, score: float) -> Level:
        chosen = self.levels[0]
        for level in self.levels:
            if score >= level.min_score:
                chosen = level
        return chosen

    def level(self, number: int) -> Level:
        return self.levels[number - 1]

    def org_type_name(self, type_id: str, lang: str) -> str:
        for t in self.info.organization_types:
            if t.id == type_id:
                return t.name(lang)
        return type_id
