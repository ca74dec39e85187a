"""Where the gettext catalogs live, and reading and writing them with Babel.

One message per UI string: its context (msgctxt) is the key the code asks for (`start.button`), its msgid
the English text, its msgstr the text in the catalog's language. `en.po` is the source: its msgstr repeats
the msgid, and `foco.pot` is made from it (see tools.py).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterator, Sequence
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, unescape, write_po

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "foco"
SOURCE_LANG = "en"
PROJECT = "Foco"
WIDTH = 76  # what `pybabel update` wraps at, so running it leaves the files as they are
HEADER = """\
# {what} of Foco's user interface.
# Each message's context (msgctxt) is the key the code asks for: keep it.
# How to add and translate a string: docs/translating.md
#"""
TEAMS = {"en": "English", "es": "Español", "it": "Italiano"}

# A msgid or msgstr: one text, or one per plural form.
Text = str | tuple[str, ...]


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def pot_path(locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / f"{DOMAIN}.pot"


def read(path: Path, strict: bool = False) -> Catalog:
    """The catalog in `path`; strict: a syntax error raises babel's PoFileError instead of being skipped."""
    with path.open("rb") as f:
        catalog = read_po(f, domain=DOMAIN, abort_invalid=strict)
    for message in messages(catalog):
        _previous(message)
    return catalog


def _previous(message: Message) -> None:
    """Babel reads a fuzzy entry's `#| msgid "…"` (the English it was translated from, which Poedit and
    Weblate show as a diff) as a user comment, and would write it back as `# | msgid`: move it where it
    belongs, previous_id."""
    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not lines:
        return
    fields: dict[str, list[str]] = {}
    current = None
    for line in lines:
        name, _, rest = line.partition(" ")
        if name in ("msgid", "msgid_plural", "msgctxt"):
            current = fields.setdefault(name, [])
            line = rest.strip()
        if current is not None and line.startswith('"'):
            current.append(unescape(line))
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    previous = ["".join(fields[name]) for name in ("msgid", "msgid_plural") if name in fields]
    message.previous_id = previous


def write(path: Path, catalog: Catalog) -> None:
    buffer = BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_previous=True, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = buffer.getvalue()
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def new_catalog(lang: str | None, like: Catalog | None = None) -> Catalog:
    """An empty catalog (a template when lang is None) with Foco's header; the dates of `like`, if given, so
    that rewriting a file does not change it when its messages did not."""
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    what = "Translations template" if lang is None else f"The {lang} catalog"
    catalog = Catalog(
        locale=lang,
        domain=DOMAIN,
        header_comment=HEADER.format(what=what),
        project=PROJECT,
        version="1",
        creation_date=like.creation_date if like else now,
        revision_date=(like.revision_date if like else now) if lang else None,
        last_translator=_translator(like) if lang else None,
        language_team=TEAMS.get(lang, lang) if lang else None,
        charset="utf-8",
        fuzzy=lang is None,
    )
    return catalog


def _translator(like: Catalog | None) -> str:
    # Poedit and Weblate write who translated last; until then, who keeps the file.
    found = like.last_translator if like else None
    return found if found and "FULL NAME" not in found else "Foco contributors"


def messages(catalog: Catalog) -> Iterator[Message]:
    """The catalog's messages, without the header entry."""
    for message in catalog:
        if message.id:
            yield message


def forms(text: str | Sequence[str] | None) -> tuple[str, ...]:
    if text is None:
        return ()
    return (text,) if isinstance(text, str) else tuple(text)


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a str.format template (ValueError if its braces do not pair)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
