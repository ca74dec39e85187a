"""The peer benchmark as CSV (`python -m assessment benchmark`): the same figures as the app, one row per
organization type and dimension that meets the minimum. Columns (README, "Peer benchmark"):
organization_type, organization_type_name, dimension, dimension_name, organizations, q1, median, q3."""

from __future__ import annotations

from collections.abc import Iterable

from assessment.bank import Bank
from assessment.engine.benchmark import OVERALL, Figure
from assessment.i18n import t
from assessment.outputs.export import to_csv

BENCHMARK_COLUMNS = [
    "organization_type",
    "organization_type_name",
    "dimension",
    "dimension_name",
    "organizations",
    "q1",
    "median",
    "q3",
]


def dimension_name(bank: Bank, dimension: str, lang: str) -> str:
    if dimension == OVERALL:
        return t("bench.overall", lang)
    return bank.dimensions[dimension].name(lang) if dimension in bank.dimensions else dimension


def benchmark_csv(bank: Bank, found: Iterable[Figure], lang: str) -> str:
    """A suppressed quartile is an empty cell; a type or dimension below the minimum has no row at all."""
    rows = [
        [
            f.org_type,
            bank.org_type_name(f.org_type, lang),
            f.dimension,
            dimension_name(bank, f.dimension, lang),
            f.organizations,
            f.q1,
            f.median,
            f.q3,
        ]
        for f in found
    ]
    return to_csv(BENCHMARK_COLUMNS, rows)
