"""How answers given under an older bank version carry over to this one: the mapping files
`questions/migrations/<from_version>.yaml`, their schema and their checks (every problem with its file, old
question id and field). What a version change means is written in docs/bank-format.md."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator

from assessment.bank.entity import Problem
from assessment.bank.model import Id, NonEmpty, Strict, describe_loc
from assessment.bank.yaml_files import plain_text

STEPS = range(5)


class QuestionMap(Strict):
    """What becomes of one old question: the new question(s) it becomes (none: dropped), how its steps map
    when their meaning moved (old -> new, None: not carried; a step left out keeps its number) and whether
    the person should look at the answer again."""

    to: list[Id]
    steps: dict[int, int | None] | None = None
    review: bool = False

    @field_validator("to")
    @classmethod
    def _once(cls, value: list[str]) -> list[str]:
        twice = sorted({v for v in value if value.count(v) > 1})
        if twice:
            raise ValueError(f"lists {', '.join(twice)} more than once")
        return value

    @field_validator("steps")
    @classmethod
    def _steps(cls, value: dict[int, int | None] | None) -> dict[int, int | None] | None:
        if value is None:
            return None
        bad_keys = sorted(k for k in value if k not in STEPS)
        if bad_keys:
            raise ValueError(f"old steps must be 0–4 (found {', '.join(map(str, bad_keys))})")
        bad = sorted(f"{k}: {v}" for k, v in value.items() if v is not None and v not in STEPS)
        if bad:
            raise ValueError(f"new steps must be 0–4 or null (found {', '.join(bad)})")
        return value

    def step(self, old: int) -> int | None:
        """The new step of an old one; None when it is not carried."""
        if self.steps is None or old not in self.steps:
            return old
        return self.steps[old]


class _Header(Strict):
    from_version: NonEmpty = Field(alias="from")
    to_version: NonEmpty = Field(alias="to")
    questions: dict[str, Any] = Field(min_length=1)


@dataclass(frozen=True)
class Migration:
    """One mapping file: every question of version `from_version`, and what it becomes in `to_version`."""

    from_version: str
    to_version: str
    questions: dict[str, QuestionMap]  # old id -> its map, in the file's order
    file: str  # where it was read, for messages

    @cached_property
    def landing(self) -> dict[str, list[str]]:
        """New id -> the old ids that land on it, in the file's order (more than one: a merge)."""
        out: dict[str, list[str]] = {}
        for old, entry in self.questions.items():
            for new in entry.to:
                out.setdefault(new, []).append(old)
        return out


class _Loader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys without a word; a mapping file must list each old id once."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.twice: list[tuple[str, int, int]] = []  # (key, first line, second line)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in lines:
                self.twice.append((str(key), lines[key], line))
            else:
                lines[key] = line
        return super().construct_mapping(node, deep=deep)


def _read(path: Path, name: str, problems: list[Problem]) -> Any:
    # Bounded like every file of the bank (size, UTF-8, no aliases): a mapping file comes with the bank.
    text = plain_text(path, name, problems)
    if text is None:
        return None
    try:
        loader = _Loader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problems.append(Problem(name, "", "", f"is not valid YAML: {where}{getattr(exc, 'problem', exc)}"))
        return None
    for key, first, second in loader.twice:
        problems.append(Problem(name, key, "", f"listed twice (lines {first} and {second}); list it once"))
    if data is None:
        problems.append(Problem(name, "", "", "file is empty"))
    return data


def _parse(path: Path, name: str, problems: list[Problem]) -> Migration | None:
    data = _read(path, name, problems)
    if data is None:
        return None
    try:
        header = _Header.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(
                "from" if p == "from_version" else "to" if p == "to_version" else p for p in err["loc"]
            )
            why = "required field is missing" if err["type"] == "missing" else str(err["msg"])
            if err["type"] == "extra_forbidden":
                why = "unknown field (misspelt?)"
            problems.append(Problem(name, "", describe_loc(loc), why))
        return None
    if header.from_version != path.stem:
        problems.append(
            Problem(
                name,
                "",
                "from",
                f"is '{header.from_version}' but the file is named {path.name}: "
                "name the file after the version it maps from",
            )
        )
    if header.from_version == header.to_version:
        problems.append(Problem(name, "", "to", f"maps {header.from_version} onto itself"))
    entries: dict[str, QuestionMap] = {}
    for old, raw in header.questions.items():
        item = str(old)
        if not isinstance(raw, dict):
            problems.append(
                Problem(name, item, "", "must be a mapping with `to` (and optional steps, review)")
            )
            continue
        try:
            entry = QuestionMap.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                why = str(err["msg"]).removeprefix("Value error, ")
                if err["type"] == "extra_forbidden":
                    why = "unknown field (misspelt? use to, steps, review)"
                elif err["type"] == "missing":
                    why = "required field is missing (`to: []` drops the question)"
                problems.append(Problem(name, item, describe_loc(tuple(err["loc"])), why))
            continue
        if not entry.to and entry.steps:
            problems.append(Problem(name, item, "steps", "a dropped question (`to: []`) carries no steps"))
        entries[item] = entry
    return Migration(header.from_version, header.to_version, entries, name)


def load_migrations(
    folder: Path, name_of: Any, version: str, questions: set[str], problems: list[Problem]
) -> dict[str, Migration]:
    """Every mapping file of the bank, keyed by the version it maps from, checked as a chain that ends at
    this bank's `version`. `name_of(path)` gives the name a problem is reported under."""
    if not folder.is_dir():
        return {}
    found: dict[str, Migration] = {}
    for path in sorted(folder.glob("*.yaml")):
        migration = _parse(path, name_of(path), problems)
        if migration is not None:
            found[migration.from_version] = migration
    for m in found.values():
        if m.from_version == version:
            problems.append(Problem(m.file, "", "from", f"is this bank's own version ({version})"))
            continue
        if m.to_version == version:
            for old, entry in m.questions.items():
                for i, new in enumerate(entry.to):
                    if new not in questions:
                        why = f"unknown question '{new}': not a question of this bank ({version})"
                        problems.append(Problem(m.file, old, f"to[{i}]", why))
        elif m.to_version in found:
            nxt = found[m.to_version]
            for old, entry in m.questions.items():
                for i, new in enumerate(entry.to):
                    if new not in nxt.questions:
                        why = (
                            f"'{new}' is not a question of version {m.to_version} (not listed in {nxt.file})"
                        )
                        problems.append(Problem(m.file, old, f"to[{i}]", why))
        else:
            others = ", ".join(sorted(v for v in found if v != m.from_version)) or "none"
            problems.append(
                Problem(
                    m.file,
                    "",
                    "to",
                    f"'{m.to_version}' is neither this bank's version ({version}) nor the version another "
                    f"mapping file maps from (those are: {others})",
                )
            )
    for start in found:
        seen: list[str] = []
        at = start
        while at in found and at != version:
            if at in seen:
                loop = " → ".join([*seen[seen.index(at) :], at])
                if start == min(seen[seen.index(at) :]):  # each loop reported once
                    problems.append(Problem(found[start].file, "", "to", f"the versions form a loop: {loop}"))
                break
            seen.append(at)
            at = found[at].to_version
    return found
