"""Load the YAML question bank into a `Bank`, collecting every problem with its file, item id and field.

A bank folder may come from anyone (`--bank`, `FOCO_BANK`), so reading it is bounded: files are regular
files of at most MAX_FILE_BYTES, at most MAX_FILES a folder and MAX_ITEMS items a file; YAML anchors and
aliases are refused before anything is built from them (nine nested aliases make a few hundred bytes
stand for a billion strings), and so are duplicate keys, which YAML would let the last one win.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assessment.bank.checks import check_references
from assessment.bank.entity import Bank, BankError, Problem
from assessment.bank.model import (
    DIMENSION_IDS,
    LANGUAGE_NAMES,
    BankInfo,
    Dimension,
    Level,
    Principle,
    Question,
    Recommendation,
    describe_loc,
)

DEFAULT_BANK_DIR = Path(__file__).resolve().parents[2] / "questions"

M = TypeVar("M", bound=BaseModel)
# libyaml's loader when PyYAML has it: the same data, about 15 times faster than the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Bounds on a bank; the real one has files of ~50 KB with 5-8 items each.
MAX_FILE_BYTES = 1024 * 1024
MAX_FILES = 20  # *.yaml files in questions/ or recommendations/
MAX_ITEMS = 500  # items in one file
MAX_NODES = 200_000  # YAML nodes (mappings, lists, values) in one file
MAX_REPORTED = 20  # alias and duplicate-key problems listed per file


class _BankLoader(_Loader):  # type: ignore[misc,valid-type]
    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # PyYAML's own int() and date() raise plain ValueError on hostile values (an integer of 5,000
        # digits, 2026-02-30): give them the node's place, like every other YAML error.
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({exc})", node.start_mark
            ) from exc


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _read_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    name = _rel(path, root)
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
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            out.append(
                Problem(
                    name,
                    "",
                    "",
                    f"line {mark.line + 1}, column {mark.column + 1}: the alias *{anchor} repeats the value "
                    f"anchored on line {anchors.get(str(anchor), '?')}; YAML aliases are not allowed in the "
                    "bank: write the value out where it is needed",
                )
            )
            if len(out) >= MAX_REPORTED:
                break
        elif anchor is not None:
            anchors.setdefault(str(anchor), event.start_mark.line + 1)
    return out


def _explain(err: dict[str, Any]) -> str:
    loc = err["loc"]
    blank = err["type"] == "string_type" and err.get("input") is None  # `it:` left without a value
    if (err["type"] == "missing" or blank) and loc and loc[-1] in LANGUAGE_NAMES:
        return f"missing {LANGUAGE_NAMES[str(loc[-1])]} text"
    if err["type"] == "string_too_short" and loc and loc[-1] in LANGUAGE_NAMES:
        return f"empty {LANGUAGE_NAMES[str(loc[-1])]} text"
    if err["type"] == "extra_forbidden":
        return "unknown field (misspelt?)"
    if err["type"] == "missing":
        return "required field is missing"
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def _validate_items(
    model: type[M], data: Any, name: str, problems: list[Problem], key: str = "id"
) -> Iterable[tuple[int, M]]:
    if data is None:
        return
    if not isinstance(data, list):
        problems.append(Problem(name, "", "", f"must be a list of items, found {type(data).__name__}"))
        return
    if len(data) > MAX_ITEMS:
        problems.append(
            Problem(name, "", "", f"has {len(data):,} items; a bank file holds at most {MAX_ITEMS}")
        )
        return
    for index, raw in enumerate(data):
        given = raw.get(key) if isinstance(raw, dict) else None
        # An id is named as it is written when it is a short text or number, else by its position.
        shown = str(given) if isinstance(given, str | int) and not isinstance(given, bool) else ""
        label = shown if shown and len(shown) <= 100 else f"item {index + 1}"
        if not isinstance(raw, dict):
            problems.append(Problem(name, label, "", "must be a mapping of fields"))
            continue
        try:
            yield index, model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(Problem(name, label, describe_loc(tuple(err["loc"])), _explain(dict(err))))


def _collect(
    model: type[M], files: list[Path], root: Path, problems: list[Problem], kind: str
) -> tuple[dict[str, M], dict[str, str]]:
    items: dict[str, M] = {}
    where: dict[str, str] = {}
    for path in files:
        name = _rel(path, root)
        for _, item in _validate_items(model, _read_yaml(path, root, problems), name, problems):
            item_id = item.id  # type: ignore[attr-defined]
            if item_id in items:
                problems.append(
                    Problem(name, item_id, "id", f"duplicate {kind} id (also in {where[item_id]})")
                )
                continue
            items[item_id] = item
            where[item_id] = name
    return items, where


def _files(root: Path, folder: str, kind: str, problems: list[Problem]) -> list[Path]:
    where = root / folder
    found = sorted(where.glob("*.yaml"))
    if not found:
        problems.append(Problem(_rel(where, root), "", "", f"no {kind} files (*.yaml) found"))
    elif len(found) > MAX_FILES:
        problems.append(
            Problem(
                _rel(where, root),
                "",
                "",
                f"holds {len(found):,} *.yaml files; a bank has one per dimension (at most {MAX_FILES})",
            )
        )
        return []
    return found


def load_bank(root: Path | str = DEFAULT_BANK_DIR) -> Bank:
    """Load and validate the whole bank; raise BankError listing every problem found."""
    root = Path(root).resolve()
    problems: list[Problem] = []
    if not root.is_dir():
        raise BankError([Problem(str(root), "", "", "is not a folder holding a question bank")])

    info_path = root / "bank.yaml"
    info_raw = _read_yaml(info_path, root, problems)
    info: BankInfo | None = None
    if info_raw is not None:
        try:
            info = BankInfo.model_validate(info_raw)
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(
                    Problem(_rel(info_path, root), "", describe_loc(tuple(err["loc"])), _explain(dict(err)))
                )

    # The kinds of which some file or item did not load: references to them and their coverage are not
    # checked, or every reference to one broken question would be reported as a second problem.
    incomplete: set[str] = set()

    def note(kind: str, before: int) -> None:
        if len(problems) > before:
            incomplete.add(kind)

    before = len(problems)
    principles, _ = _collect(Principle, [root / "principles.yaml"], root, problems, "principle")
    note("principle", before)
    before = len(problems)
    dimensions, dim_where = _collect(Dimension, [root / "dimensions.yaml"], root, problems, "dimension")
    note("dimension", before)
    levels_name = _rel(root / "levels.yaml", root)
    before = len(problems)
    levels = [
        lv
        for _, lv in _validate_items(
            Level, _read_yaml(root / "levels.yaml", root, problems), levels_name, problems, "id"
        )
    ]
    note("level", before)
    q_files = _files(root, "questions", "question", problems)
    r_files = _files(root, "recommendations", "recommendation", problems)
    before = len(problems)
    questions, q_where = _collect(Question, q_files, root, problems, "question")
    note("question", before)
    before = len(problems)
    recommendations, r_where = _collect(Recommendation, r_files, root, problems, "recommendation")
    note("recommendation", before)

    org_types = {t.id for t in info.organization_types} if info else set()
    check_references(
        principles,
        dimensions,
        dim_where,
        levels,
        levels_name,
        questions,
        q_where,
        recommendations,
        r_where,
        org_types,
        problems,
        _rel(root / "principles.yaml", root),
        _rel(root / "dimensions.yaml", root),
        incomplete,
    )
    if problems or info is None:
        raise BankError(problems)
    ordered_dims = {d: dimensions[d] for d in DIMENSION_IDS if d in dimensions}
    return Bank(
        info=info,
        principles=dict(sorted(principles.items())),
        dimensions=ordered_dims,
        levels=sorted(levels, key=lambda lv: lv.level),
        questions=questions,
        recommendations=recommendations,
    )
