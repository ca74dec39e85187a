"""How a result's levels are named wherever they are shown (results page, PDF, CSV): written once here.

The five narrative names (Experimenting … Resilient) describe the whole organization and name the overall
level only; a dimension's level is "Level n of 5" with that dimension's own summary and description."""

from __future__ import annotations

from assessment.bank import Bank
from assessment.bank.model import DimensionLevel
from assessment.i18n import t


def dimension_level(bank: Bank, dim_id: str, number: int) -> DimensionLevel:
    return bank.dimensions[dim_id].level(number)


def dimension_level_label(bank: Bank, dim_id: str, number: int, lang: str) -> str:
    """'Level 2 of 5 · A few precautions, nothing written or rehearsed'."""
    dim = bank.dimensions[dim_id]
    summary = dim.level(number).summary(lang)
    return t("results.dim_level", lang, n=number, total=len(dim.levels), summary=summary)


def overall_level_label(bank: Bank, number: int, lang: str) -> str:
    """'Level 3: Planned'."""
    return t("results.level_n", lang, n=number, name=bank.level(number).name(lang))
