"""One YAML file of the bank, read with bounds: a regular UTF-8 file of at most MAX_FILE_BYTES, no
anchors and aliases (nine nested aliases make a few hundred bytes stand for a billion strings), no key
twice in one mapping (YAML would let the last one win), no more than MAX_NODES values. Every problem
names the file and, where there is one, the line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assessment.bank.entity import Problem

# libyaml's loader when PyYAML has it: the same data, about 15 times faster than the pure-Python one.
# Typed as the pure-Python one: both share the constructor this module overrides.
if TYPE_CHECKING:
    _Loader = yaml.SafeLoader
else:
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 200_000  # YAML nodes (mappings, lists, values) in one file
MAX_REPORTED = 20  # alias and duplicate-key problems listed per file


def rel(path: Path, root: Path) -> str:
    """How a file is named in problems: from the bank folder's parent, `questions/levels.yaml`."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


class _BankLoader(_Loader):
    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # PyYAML's own int() and date() raise plain ValueError on hostile values (an integer of 5,000
        # digits, 2026-02-30): give them the node's place, like every other YAML error.
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({exc})", node.start_mark
            ) from exc


def read_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    name = rel(path, root)
    text = _read_text(path, name, problems)
    if text is None:
        return None
    loader = _BankLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            problems.append(Problem(name, "", "", "file is empty"))
            return None
        shared, duplicates = _walk(node, name)
        if shared is not None:
            # Nothing is built from a file with aliases: that is where an alias bomb goes off.
            problems.extend([Problem(name, "", "", shared)] if shared else _aliases(text, name))
            return None
        problems.extend(duplicates)
        data = loader.construct_document(node)
        if data is None:
            problems.append(Problem(name, "", "", "file is empty"))
        return data
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problems.append(Problem(name, "", "", f"is not valid YAML: {where}{getattr(exc, 'problem', exc)}"))
    finally:
        loader.dispose()
    return None


def plain_text(path: Path, name: str, problems: list[Problem]) -> str | None:
    """The text of a YAML file that keeps the bounds of `read_yaml` (size, UTF-8, no aliases, a bounded
    number of values), for a reader that builds the data its own way; None after saying what is wrong.
    Repeated keys are left to that reader."""
    text = _read_text(path, name, problems)
    if text is None:
        return None
    loader = _BankLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            shared, _ = _walk(node, name)
            if shared is not None:
                problems.extend([Problem(name, "", "", shared)] if shared else _aliases(text, name))
                return None
    except yaml.YAMLError:
        pass  # the reader reports it where it reads the text
    finally:
        loader.dispose()
    return text


def _read_text(path: Path, name: str, problems: list[Problem]) -> str | None:
    """The file's text, or None after saying why there is none: missing, not a file, too big, unreadable,
    not UTF-8."""
    if path.is_dir():
        problems.append(Problem(name, "", "", "is a folder, not a YAML file"))
        return None
    if not path.is_file():
        why = "is not a regular file" if path.exists() else "file is missing"
        problems.append(Problem(name, "", "", why))
        return None
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # never more, whatever the file claims to be
    except OSError as exc:
        problems.append(Problem(name, "", "", f"cannot be read ({exc.strerror})"))
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.append(
            Problem(
                name, "", "", f"is larger than {MAX_FILE_BYTES // 1024:,} KB, the most a bank file may be"
            )
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, "", "", f"is not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None


def _walk(root: Node, name: str) -> tuple[str | None, list[Problem]]:
    """Walk the composed YAML before anything is built from it: (why it must not be built, or "" when it
    holds aliases, or None; the duplicate keys found).

    An alias is a node reached a second time. The walk visits each node once, so an alias bomb costs what
    its text costs; it is iterative, so deep nesting cannot exhaust Python's stack."""
    duplicates: list[Problem] = []
    seen: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return "", duplicates
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            return f"has more than {MAX_NODES:,} YAML values; a bank file holds far fewer", duplicates
        if isinstance(node, MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode) and len(duplicates) < MAX_REPORTED:
                    line = key.start_mark.line + 1
                    earlier = first.get((key.tag, key.value))
                    first.setdefault((key.tag, key.value), line)
                    if earlier is not None:
                        duplicates.append(
                            Problem(
                                name,
                                "",
                                "",
                                f"line {line}: key '{key.value}' appears twice in one mapping (first on "
                                f"line {earlier}); YAML would silently keep the last one",
                            )
                        )
                stack.append(value)
                stack.append(key)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return None, duplicates


def _aliases(text: str, name: str) -> list[Problem]:
    # Where each alias is written: the parser's events know, the composed nodes do not. Read only once an
    # alias was found, so a valid bank is parsed once.
    anchors: dict[str, int] = {}
    out: list[Problem] = []
    for event in yaml.parse(text, Loader=_Loader):
        anchor = getattr(event, "anchor", None)
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            out.append(
                Problem(
                    name,
                    "",
                    "",
                    f"{where}the alias *{anchor} repeats the value "
                    f"anchored on line {anchors.get(str(anchor), '?')}; YAML aliases are not allowed in the "
                    "bank: write the value out where it is needed",
                )
            )
            if len(out) >= MAX_REPORTED:
                break
        elif anchor is not None and mark is not None:
            anchors.setdefault(str(anchor), mark.line + 1)
    return out
