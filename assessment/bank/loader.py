"""Load the YAML question bank into a `Bank`, collecting every problem with its file, item id and field.

A bank folder may come from anyone (`--bank`, `FOCO_BANK`), so reading it is bounded: at most MAX_FILES
files a folder and MAX_ITEMS items a file, each file read by `yaml_files` (its size, aliases, duplicate
keys).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assessment.bank.checks import check_drills, check_forms, check_quick_minutes, check_references
from assessment.bank.entity import Bank, BankError, Problem
from assessment.bank.lint import lint as lint_items
from assessment.bank.migrations import load_migrations
from assessment.bank.model import (
    DIMENSION_IDS,
    LANGUAGE_NAMES,
    BankInfo,
    Dimension,
    Drills,
    DrillScenario,
    Level,
    Principle,
    Question,
    Recommendation,
    describe_loc,
)
from assessment.bank.yaml_files import read_yaml, rel

DEFAULT_BANK_DIR = Path(__file__).resolve().parents[2] / "questions"

M = TypeVar("M", bound=BaseModel)
# The kinds of item that have an id unique among their kind.
Identified = TypeVar("Identified", Principle, Dimension, Question, Recommendation)

# Bounds on a bank; the real one has files of ~50 KB with 5-8 items each (yaml_files bounds each file).
MAX_FILES = 20  # *.yaml files in questions/ or recommendations/
MAX_ITEMS = 500  # items in one file


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
    model: type[Identified], files: list[Path], root: Path, problems: list[Problem], kind: str
) -> tuple[dict[str, Identified], dict[str, str]]:
    items: dict[str, Identified] = {}
    where: dict[str, str] = {}
    for path in files:
        name = rel(path, root)
        for _, item in _validate_items(model, read_yaml(path, root, problems), name, problems):
            item_id = item.id
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
        problems.append(Problem(rel(where, root), "", "", f"no {kind} files (*.yaml) found"))
    elif len(found) > MAX_FILES:
        problems.append(
            Problem(
                rel(where, root),
                "",
                "",
                f"holds {len(found):,} *.yaml files; a bank has one per dimension (at most {MAX_FILES})",
            )
        )
        return []
    return found


DRILLS_FILE = "drills.yaml"
DRILLS_ITEM = "drills"  # how problems name the file's own fields (its scenarios are named by their ids)


def _load_drills(path: Path, root: Path, problems: list[Problem]) -> Drills | None:
    """questions/drills.yaml, when there is one: the crisis-drill calendar. Each scenario is validated on its
    own, so one broken scenario is reported by its id and the others still load."""
    name = rel(path, root)
    data = read_yaml(path, root, problems)
    if data is None:
        return None
    if not isinstance(data, dict):
        fields = ", ".join(Drills.model_fields)
        problems.append(
            Problem(name, "", "", f"must be a mapping of fields ({fields}), found {type(data).__name__}")
        )
        return None
    before = len(problems)
    raw = data.get("scenarios")
    if raw is None:
        problems.append(Problem(name, DRILLS_ITEM, "scenarios", "required field is missing"))
    elif isinstance(raw, list) and not raw:
        problems.append(Problem(name, DRILLS_ITEM, "scenarios", "needs at least one scenario"))
    scenarios = [s for _, s in _validate_items(DrillScenario, raw, name, problems)]
    try:
        drills = Drills.model_validate({**data, "scenarios": scenarios})
    except ValidationError as exc:
        for err in exc.errors():
            # The scenarios were validated one by one above, each problem named by the scenario's id.
            if tuple(err["loc"])[:1] != ("scenarios",):
                problems.append(
                    Problem(name, DRILLS_ITEM, describe_loc(tuple(err["loc"])), _explain(dict(err)))
                )
        return None
    return drills if len(problems) == before else None


def load_bank(root: Path | str = DEFAULT_BANK_DIR, *, lint: bool = True) -> Bank:
    """Load and validate the whole bank; raise BankError listing every problem found.

    `lint=False` leaves out the wording rules of lint.py (the schema, references and coverage still hold):
    for tests that need a bank's structure while its texts are being rewritten."""
    root = Path(root).resolve()
    problems: list[Problem] = []
    if not root.is_dir():
        raise BankError([Problem(str(root), "", "", "is not a folder holding a question bank")])

    info_path = root / "bank.yaml"
    info_raw = read_yaml(info_path, root, problems)
    info: BankInfo | None = None
    if info_raw is not None:
        try:
            info = BankInfo.model_validate(info_raw)
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(
                    Problem(rel(info_path, root), "", describe_loc(tuple(err["loc"])), _explain(dict(err)))
                )

    # The kinds of which some file or item did not load: references to them and their coverage are not
    # checked, or every reference to one broken question would be reported as a second problem.
    incomplete: set[str] = set()

    def note(kind: str, before: int) -> None:
        if len(problems) > before:
            incomplete.add(kind)

    before = len(problems)
    principles, p_where = _collect(Principle, [root / "principles.yaml"], root, problems, "principle")
    note("principle", before)
    before = len(problems)
    dimensions, dim_where = _collect(Dimension, [root / "dimensions.yaml"], root, problems, "dimension")
    note("dimension", before)
    levels_name = rel(root / "levels.yaml", root)
    before = len(problems)
    levels = [
        lv
        for _, lv in _validate_items(
            Level, read_yaml(root / "levels.yaml", root, problems), levels_name, problems, "id"
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
        rel(root / "principles.yaml", root),
        rel(root / "dimensions.yaml", root),
        incomplete,
    )
    if info is not None:
        check_forms(info.forms, questions, dimensions, rel(info_path, root), problems)
    # Optional: a bank without drills.yaml gives no drill calendar.
    drills_path = root / DRILLS_FILE
    drills = _load_drills(drills_path, root, problems) if drills_path.exists() else None
    if drills is not None:
        check_drills(drills, questions, dimensions, rel(drills_path, root), problems, incomplete)
    migrations = (
        load_migrations(root / "migrations", lambda p: rel(p, root), info.version, set(questions), problems)
        if info is not None
        else {}
    )
    if lint:
        located: list[tuple[str, str, BaseModel]] = []
        if info is not None:
            bank_name = rel(info_path, root)
            located += [(bank_name, t.id, t) for t in info.organization_types]
        located += [(p_where[k], k, v) for k, v in principles.items()]
        located += [(dim_where[k], k, v) for k, v in dimensions.items()]
        located += [(levels_name, lv.id, lv) for lv in levels]
        located += [(q_where[k], k, v) for k, v in questions.items()]
        located += [(r_where[k], k, v) for k, v in recommendations.items()]
        if drills is not None:
            located += [(rel(drills_path, root), s.id, s) for s in drills.scenarios]
        problems += lint_items(located)
    if problems or info is None:
        raise BankError(problems)
    ordered_dims = {d: dimensions[d] for d in DIMENSION_IDS if d in dimensions}
    bank = Bank(
        info=info,
        principles=dict(sorted(principles.items())),
        dimensions=ordered_dims,
        levels=sorted(levels, key=lambda lv: lv.level),
        questions=questions,
        recommendations=recommendations,
        migrations=migrations,
        drills=drills,
    )
    # Needs the whole bank (its texts in every language), so it runs once everything else holds.
    slow = check_quick_minutes(bank, rel(info_path, root))
    if slow:
        raise BankError(slow)
    return bank
