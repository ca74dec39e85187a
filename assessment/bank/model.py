"""The bank's entities as pydantic models: what one YAML item must look like on its own.

Cross-references (ids that must exist, cycles, coverage) are checked in `checks.py` and the wording rules in
`lint.py`, which see the whole bank.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

LANGUAGES: tuple[str, ...] = ("en", "es", "it")
Lang = Literal["en", "es", "it"]
DIMENSION_IDS: tuple[str, ...] = (
    "strategic_focus",
    "help_orientation",
    "community_stewardship",
    "platform_independence",
    "crisis_readiness",
)
PRINCIPLE_IDS: tuple[str, ...] = tuple(f"P{n:02d}" for n in range(1, 26))
# The survey's forms: the quick check (the bank's `forms.quick`) and the full survey (every question).
QUICK: Literal["quick"] = "quick"
FULL: Literal["full"] = "full"
FORMS: tuple[str, ...] = (QUICK, FULL)
FormId = Literal["quick", "full"]

TEXT_MAX = 4_000  # characters in one text; the real bank's longest is under 900
# C0 controls but tab and line feed, DEL, C1 controls, lone surrogates: never text a person reads.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _no_control(value: str) -> str:
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(f"holds the control character U+{ord(bad.group()):04X}; a text cannot hold it")
    return value


NonEmpty = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX),
    AfterValidator(_no_control),
]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
PrincipleId = Annotated[str, StringConstraints(pattern=r"^P\d{2}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text a person sees, in every language. A missing language is an error, never a fallback."""

    en: NonEmpty
    es: NonEmpty
    it: NonEmpty

    def __call__(self, lang: str) -> str:
        return str(getattr(self, lang))


class OrganizationType(Strict):
    id: Id
    name: Text


class Form(Strict):
    """A shorter survey: the questions it asks and the share of each dimension's questions in it that must
    be answered for the dimension to be placed (provisionally, until its own `min_answered` is met)."""

    questions: list[Id] = Field(min_length=1)
    min_answered: float = Field(default=1.0, gt=0, le=1)


class Forms(Strict):
    quick: Form | None = None


class BankInfo(Strict):
    version: NonEmpty
    languages: list[Lang]
    organization_types: list[OrganizationType] = Field(min_length=1)
    forms: Forms = Field(default_factory=Forms)

    @field_validator("languages")
    @classmethod
    def _all_languages(cls, value: list[str]) -> list[str]:
        if sorted(value) != sorted(LANGUAGES):
            raise ValueError(f"must list exactly {', '.join(LANGUAGES)}")
        return value


class Principle(Strict):
    id: PrincipleId
    source: NonEmpty
    title: Text


class DimensionLevel(Strict):
    """What level n looks like in one dimension (the five narrative names describe the whole organization)."""

    level: int = Field(ge=1, le=5)
    summary: Text  # a few words: shown as "Level n of 5 · <summary>"
    description: Text  # one sentence


class Dimension(Strict):
    id: Id
    principles: list[PrincipleId] = Field(min_length=1)
    name: Text
    description: Text
    keep_doing: Text
    levels: list[DimensionLevel]
    min_answered: float = Field(default=0.5, gt=0, le=1)

    @field_validator("levels")
    @classmethod
    def _five_levels(cls, value: list[DimensionLevel]) -> list[DimensionLevel]:
        numbers = [lv.level for lv in value]
        if numbers != [1, 2, 3, 4, 5]:
            raise ValueError(f"must be exactly five levels 1, 2, 3, 4, 5 in order (found {numbers})")
        return value

    def level(self, number: int) -> DimensionLevel:
        return self.levels[number - 1]


class Level(Strict):
    level: int = Field(ge=1, le=5)
    id: Id
    min_score: float = Field(ge=0, le=100)
    name: Text
    description: Text


class Option(Strict):
    score: int = Field(ge=0, le=4)
    text: Text


class Question(Strict):
    id: Id
    dimension: Id
    # General practice, not drawn from the source texts: then `principles` may be empty and `source` absent
    # (checks.py requires both otherwise).
    beyond_sources: bool = False
    principles: list[PrincipleId] = Field(default_factory=list)
    source: NonEmpty | None = None
    weight: float = Field(default=1.0, gt=0, le=10)
    allow_na: bool = False
    applies_to: list[Id] | None = None
    text: Text
    help: Text
    options: list[Option]
    quality: Text | None = None
    # Evidence that goes stale: an answer whose evidence is dated more than this many months ago is flagged,
    # and counts at most `evidence_cap_step` (assessment.engine.evidence). Both optional; the cap needs the
    # expiry.
    evidence_expires_months: int | None = Field(default=None, ge=1, le=120)
    evidence_cap_step: int | None = Field(default=None, ge=0, le=3)
    # What the dated evidence is, as the flag names it: "last drill" → "last drill 14 months ago".
    evidence_label: Text | None = None

    @model_validator(mode="after")
    def _cap_needs_expiry(self) -> Question:
        if self.evidence_cap_step is not None and self.evidence_expires_months is None:
            raise ValueError(
                "evidence_cap_step needs evidence_expires_months (after how long evidence expires)"
            )
        if (self.evidence_expires_months is None) != (self.evidence_label is None):
            raise ValueError(
                "evidence_expires_months and evidence_label go together: name what the dated evidence is"
            )
        return self

    @field_validator("options")
    @classmethod
    def _five_steps(cls, value: list[Option]) -> list[Option]:
        scores = [o.score for o in value]
        if scores != [0, 1, 2, 3, 4]:
            raise ValueError(
                f"must be exactly five options with scores 0, 1, 2, 3, 4 in order (found {scores})"
            )
        return value

    def applies(self, org_type: str | None) -> bool:
        return self.applies_to is None or org_type is None or org_type in self.applies_to


class When(Strict):
    questions: list[Id] = Field(default_factory=list)
    below: int = Field(default=3, ge=1, le=4)
    level_below: int | None = Field(default=None, ge=2, le=5)

    @model_validator(mode="after")
    def _something(self) -> When:
        if not self.questions and self.level_below is None:
            raise ValueError("needs `questions` or `level_below`")
        return self


class Recommendation(Strict):
    id: Id
    dimension: Id
    principles: list[PrincipleId] = Field(min_length=1)
    source: NonEmpty | None = None
    when: When
    effort: Literal["S", "M", "L"]
    impact: int = Field(ge=1, le=3)
    depends_on: list[Id] = Field(default_factory=list)
    # What doing it changes: question id -> the step that answer reaches once it is done (never lowered:
    # the projection takes the higher of today's answer and this). The questions are checked in checks.py.
    moves: dict[Id, Annotated[int, Field(ge=0, le=4)]] = Field(min_length=1)
    title: Text
    action: Text
    why: Text

    @property
    def quick_win(self) -> bool:
        # High impact for small effort: what a team can do this month and feel.
        return self.effort == "S" and self.impact >= 2


class DrillScenario(Strict):
    """One "what if…" scenario of the crisis-drill calendar (principle P22)."""

    id: Id  # stable: the calendar's event UIDs are made from it
    questions: list[Id]  # the answers that say how ready the organization is for it
    title: Text  # a short phrase, lower case: shown as "Crisis drill: <title>"
    description: Text  # the situation, and the questions the drill answers

    @field_validator("questions")
    @classmethod
    def _some_question(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError(
                "needs at least one question: the answers that say how ready the organization is for it"
            )
        twice = sorted({q for q in value if value.count(q) > 1})
        if twice:
            raise ValueError(f"lists {', '.join(twice)} twice")
        return value


DRILL_MONTHS = (1, 12)  # the months between two drills: monthly at most, yearly at least


class Drills(Strict):
    """The crisis-drill calendar (questions/drills.yaml): the dimension it serves, the question that says
    whether drills already run on a calendar, the months between two drills and the scenarios. The
    scenarios are checked one by one (named by their ids) before they reach this model."""

    dimension: Id
    question: Id
    every_months: int
    scenarios: list[DrillScenario]

    @field_validator("every_months")
    @classmethod
    def _cadence(cls, value: int) -> int:
        low, high = DRILL_MONTHS
        if not low <= value <= high:
            raise ValueError(
                f"must be {low}–{high} months between two drills (found {value}): at least one drill a year"
            )
        return value

    def scenario(self, scenario_id: str) -> DrillScenario:
        return next(s for s in self.scenarios if s.id == scenario_id)


LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Spanish", "it": "Italian"}
_LOC_PART = re.compile(r"^\d+$")


def describe_loc(loc: tuple[int | str, ...]) -> str:
    """('options', 2, 'text', 'it') -> 'options[2].text.it'."""
    out = ""
    for part in loc:
        if isinstance(part, int) or _LOC_PART.match(str(part)):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(item)"
