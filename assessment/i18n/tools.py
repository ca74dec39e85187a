"""Keeping the catalogs: python -m assessment.i18n.tools COMMAND

    check                         the completeness check (make test runs it); exit status 1 on any problem
    sync                          after editing en.po: remake foco.pot, bring es.po and it.po in line (new
                                  messages empty, changed English marked fuzzy, removed keys dropped)
    import-dict FILE.py [--base BASE.py] [--name STRINGS] [--dry-run]
                                  add or update messages from a Python dict key -> {en, es, it} (the format
                                  the strings had before the catalogs), then sync

In a dict file a value is a string, or a list of plural forms (English: [one, other]; Spanish and Italian
also two); an entry may carry "note": a comment for translators. With --base (the same dict as it was
before the other branch's changes), only the entries and languages that changed since BASE are written, so
an old copy of a string never overwrites a newer one. See docs/translating.md.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural

from assessment.bank.model import LANGUAGES
from assessment.i18n import catalogs
from assessment.i18n.catalogs import SOURCE_LANG, Text, forms, messages, new_catalog, po_path, pot_path

# --- sync ---------------------------------------------------------------------------------------------


def _read_or_new(path: Path, lang: str | None) -> Catalog:
    return catalogs.read(path) if path.is_file() else new_catalog(lang)


def _empty(lang: str, plural: bool) -> Text:
    return ("",) * get_plural(lang).num_plurals if plural else ""


def _fit(string: str | Sequence[str] | None, lang: str, plural: bool) -> tuple[Text, bool]:
    """An old translation reshaped for a message that gained or lost plural forms; True when it changed."""
    texts = forms(string)
    n = get_plural(lang).num_plurals
    if not plural:
        return (texts[0] if texts else ""), len(texts) > 1
    if len(texts) == n:
        return tuple(texts), False
    return tuple((list(texts) + [""] * n)[:n]), True


def sync(locale_dir: Path = catalogs.LOCALE_DIR) -> None:
    en_path = po_path(SOURCE_LANG, locale_dir)
    en_old = catalogs.read(en_path)
    source = new_catalog(SOURCE_LANG, like=en_old)
    for m in messages(en_old):
        source.add(m.id, m.id, auto_comments=m.auto_comments, context=m.context)
    catalogs.write(en_path, source)

    pot_file = pot_path(locale_dir)
    template = new_catalog(None, like=catalogs.read(pot_file) if pot_file.is_file() else None)
    for m in messages(source):
        template.add(
            m.id, _empty(SOURCE_LANG, m.pluralizable), auto_comments=m.auto_comments, context=m.context
        )
    catalogs.write(pot_file, template)

    for lang in LANGUAGES:
        if lang == SOURCE_LANG:
            continue
        path = po_path(lang, locale_dir)
        old = _read_or_new(path, lang)
        by_key = {m.context: m for m in messages(old) if m.context}
        out = new_catalog(lang, like=old if path.is_file() else None)
        for m in messages(source):
            prev = by_key.get(m.context) if m.context else None
            if prev is None:
                out.add(m.id, _empty(lang, m.pluralizable), auto_comments=m.auto_comments, context=m.context)
                continue
            string, reshaped = _fit(prev.string, lang, m.pluralizable)
            changed = prev.id != m.id
            fuzzy = (prev.fuzzy or changed or reshaped) and any(forms(string))
            # Keep the English the translation was made from, so the translator sees what changed.
            previous = prev.previous_id if prev.fuzzy and prev.previous_id else (prev.id if changed else ())
            out.add(
                m.id,
                string,
                flags={"fuzzy"} if fuzzy else set(),
                auto_comments=m.auto_comments,
                user_comments=prev.user_comments,
                previous_id=previous if fuzzy else (),
                context=m.context,
            )
        catalogs.write(path, out)


# --- import-dict --------------------------------------------------------------------------------------


class DictError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Entry:
    texts: dict[str, Text]  # lang -> text (a tuple of plural forms)
    note: str | None = None


def load_dict(path: Path, name: str = "STRINGS") -> dict[str, Entry]:
    """The dict literal assigned to `name` at the top level of a Python file, read without running it."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, UnicodeDecodeError) as exc:
        raise DictError([f"{path}: cannot be read: {exc}"]) from None
    node: ast.expr | None = None
    for stmt in tree.body:
        targets: list[ast.expr]
        value: ast.expr | None
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign):
            targets, value = [stmt.target], stmt.value
        else:
            continue
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            node = value
    if not isinstance(node, ast.Dict):
        raise DictError([f"{path}: no top-level `{name} = {{...}}` dict literal"])
    problems: list[str] = []
    entries: dict[str, Entry] = {}
    for key_node, value_node in zip(node.keys, node.values, strict=True):
        where = f"{path}:{value_node.lineno}"
        try:
            key = ast.literal_eval(key_node) if key_node is not None else None
            value = ast.literal_eval(value_node)
        except ValueError:
            problems.append(f"{where}: not a literal (strings only, no names or calls)")
            continue
        entry = _entry(key, value, where, problems)
        if entry is not None and isinstance(key, str):
            if key in entries:
                problems.append(f"{where}: {key}: defined twice")
            entries[key] = entry
    if problems:
        raise DictError(problems)
    return entries


def _entry(key: object, value: object, where: str, problems: list[str]) -> Entry | None:
    if not isinstance(key, str) or not key.strip():
        problems.append(f"{where}: the key {key!r} is not a non-empty string")
        return None
    if not isinstance(value, dict):
        problems.append(f"{where}: {key}: expected {{'en': …, 'es': …, 'it': …}}, got {type(value).__name__}")
        return None
    unknown = set(value) - set(LANGUAGES) - {"note"}
    if unknown:
        problems.append(f"{where}: {key}: unknown fields {sorted(unknown)} (languages are {list(LANGUAGES)})")
    texts: dict[str, Text] = {}
    for lang in LANGUAGES:
        text = value.get(lang)
        if isinstance(text, str) and text.strip():
            texts[lang] = text
        elif isinstance(text, list | tuple) and text and all(isinstance(x, str) and x.strip() for x in text):
            texts[lang] = tuple(text)
            if len(text) != get_plural(lang).num_plurals:
                problems.append(f"{where}: {key}: {lang} needs {get_plural(lang).num_plurals} plural forms")
        else:
            problems.append(f"{where}: {key}: {lang} is missing or empty")
    kinds = {isinstance(t, tuple) for t in texts.values()}
    if len(kinds) > 1:
        problems.append(f"{where}: {key}: plural forms in some languages and not in others")
    note = value.get("note")
    if note is not None and not isinstance(note, str):
        problems.append(f"{where}: {key}: the note must be a string")
        note = None
    return Entry(texts, note) if len(texts) == len(LANGUAGES) else None


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # "key (es, it)"
    unchanged: int = 0
    not_here: list[str] = field(default_factory=list)  # as in BASE, and no longer in the catalogs

    def lines(self) -> list[str]:
        out = [f"{len(self.added)} added, {len(self.updated)} updated, {self.unchanged} unchanged."]
        out += [f"  + {k}" for k in self.added]
        out += [f"  ~ {k}" for k in self.updated]
        if self.not_here:
            out.append(
                f"Left out, unchanged since BASE and removed from the catalogs: {', '.join(self.not_here)}"
            )
        return out


def _position(keys: list[str], key: str) -> int:
    """Where a new key goes: after the last key sharing most of its leading dotted parts, else at the end."""
    parts = key.split(".")
    for depth in range(len(parts) - 1, 0, -1):
        prefix = parts[:depth]
        last = [i for i, k in enumerate(keys) if k.split(".")[:depth] == prefix]
        if last:
            return last[-1] + 1
    return len(keys)


def import_dict(
    entries: dict[str, Entry],
    base: dict[str, Entry] | None = None,
    locale_dir: Path = catalogs.LOCALE_DIR,
    dry_run: bool = False,
) -> ImportReport:
    cats = {lang: _read_or_new(po_path(lang, locale_dir), lang) for lang in LANGUAGES}
    en_messages: dict[str, Message] = {m.context: m for m in messages(cats[SOURCE_LANG]) if m.context}
    order = list(en_messages)
    report = ImportReport()
    for key, entry in entries.items():
        old = base.get(key) if base is not None else None
        english = entry.texts[SOURCE_LANG]
        if key not in en_messages and old is not None and old.texts == entry.texts:
            report.not_here.append(key)  # the other branch did not touch it, and it was removed here
            continue
        if key not in en_messages:
            order.insert(_position(order, key), key)
            en_messages[key] = Message(
                english, english, auto_comments=[entry.note] if entry.note else [], context=key
            )
            for lang in LANGUAGES:
                if lang != SOURCE_LANG:
                    _set(cats[lang], key, english, entry.texts[lang])
            report.added.append(key)
            continue
        changed = []
        for lang in LANGUAGES:
            new = entry.texts[lang]
            if old is not None and old.texts.get(lang) == new:
                continue  # not changed by the branch the dict comes from: the catalog may be newer
            if lang == SOURCE_LANG:
                source_message = en_messages[key]
                if source_message.id != new:
                    en_messages[key] = Message(
                        new, new, auto_comments=source_message.auto_comments, context=key
                    )
                    changed.append(lang)
            else:
                current = _by_key(cats[lang], key)
                if current is None or current.string != new or current.fuzzy or current.id != english:
                    _set(cats[lang], key, english, new)
                    changed.append(lang)
        if entry.note and entry.note not in en_messages[key].auto_comments:
            en_messages[key].auto_comments = [entry.note]
            changed.append("note")
        if changed:
            report.updated.append(f"{key} ({', '.join(changed)})")
        else:
            report.unchanged += 1
    if dry_run:
        return report
    source = new_catalog(SOURCE_LANG, like=cats[SOURCE_LANG])
    for key in order:
        m = en_messages[key]
        source.add(m.id, m.id, auto_comments=m.auto_comments, context=key)
    catalogs.write(po_path(SOURCE_LANG, locale_dir), source)
    for lang in LANGUAGES:
        if lang != SOURCE_LANG:
            catalogs.write(po_path(lang, locale_dir), cats[lang])
    sync(locale_dir)
    return report


def _by_key(catalog: Catalog, key: str) -> Message | None:
    return next((m for m in messages(catalog) if m.context == key), None)


def _set(catalog: Catalog, key: str, english: Text, text: Text) -> None:
    """The translation of `key`, made from `english` (sync marks it fuzzy if the English is not that)."""
    old = _by_key(catalog, key)
    if old is not None:
        catalog.delete(old.id, context=key)
    catalog.add(english, text, user_comments=old.user_comments if old else (), context=key)


# --- the command line ---------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assessment.i18n.tools", description="Foco's UI catalogs."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="fail on any missing, fuzzy, unused or mismatched message")
    sub.add_parser("sync", help="remake foco.pot from en.po and bring es.po and it.po in line")
    imp = sub.add_parser("import-dict", help="add or update messages from a Python dict key -> {en, es, it}")
    imp.add_argument("file", type=Path, metavar="FILE.py")
    imp.add_argument("--base", type=Path, metavar="BASE.py", help="the same dict before the branch's changes")
    imp.add_argument("--name", default="STRINGS", help="the dict's variable name (default STRINGS)")
    imp.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    args = parser.parse_args(argv)

    if args.command == "check":
        from assessment.i18n.check import check

        found = check()
        for problem in found:
            print(problem, file=sys.stderr)
        if found:
            print(f"{len(found)} problem(s) in the UI catalogs (see docs/translating.md).", file=sys.stderr)
            return 1
        print("OK: the UI catalogs are complete.")
        return 0
    if args.command == "sync":
        sync()
        print(f"Synced {pot_path()} and the catalogs of {', '.join(LANGUAGES)}.")
        return 0
    try:
        entries = load_dict(args.file, args.name)
        base = load_dict(args.base, args.name) if args.base else None
    except DictError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 1
    report = import_dict(entries, base, dry_run=args.dry_run)
    print("\n".join(report.lines()))
    if args.dry_run:
        print("(dry run: nothing was written)")
    else:
        print("Now run: python -m assessment.i18n.tools check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
