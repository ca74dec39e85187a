"""Every string of the interface, in English, Spanish and Italian, from gettext catalogs.

    t("start.button", lang)                       → "Start the survey"
    t("results.header", lang, org=name)           → "Results for …"
    tn("survey.unanswered_left", n, lang)         → "1 question in this section is still unanswered."

The catalogs are `locale/<lang>/LC_MESSAGES/foco.po` (see catalogs.py and docs/translating.md). They are read
from the .po files themselves, once per process, on first use: there is no compiled file that could be
older than the text beside it. Nothing falls back to another language: a key that is missing, empty or fuzzy
in a catalog raises MissingMessage, and `python -m assessment.i18n.tools check` (run by `make test`) makes
sure that never happens.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from dataclasses import dataclass

from assessment.bank.model import LANGUAGES
from assessment.i18n import catalogs

DEFAULT_LANG = "en"


class MissingMessage(LookupError):
    """A key the catalogs cannot answer in that language (or asked for as singular when it has plurals)."""


@dataclass(frozen=True)
class _Loaded:
    texts: dict[str, str | tuple[str, ...]]
    unusable: dict[str, str]  # key → why it cannot be shown (empty, fuzzy)
    plural: Callable[[int], int]
    path: str


@functools.cache
def _catalog(lang: str) -> _Loaded:
    if lang not in LANGUAGES:
        raise MissingMessage(f"no catalog for language {lang!r} (the languages are {', '.join(LANGUAGES)})")
    path = catalogs.po_path(lang, catalogs.LOCALE_DIR)
    catalog = catalogs.read(path)
    texts: dict[str, str | tuple[str, ...]] = {}
    unusable: dict[str, str] = {}
    for message in catalogs.messages(catalog):
        key = message.context
        if key is None:
            continue
        found = catalogs.forms(message.string)
        if message.fuzzy:
            unusable[key] = "fuzzy (a translator has to confirm it)"
        elif not found or not all(found):
            unusable[key] = "not translated"
        elif message.pluralizable and len(found) != catalog.num_plurals:
            unusable[key] = f"{len(found)} plural forms where the catalog's header says {catalog.num_plurals}"
        else:
            texts[key] = found if message.pluralizable else found[0]
    return _Loaded(texts, unusable, gettext.c2py(catalog.plural_expr), str(path))


def _lookup(key: str, lang: str) -> str | tuple[str, ...]:
    loaded = _catalog(lang)
    try:
        return loaded.texts[key]
    except KeyError:
        why = loaded.unusable.get(key, "no such message")
        raise MissingMessage(f"{key!r} in {loaded.path}: {why}") from None


def t(key: str, lang: str, **values: object) -> str:
    text = _lookup(key, lang)
    if not isinstance(text, str):
        raise MissingMessage(f"{key!r} has plural forms: call tn({key!r}, n, lang)")
    return text.format(**values) if values else text


def tn(key: str, n: int, lang: str, **values: object) -> str:
    """The plural form of `key` that the language uses for n, with {n} and the other values filled in."""
    texts = _lookup(key, lang)
    if isinstance(texts, str):
        raise MissingMessage(f"{key!r} has no plural forms: call t({key!r}, lang)")
    index = _catalog(lang).plural(n)
    return texts[index].format(n=n, **values)


def lang_from_locale(locale: str | None) -> str:
    """'es-ES' → 'es'; anything we do not speak → English."""
    if not locale:
        return DEFAULT_LANG
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANG
