"""Which message keys the code asks for: every call of t() and tn() (imported from assessment.i18n), read from
the syntax tree of the source, not by running it.

A key is a literal (`t("start.button", lang)`) or an f-string whose fixed parts name a family of keys
(`t(f"phase.{item.phase}", lang)` uses every `phase.…` key). Anything else cannot be checked, and is
reported as such.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MODULE = "assessment.i18n"
FUNCTIONS = ("t", "tn")
REPO = Path(__file__).resolve().parents[2]
# The product's code: what the users see comes from here (tests and benchmarks are not counted as uses).
SOURCES = (REPO / "assessment", REPO / "app.py", REPO / "asgi.py")


@dataclass(frozen=True)
class Use:
    function: str  # "t" or "tn"
    key: str | None  # the literal key, or None for an f-string
    pattern: re.Pattern[str] | None  # the keys an f-string can make
    keywords: frozenset[str] | None  # the names passed as values, None when some come from **mapping
    where: str  # "path:line"

    @property
    def shown(self) -> str:
        return self.key if self.key is not None else (self.pattern.pattern if self.pattern else "?")

    def matches(self, key: str) -> bool:
        if self.key is not None:
            return key == self.key
        return bool(self.pattern and self.pattern.fullmatch(key))


@dataclass(frozen=True)
class Unreadable:
    where: str
    code: str


def python_files(roots: Iterable[Path]) -> Iterator[Path]:
    for root in roots:
        if root.is_file():
            yield root
        elif root.is_dir():
            yield from sorted(p for p in root.rglob("*.py") if ".venv" not in p.parts)


def _aliases(tree: ast.Module) -> tuple[dict[str, str], set[str]]:
    """Local names bound to t/tn (`from assessment.i18n import t as tr`), and names bound to the module."""
    functions: dict[str, str] = {}
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == MODULE:
            for alias in node.names:
                if alias.name in FUNCTIONS:
                    functions[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module == "assessment":
            modules.update(a.asname or a.name for a in node.names if a.name == "i18n")
        elif isinstance(node, ast.Import):
            modules.update(a.asname for a in node.names if a.name == MODULE and a.asname)
    return functions, modules


def _called(node: ast.Call, functions: dict[str, str], modules: set[str]) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return functions.get(func.id)
    if isinstance(func, ast.Attribute) and func.attr in FUNCTIONS:
        value = func.value
        if isinstance(value, ast.Name) and value.id in modules:
            return func.attr
        if ast.unparse(value) == MODULE:
            return func.attr
    return None


def _pattern(node: ast.JoinedStr) -> re.Pattern[str]:
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            parts.append(re.escape(value.value))
        else:
            parts.append(r"[^.]+")
    return re.compile("".join(parts))


def scan_file(path: Path, base: Path = REPO) -> tuple[list[Use], list[Unreadable]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    functions, modules = _aliases(tree)
    if not functions and not modules:
        return [], []
    uses: list[Use] = []
    unreadable: list[Unreadable] = []
    shown = path.relative_to(base) if path.is_relative_to(base) else path
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = _called(node, functions, modules)
        if function is None:
            continue
        where = f"{shown}:{node.lineno}"
        arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "key"), None)
        # The parameters of t(key, lang, **values) and tn(key, n, lang, **values) are not values.
        own = ("key", "lang", "n") if function == "tn" else ("key", "lang")
        passed = [k.arg for k in node.keywords if k.arg not in own]
        keywords = None if any(k.arg is None for k in node.keywords) else frozenset(a for a in passed if a)
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            uses.append(Use(function, arg.value, None, keywords, where))
        elif isinstance(arg, ast.JoinedStr):
            uses.append(Use(function, None, _pattern(arg), keywords, where))
        else:
            unreadable.append(Unreadable(where, ast.unparse(node)))
    return uses, unreadable


def scan(roots: Iterable[Path] = SOURCES, base: Path = REPO) -> tuple[list[Use], list[Unreadable]]:
    uses: list[Use] = []
    unreadable: list[Unreadable] = []
    for path in python_files(roots):
        found, bad = scan_file(path, base)
        uses += found
        unreadable += bad
    return uses, unreadable
