"""How long the survey takes to read and answer: the one estimate behind `python -m assessment stats` and the
Start page (Bank.reading_minutes).

Words are split on spaces. Minutes = words ÷ 200 a minute + 5 s a click, one click per question. Counted,
per language: every question's stem, its five options, its help and its "what would prove it" (quality),
including the questions meant for some organization types only, so the figure is an upper bound for any one
organization. The app's own labels ("Don't know", buttons) and the notes people write are not counted.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from assessment.bank.model import Question

WORDS_PER_MINUTE = 200
SECONDS_PER_CLICK = 5


def count_words(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class Reading:
    lang: str
    questions: int
    stems: int
    options: int
    help: int
    quality: int

    @property
    def words(self) -> int:
        return self.stems + self.options + self.help + self.quality

    @property
    def clicks(self) -> int:
        return self.questions  # one answer each

    def _minutes(self, words: int) -> float:
        return words / WORDS_PER_MINUTE + self.clicks * SECONDS_PER_CLICK / 60

    @property
    def minutes_without_help(self) -> float:
        """Reading the stems and options only, and answering."""
        return self._minutes(self.stems + self.options)

    @property
    def minutes_without_quality(self) -> float:
        """Reading the stems, options and help (what the survey shows without opening anything)."""
        return self._minutes(self.stems + self.options + self.help)

    @property
    def minutes(self) -> float:
        """Reading everything (help and quality too), and answering."""
        return self._minutes(self.words)


def reading(questions: Iterable[Question], lang: str) -> Reading:
    qs = list(questions)
    return Reading(
        lang=lang,
        questions=len(qs),
        stems=sum(count_words(q.text(lang)) for q in qs),
        options=sum(count_words(o.text(lang)) for q in qs for o in q.options),
        help=sum(count_words(q.help(lang)) for q in qs),
        quality=sum(count_words(q.quality(lang)) for q in qs if q.quality is not None),
    )


def whole_minutes(minutes: float) -> int:
    """Minutes as people are told them: rounded up, never promising less time than it takes."""
    return math.ceil(round(minutes, 6))
