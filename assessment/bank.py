"""Load the YAML question bank into a `Bank`, collecting every problem with its file, item id and field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from assessment.model import (
    DIMENSION_IDS,
    LANGUAGE_NAMES,
    PRINCIPLE_IDS,
    BankInfo,
    Dimension,
    Level,
    Principle,
    Question,
    Recommendation,
    describe_loc,
)

DEFAULT_BANK_DIR = Path(__file__).resolve().parent.parent / "questions"
MIN_QUESTIONS_PER_DIMENSION = 7

M = TypeVar("M", bound=BaseModel)
# libyaml's loader when PyYAML has it: the same data, about 15 times faster than the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    file: str
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ": ".join(p for p in (self.file, self.item, self.field) if p)
        return f"{where}: {self.message}"


class BankError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the question bank:\n" + "\n".join(map(str, problems))
        )


@dataclass(frozen=True)
class Bank:
    info: BankInfo
    principles: dict[str, Principle]
    dimensions: dict[str, Dimension]
    levels: list[Level]
    questions: dict[str, Question]
    recommendations: dict[str, Recommendation]
    # init=False: a copy made with dataclasses.replace() gets a cache of its own, never the original's.
    _memo: dict[object, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def memo(self, key: object, build: Callable[[], Any]) -> Any:
        """Derived tables (escaped CSV texts, trigger rules) built once per bank, not per organization."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    @property
    def version(self) -> str:
        return self.info.version

    @cached_property
    def questions_by_dimension(self) -> dict[str, list[Question]]:
        out: dict[str, list[Question]] = {d: [] for d in self.dimensions}
        for q in self.questions.values():
            out[q.dimension].append(q)
        return out

    def reading_minutes(self, lang: str) -> tuple[int, int]:
        """How long the survey takes a person: (skipping the help texts, reading everything).

        Careful silent reading of unfamiliar prose runs near 230 words a minute (Brysbaert 2019); add
        six seconds a question to choose and click."""
        words = sum(
            len(q.text(lang).split()) + sum(len(o.text(lang).split()) for o in q.options)
            for q in self.questions.values()
        )
        help_words = sum(len(q.help(lang).split()) for q in self.questions.values())
        clicks = len(self.questions) * 6 / 60
        return round(words / 230 + clicks), round((words + help_words) / 230 + clicks)

    def level_for(self, score: float) -> Level:
        chosen = self.levels[0]
        for level in self.levels:
            if score >= level.min_score:
                chosen = level
        return chosen

    def level(self, number: int) -> Level:
        return self.levels[number - 1]

    def org_type_name(self, type_id: str, lang: str) -> str:
        for t in self.info.organization_types:
            if t.id == type_id:
                return t.name(lang)
        return type_id


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _read_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    name = _rel(path, root)
    if not path.exists():
        problems.append(Problem(name, "", "", "file is missing"))
        return None
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        if data is None:
            problems.append(Problem(name, "", "", "file is empty"))
        return data
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, "", "", f"is not UTF-8 text ({exc.reason} at byte {exc.start})"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problems.append(Problem(name, "", "", f"is not valid YAML: {where}{getattr(exc, 'problem', exc)}"))
    return None


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
    for index, raw in enumerate(data):
        label = (
            str(raw.get(key)) if isinstance(raw, dict) and raw.get(key) is not None else f"item {index + 1}"
        )
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

    principles, _ = _collect(Principle, [root / "principles.yaml"], root, problems, "principle")
    dimensions, dim_where = _collect(Dimension, [root / "dimensions.yaml"], root, problems, "dimension")
    levels_name = _rel(root / "levels.yaml", root)
    levels = [
        lv
        for _, lv in _validate_items(
            Level, _read_yaml(root / "levels.yaml", root, problems), levels_name, problems, "id"
        )
    ]
    q_files = sorted((root / "questions").glob("*.yaml"))
    r_files = sorted((root / "recommendations").glob("*.yaml"))
    if not q_files:
        problems.append(Problem(_rel(root / "questions", root), "", "", "no question files (*.yaml) found"))
    if not r_files:
        problems.append(
            Problem(_rel(root / "recommendations", root), "", "", "no recommendation files (*.yaml) found")
        )
    questions, q_where = _collect(Question, q_files, root, problems, "question")
    recommendations, r_where = _collect(Recommendation, r_files, root, problems, "recommendation")

    org_types = {t.id for t in info.organization_types} if info else set()
    _check_references(
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


def _check_references(  # noqa: C901 - one flat list of rules reads better than many helpers
    principles: dict[str, Principle],
    dimensions: dict[str, Dimension],
    dim_where: dict[str, str],
    levels: list[Level],
    levels_name: str,
    questions: dict[str, Question],
    q_where: dict[str, str],
    recommendations: dict[str, Recommendation],
    r_where: dict[str, str],
    org_types: set[str],
    problems: list[Problem],
    p_name: str,
    d_name: str,
) -> None:
    add = problems.append
    for pid in PRINCIPLE_IDS:
        if principles and pid not in principles:
            add(Problem(p_name, pid, "", "principle is missing"))
    for pid in principles:
        if pid not in PRINCIPLE_IDS:
            add(Problem(p_name, pid, "id", "unknown principle (expected P01…P25)"))

    for did in DIMENSION_IDS:
        if dimensions and did not in dimensions:
            add(Problem(d_name, did, "", "dimension is missing"))
    for did, dim in dimensions.items():
        if did not in DIMENSION_IDS:
            add(
                Problem(
                    dim_where[did],
                    did,
                    "id",
                    f"unknown dimension (expected one of {', '.join(DIMENSION_IDS)})",
                )
            )
        for i, pid in enumerate(dim.principles):
            if principles and pid not in principles:
                add(Problem(dim_where[did], did, f"principles[{i}]", f"unknown principle {pid}"))

    numbers = [lv.level for lv in levels]
    if levels and sorted(numbers) != [1, 2, 3, 4, 5]:
        add(Problem(levels_name, "", "level", f"must be exactly levels 1–5 (found {sorted(numbers)})"))
    ordered = sorted(levels, key=lambda lv: lv.level)
    if ordered and ordered[0].min_score != 0:
        add(Problem(levels_name, ordered[0].id, "min_score", "the first level must start at 0"))
    for prev, cur in zip(ordered, ordered[1:], strict=False):
        if cur.min_score <= prev.min_score:
            add(Problem(levels_name, cur.id, "min_score", f"must be above {prev.id}'s {prev.min_score:g}"))

    for qid, q in questions.items():
        file = q_where[qid]
        if q.dimension not in dimensions:
            add(Problem(file, qid, "dimension", f"unknown dimension '{q.dimension}'"))
        elif Path(file).stem != q.dimension:
            add(Problem(file, qid, "dimension", f"'{q.dimension}' question in the file of {Path(file).stem}"))
        for i, pid in enumerate(q.principles):
            if pid not in principles:
                add(Problem(file, qid, f"principles[{i}]", f"unknown principle {pid}"))
        for i, t in enumerate(q.applies_to or []):
            if org_types and t not in org_types:
                add(Problem(file, qid, f"applies_to[{i}]", f"unknown organization type '{t}'"))

    for rid, r in recommendations.items():
        file = r_where[rid]
        if r.dimension not in dimensions:
            add(Problem(file, rid, "dimension", f"unknown dimension '{r.dimension}'"))
        for i, pid in enumerate(r.principles):
            if pid not in principles:
                add(Problem(file, rid, f"principles[{i}]", f"unknown principle {pid}"))
        for i, qid in enumerate(r.when.questions):
            if qid not in questions:
                add(Problem(file, rid, f"when.questions[{i}]", f"unknown question '{qid}'"))
        for i, dep in enumerate(r.depends_on):
            if dep not in recommendations:
                add(Problem(file, rid, f"depends_on[{i}]", f"unknown recommendation '{dep}'"))
            elif dep == rid:
                add(Problem(file, rid, f"depends_on[{i}]", "a recommendation cannot depend on itself"))
    # A self-dependency is reported above; leaving it out here keeps it from being reported twice.
    graph = {
        rid: [d for d in r.depends_on if d in recommendations and d != rid]
        for rid, r in recommendations.items()
    }
    for cycle in _cycles(graph):
        add(Problem(r_where[cycle[0]], cycle[0], "depends_on", "dependency cycle: " + " → ".join(cycle)))

    if dimensions and questions:
        for did in dimensions:
            count = sum(1 for q in questions.values() if q.dimension == did)
            if count < MIN_QUESTIONS_PER_DIMENSION:
                add(
                    Problem(
                        dim_where[did],
                        did,
                        "",
                        f"has {count} questions; at least {MIN_QUESTIONS_PER_DIMENSION} needed",
                    )
                )
    if principles and questions and recommendations:
        cited_q = {p for q in questions.values() for p in q.principles}
        cited_r = {p for r in recommendations.values() for p in r.principles}
        for pid in principles:
            if pid not in cited_q:
                add(Problem(p_name, pid, "", "no question cites this principle"))
            if pid not in cited_r:
                add(Problem(p_name, pid, "", "no recommendation cites this principle"))


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    # Depth-first search with colours; each cycle is reported once, starting at its first node found.
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        colour[node] = grey
        stack.append(node)
        for nxt in graph[node]:
            if colour[nxt] == grey:
                found.append(stack[stack.index(nxt) :] + [nxt])
            elif colour[nxt] == white:
                visit(nxt)
        stack.pop()
        colour[node] = black

    for node in graph:
        if colour[node] == white:
            visit(node)
    return found
