"""The question bank as the rest of Foco sees it: a validated, read-only object, and the problems that
stop one from loading."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from assessment.bank.model import (
    QUICK,
    BankInfo,
    Dimension,
    Drills,
    Form,
    Level,
    Principle,
    Question,
    Recommendation,
)
from assessment.bank.stats import reading, whole_minutes
from assessment.records import printable

if TYPE_CHECKING:
    from assessment.bank.migrations import Migration

# Bumped with every release that changes how the engine scores (engine.scoring, forms, evidence: how "don't
# know" counts, a cap, the rounding), so that the scores stored for assessments in progress
# (Bank.scoring_stamp) are worked out again even under an unchanged bank.
SCORING_REVISION = 1


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
    # How answers given under older versions carry over to this one, keyed by the version mapped from.
    migrations: dict[str, Migration] = field(default_factory=dict)
    # The crisis-drill calendar (questions/drills.yaml); None: the bank gives no drill calendar.
    drills: Drills | None = None
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

    def migration_path(self, version: str) -> list[Migration] | None:
        """The mapping files that lead from `version` to this one, oldest first ([] for this very version);
        None when no chain of them does (an unknown or a newer version)."""
        path: list[Migration] = []
        at = version
        while at != self.version:
            step = self.migrations.get(at)
            if step is None or len(path) > len(self.migrations):  # no such file, or a loop
                return None
            path.append(step)
            at = step.to_version
        return path

    @cached_property
    def scoring_stamp(self) -> str:
        """Which bank scores an assessment in progress, in a few characters: a hash over the canonical JSON of
        its version and of every value that scoring, the forms and the evidence's expiry read
        (engine.scoring, engine.forms, engine.evidence) — the dimensions in their order with their own
        `min_answered`, the levels' thresholds, each question's dimension, weight, the types it applies to
        and its evidence expiry and cap, the quick check's questions and share. The version alone does not
        say it: those may change without a new version. No text goes in (the stored scores hold none), so a
        translation fixed leaves it as it was; nor the questions' order, which no figure depends on. Worked
        out once per bank (it is frozen, and loaded once per process). Stored with the scores of an
        assessment in progress (assessment_scores.bank_version, storage/README.md), where it never equals a
        version."""
        content = {
            "scoring_revision": SCORING_REVISION,
            "version": self.version,
            "dimensions": [[d.id, d.min_answered] for d in self.dimensions.values()],
            "levels": [[lv.level, lv.min_score] for lv in self.levels],
            "questions": sorted(
                [
                    q.id,
                    q.dimension,
                    q.weight,
                    None if q.applies_to is None else sorted(q.applies_to),
                    q.evidence_expires_months,
                    q.evidence_cap_step,
                ]
                for q in self.questions.values()
            ),
            "quick": None if self.quick is None else [sorted(self.quick.questions), self.quick.min_answered],
        }
        canonical = json.dumps(content, separators=(",", ":"), sort_keys=True, allow_nan=False)
        return "scoring:" + hashlib.sha256(canonical.encode()).hexdigest()[:32]

    @cached_property
    def questions_by_dimension(self) -> dict[str, list[Question]]:
        out: dict[str, list[Question]] = {d: [] for d in self.dimensions}
        for q in self.questions.values():
            out[q.dimension].append(q)
        return out

    @property
    def quick(self) -> Form | None:
        """The quick check, when the bank defines one (bank.yaml, `forms.quick`)."""
        return self.info.forms.quick

    @cached_property
    def quick_ids(self) -> frozenset[str]:
        return frozenset(self.quick.questions) if self.quick else frozenset()

    def form_questions(self, form: str) -> list[Question]:
        """The questions a form asks, in the bank's order: the quick check's, or every question (the full
        survey, and the quick check of a bank that defines none)."""
        if form == QUICK and self.quick is not None:
            return [q for q in self.questions.values() if q.id in self.quick_ids]
        return list(self.questions.values())

    def reading_minutes(self, lang: str, form: str = "full") -> tuple[int, int]:
        """How long a form takes a person, in whole minutes rounded up: (skipping the help texts, reading
        everything). The estimate and what it counts are those of `python -m assessment stats`."""
        read = reading(self.form_questions(form), lang)
        return whole_minutes(read.minutes_without_help), whole_minutes(read.minutes)

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
