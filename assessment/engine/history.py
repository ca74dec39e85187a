"""A re-assessment against the ones before it: each dimension's change, and whether the questionnaire changed
in between. Dimensions are the bank's fixed five, so they compare across versions; questions may not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessment.engine.scoring import Result


@dataclass(frozen=True)
class Comparison:
    deltas: dict[str, float | None]  # dimension -> score now − score last time (None: either not assessed)
    versions: list[str]  # bank versions from the earliest result to now, repeats dropped; one: no change
    since_last: tuple[str, str] | None  # (then, now) when the last result was scored with another version

    @property
    def bank_changed(self) -> bool:
        return len(self.versions) > 1


def compare(past: Sequence[Result], current: Result) -> Comparison:
    """`past` oldest first; the deltas are against the last of them."""
    previous = past[-1] if past else None
    deltas: dict[str, float | None] = {}
    for dim, now in current.dimensions.items():
        before = previous.dimensions.get(dim) if previous else None
        if now.score is None or before is None or before.score is None:
            deltas[dim] = None
        else:
            deltas[dim] = round(now.score - before.score, 1)
    versions: list[str] = []
    for result in [*past, current]:
        if not versions or versions[-1] != result.bank_version:
            versions.append(result.bank_version)
    since = (
        (previous.bank_version, current.bank_version)
        if previous and previous.bank_version != current.bank_version
        else None
    )
    return Comparison(deltas=deltas, versions=versions, since_last=since)
