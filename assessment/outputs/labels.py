"""How a result's levels are named wherever they are shown (results page, PDF, CSV): written once here.

The five narrative names (Experimenting … Resilient) describe the whole organization and name the overall
level only; a dimension's level is "Level n of 5" with that dimension's own summary and description."""

from __future__ import annotations

from typing import Any

from assessment.bank import Bank
from assessment.bank.model import DimensionLevel
from assessment.i18n import t, tn


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


def evidence_line(bank: Bank, qid: str, flag: dict[str, Any], lang: str) -> str:
    """ "Last drill 14 months ago (counted as step 2 instead of 4)": one expired answer (Result.expired), the
    same line on Results, in the PDF and in the portfolio."""
    q = bank.questions.get(qid)
    label = q.evidence_label(lang) if q is not None and q.evidence_label is not None else qid
    text = tn("evidence.age", int(flag["months"]), lang, label=label)
    text = text[:1].upper() + text[1:]
    if flag["counted"] != flag["given"]:
        text += f" ({t('evidence.capped', lang, counted=flag['counted'], given=flag['given'])})"
    return text
