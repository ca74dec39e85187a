"""The one line that tells a person what a new version of the questionnaire did to their answers, and the
caption of results compared across versions. Texts in every language (assessment.i18n)."""

from __future__ import annotations

from collections.abc import Sequence

from assessment.bank import Bank
from assessment.engine.migrate import Changes
from assessment.i18n import t, tn

QUESTIONS_NAMED = 3  # more than this many to check: "and N more"
TEXT_SHOWN = 60  # characters of a question's text in the line


def versions_text(versions: Sequence[str]) -> str:
    return " → ".join(versions)


def _short(text: str) -> str:
    return text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1].rstrip() + "…"


def carried_notice(bank: Bank, changes: Changes, lang: str) -> str:
    """'The questionnaire was updated (2026.11.1 → 2026.12.1): 4 questions were merged into 2, …; please check
    your answers to “…”, “…” and 2 more.'"""
    versions = versions_text([changes.from_version, changes.to_version])
    parts: list[str] = []
    if changes.renamed:
        parts.append(tn("migrate.renamed", len(changes.renamed), lang))
    if changes.merged:
        olds = sum(len(group) - 1 for group in changes.merged)
        parts.append(t("migrate.merged.other", lang, n=olds, m=len(changes.merged)))
    if changes.split:
        news = sum(len(group) - 1 for group in changes.split)
        parts.append(tn("migrate.split", len(changes.split), lang, m=news))
    if changes.dropped:
        parts.append(tn("migrate.dropped", len(changes.dropped), lang))
    if changes.steps:
        parts.append(tn("migrate.steps", len(changes.steps), lang))
    if changes.not_carried:
        parts.append(tn("migrate.not_carried", len(changes.not_carried), lang))
    line = ", ".join(parts)
    review = [q for q in changes.review if q in bank.questions]
    if review:
        named = [t("migrate.quote", lang, text=_short(bank.questions[q].text(lang))) for q in review]
        shown = ", ".join(named[:QUESTIONS_NAMED])
        if len(named) > QUESTIONS_NAMED:
            shown += " " + tn("migrate.more", len(named) - QUESTIONS_NAMED, lang)
        line = "; ".join(p for p in (line, t("migrate.check", lang, questions=shown)) if p)
    if not line:
        return t("migrate.updated_kept", lang, versions=versions)
    return t("migrate.updated", lang, versions=versions, changes=line)


def bank_changed_caption(versions: Sequence[str], lang: str) -> str:
    return t("migrate.between", lang, versions=versions_text(versions))
