"""The catalogs' completeness check, run by `make test` (python -m assessment.i18n.tools check).

It fails, naming the file and line, on:
- a message missing, empty or fuzzy in a language, or translated from another English text than the
  current one; a language with a different number of plural forms than its Plural-Forms header says;
- a `{placeholder}` set that differs from the English one, in any form of any language;
- a Plural-Forms header that is missing or not the one gettext uses for the language;
- foco.pot out of date with en.po (en.po is the source; `tools sync` remakes the template);
- a message defined but never used by the code, a key used by the code but not defined, t() on a message
  with plural forms or tn() on one without, a call that does not pass a placeholder the message needs;
- a Spanish string in the familiar register (singular or plural) or an Italian one that says "community" (the
  word is *comunità*; "community manager" is the role).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError

from assessment.bank.model import LANGUAGES
from assessment.i18n import catalogs, usage
from assessment.i18n.catalogs import SOURCE_LANG, forms, placeholders

# Familiar Spanish: the pronouns and possessives of the familiar singular and plural, and the plural verb
# endings (podéis, tenéis, evaluéis). Imperatives such as "elige" cannot be told apart by a word list:
# review them.
FAMILIAR_ES = re.compile(
    # The plural's pronouns and possessives as classes, as bank/wording.py writes them: same words matched.
    r"\b(tú|tu|tus|te|ti|contigo|vosotr[oa]s|vuestr[oa]s?|os|\w+[áé]is)\b",
    re.IGNORECASE,
)
COMMUNITY_IT = re.compile(r"\bcommunity\b(?! manager)", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    where: str  # "path:line" or "path"
    key: str | None
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.key}: {self.what}" if self.key else f"{self.where}: {self.what}"


@dataclass
class _Read:
    lang: str | None  # None for the template
    path: Path
    shown: str
    catalog: Catalog | None = None
    by_key: dict[str, Message] = field(default_factory=dict)

    def at(self, message: Message | None = None) -> str:
        return f"{self.shown}:{message.lineno}" if message is not None and message.lineno else self.shown


def _shown(path: Path, base: Path) -> str:
    return str(path.relative_to(base)) if path.is_relative_to(base) else str(path)


def _read(lang: str | None, path: Path, base: Path, problems: list[Problem]) -> _Read:
    read = _Read(lang, path, _shown(path, base))
    if not path.is_file():
        problems.append(Problem(read.shown, None, "missing (python -m assessment.i18n.tools sync makes it)"))
        return read
    try:
        read.catalog = catalogs.read(path, strict=True)
    except PoFileError as exc:
        problems.append(Problem(read.shown, None, f"cannot be read: {exc}"))
        return read
    for message in catalogs.messages(read.catalog):
        key = message.context
        if not key:
            problems.append(Problem(read.at(message), None, f"message {message.id!r} has no key (msgctxt)"))
        elif key in read.by_key:
            problems.append(Problem(read.at(message), key, "defined twice"))
        else:
            read.by_key[key] = message
    return read


def _header(read: _Read, problems: list[Problem]) -> None:
    if read.lang is None or read.catalog is None:
        return
    expected = get_plural(read.lang).plural_forms
    found = re.search(r'^"Plural-Forms: *([^"\\]*)', read.path.read_text(encoding="utf-8"), re.MULTILINE)
    if not found:
        problems.append(Problem(read.shown, None, f"no Plural-Forms header (it should be {expected!r})"))
    elif found.group(1).replace(" ", "") != expected.replace(" ", ""):
        problems.append(Problem(read.shown, None, f"Plural-Forms is {found.group(1)!r}, not {expected!r}"))
    if str(read.catalog.locale) != read.lang:
        problems.append(Problem(read.shown, None, f"its Language header says {read.catalog.locale}"))


def _fields(text: str, where: str, key: str, problems: list[Problem]) -> set[str] | None:
    try:
        return placeholders(text)
    except ValueError as exc:
        problems.append(Problem(where, key, f"unpaired braces in {text!r} ({exc})"))
        return None


def _source(en: _Read, problems: list[Problem]) -> dict[str, set[str]]:
    """The English messages' placeholders; checks that en.po repeats each msgid as its msgstr."""
    fields: dict[str, set[str]] = {}
    for key, message in en.by_key.items():
        ids = forms(message.id)
        if forms(message.string) != ids:
            problems.append(
                Problem(en.at(message), key, "en.po's msgstr must repeat the msgid (run tools sync)")
            )
        found = [_fields(text, en.at(message), key, problems) for text in ids]
        sets = [s for s in found if s is not None]
        if len(sets) != len(found) or not sets:
            continue
        first = sets[0]
        for other in sets[1:]:
            if other != first:
                problems.append(
                    Problem(
                        en.at(message), key, f"the plural msgid has {_set(other)}, the singular {_set(first)}"
                    )
                )
        fields[key] = first
    return fields


def _set(names: Iterable[str]) -> str:
    return "{" + ", ".join(sorted(names)) + "}" if names else "no placeholder"


def _translation(read: _Read, en: _Read, fields: dict[str, set[str]], problems: list[Problem]) -> None:
    assert read.catalog is not None and read.lang is not None
    nplurals = get_plural(read.lang).num_plurals
    for key, source in en.by_key.items():
        message = read.by_key.get(key)
        if message is None:
            problems.append(Problem(read.shown, key, f"missing (English: {_brief(source.id)})"))
            continue
        where = read.at(message)
        if message.fuzzy:
            problems.append(Problem(where, key, "fuzzy: review the translation and remove the fuzzy flag"))
        if message.id != source.id:
            problems.append(
                Problem(
                    where,
                    key,
                    f"translated from another English text; now {_brief(source.id)} (run tools sync)",
                )
            )
        if message.pluralizable != source.pluralizable:
            kind = "has plural forms" if source.pluralizable else "has no plural forms"
            problems.append(Problem(where, key, f"the English message {kind}, this one does not agree"))
            continue
        texts = forms(message.string)
        if message.pluralizable and len(texts) != nplurals:
            problems.append(Problem(where, key, f"{len(texts)} plural forms, {read.lang} has {nplurals}"))
        if not texts or not all(text.strip() for text in texts):
            problems.append(Problem(where, key, "empty: not translated"))
            continue
        expected = fields.get(key)
        for i, text in enumerate(texts):
            found = _fields(text, where, key, problems)
            if expected is not None and found is not None and found != expected:
                form = f" (plural form {i})" if message.pluralizable else ""
                problems.append(
                    Problem(where, key, f"placeholders {_set(found)}{form}, but English has {_set(expected)}")
                )
            _register(read.lang, text, where, key, problems)
    for key, message in read.by_key.items():
        if key not in en.by_key:
            problems.append(Problem(read.at(message), key, "not in en.po (obsolete: run tools sync)"))


def _register(lang: str, text: str, where: str, key: str, problems: list[Problem]) -> None:
    if lang == "es":
        found = sorted({m.group(0) for m in FAMILIAR_ES.finditer(text)})
        if found:
            problems.append(
                Problem(where, key, f"familiar register ({', '.join(found)}): write with usted/ustedes")
            )
    elif lang == "it" and COMMUNITY_IT.search(text):
        problems.append(Problem(where, key, "says 'community': the word is 'comunità'"))


def _brief(text: str | Sequence[str]) -> str:
    first = forms(text)[0] if forms(text) else ""
    return repr(first if len(first) <= 60 else first[:57] + "…")


def _template(pot: _Read, en: _Read, problems: list[Problem]) -> None:
    if pot.catalog is None:
        return
    expected = [(k, m.id, list(m.auto_comments)) for k, m in en.by_key.items()]
    found = [(k, m.id, list(m.auto_comments)) for k, m in pot.by_key.items()]
    if expected != found:
        problems.append(
            Problem(pot.shown, None, "out of date with en.po: run python -m assessment.i18n.tools sync")
        )
    for key, message in pot.by_key.items():
        if any(forms(message.string)):
            problems.append(Problem(pot.at(message), key, "a template carries no translation"))


def _uses(
    en: _Read,
    fields: dict[str, set[str]],
    roots: Sequence[Path],
    base: Path,
    problems: list[Problem],
) -> None:
    uses, unreadable = usage.scan(roots, base)
    for bad in unreadable:
        problems.append(
            Problem(
                bad.where, None, f"{bad.code}: the key must be a literal or an f-string, so it can be checked"
            )
        )
    used: set[str] = set()
    for use in uses:
        matched = [k for k in en.by_key if use.matches(k)]
        used.update(matched)
        if not matched:
            problems.append(
                Problem(use.where, use.shown, f"{use.function}() asks for a key that no catalog defines")
            )
            continue
        mismatched = False
        for key in matched:
            plural = en.by_key[key].pluralizable
            if plural and use.function == "t":
                problems.append(Problem(use.where, key, "has plural forms: call tn(key, n, lang)"))
                mismatched = True
            elif not plural and use.function == "tn":
                problems.append(Problem(use.where, key, "has no plural forms: call t(key, lang)"))
                mismatched = True
        if mismatched or use.key is None or use.keywords is None or use.key not in fields:
            continue
        needed = fields[use.key] - ({"n"} if use.function == "tn" else set())
        if needed - use.keywords:
            problems.append(Problem(use.where, use.key, f"does not pass {_set(needed - use.keywords)}"))
        if use.keywords - needed:
            problems.append(
                Problem(
                    use.where,
                    use.key,
                    f"passes {_set(use.keywords - needed)}, which the message does not use",
                )
            )
    for key, message in en.by_key.items():
        if key not in used:
            problems.append(Problem(en.at(message), key, "defined but never used by the code"))


def check(
    locale_dir: Path = catalogs.LOCALE_DIR,
    sources: Sequence[Path] = usage.SOURCES,
    base: Path = usage.REPO,
) -> list[Problem]:
    problems: list[Problem] = []
    en = _read(SOURCE_LANG, catalogs.po_path(SOURCE_LANG, locale_dir), base, problems)
    if en.catalog is None:
        return problems
    _header(en, problems)
    fields = _source(en, problems)
    pot = _read(None, catalogs.pot_path(locale_dir), base, problems)
    _template(pot, en, problems)
    for lang in LANGUAGES:
        if lang == SOURCE_LANG:
            continue
        read = _read(lang, catalogs.po_path(lang, locale_dir), base, problems)
        if read.catalog is not None:
            _header(read, problems)
            _translation(read, en, fields, problems)
    _uses(en, fields, sources, base, problems)
    return problems
