"""The types are checked by mypy in `make test` (pyproject.toml, [tool.mypy]): strict on the core, every
function annotated in the rest of the app, mypy's default in tests/ and benchmarks/ (a function may go
unannotated, its body is still checked), no unused ignore anywhere.

Like test_layers.py, these tests run the same checker on a throwaway copy of the code, so they prove that a
type error really fails the build rather than trusting the configuration to be right. One copy for the
module, one file changed and put back per test: mypy's cache (in the copy) makes each run after the first a
few seconds (the first a few more without the checkout's cache)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MYPY = Path(sys.executable).with_name("mypy")


def _mypy(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MYPY)],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree)},
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("types")
    for folder in ("assessment", "tests", "benchmarks"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "app.py", "asgi.py"):
        shutil.copy(ROOT / name, root / name)
    # The checkout's cache, when `make test` or a developer ran mypy first: the copy's paths are the same
    # (relative to it), so the first run here checks only what changed instead of every library's stubs.
    if (ROOT / ".mypy_cache").is_dir():
        shutil.copytree(ROOT / ".mypy_cache", root / ".mypy_cache")
    return root


Plant = Callable[[str, str], None]


@pytest.fixture
def plant(tree: Path) -> Iterator[Plant]:
    """Append code to a module of the copy; every module is put back as it was afterwards."""
    saved: dict[Path, str] = {}

    def append(module: str, code: str) -> None:
        path = tree / module
        saved.setdefault(path, path.read_text())
        path.write_text(saved[path] + "\n\n" + code + "\n")

    yield append
    for path, text in saved.items():
        path.write_text(text)


def _errors(run: subprocess.CompletedProcess[str], module: str) -> list[str]:
    return [row for row in run.stdout.splitlines() if row.startswith(module) and ": error:" in row]


def test_the_tree_as_it_stands_passes(tree: Path) -> None:
    run = _mypy(tree)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("Success: no issues found"), run.stdout


# A return of the wrong type fails anywhere; what else fails depends on the layer.
WRONG_RETURN = 'def _planted() -> int:\n    return "not a number"'
# A bare generic (list for list[str]) is refused in the core (strict: disallow_any_generics) only.
BARE_GENERIC = "def _planted(names: list) -> list:\n    return names"
# An ignore that hides nothing is refused everywhere (warn_unused_ignores).
UNUSED_IGNORE = "_PLANTED: int = 1  # type: ignore[assignment]"
# A function without annotations is refused everywhere (disallow_untyped_defs).
UNTYPED = "def _planted(x):\n    return x"


@pytest.mark.parametrize(
    ("module", "code", "code_name"),
    [
        ("assessment/engine/scoring.py", WRONG_RETURN, "[return-value]"),
        ("assessment/ui/state.py", WRONG_RETURN, "[return-value]"),
        ("assessment/bank/entity.py", BARE_GENERIC, "[type-arg]"),
        ("assessment/outputs/export.py", UNUSED_IGNORE, "[unused-ignore]"),
        ("assessment/storage/store.py", UNUSED_IGNORE, "[unused-ignore]"),
        ("assessment/io/responses.py", UNTYPED, "[no-untyped-def]"),
        ("app.py", UNTYPED, "[no-untyped-def]"),
        ("tests/helpers.py", WRONG_RETURN, "[return-value]"),
        ("tests/storage/test_storage.py", UNUSED_IGNORE, "[unused-ignore]"),
        ("benchmarks/bench_score.py", UNUSED_IGNORE, "[unused-ignore]"),
    ],
    ids=[
        "core-return",
        "ui-return",
        "core-generic",
        "core-ignore",
        "storage-ignore",
        "core-untyped",
        "app-untyped",
        "tests-return",
        "tests-ignore",
        "benchmarks-ignore",
    ],
)
def test_a_type_error_fails_the_check(
    tree: Path, plant: Plant, module: str, code: str, code_name: str
) -> None:
    plant(module, code)
    run = _mypy(tree)
    assert run.returncode == 1, run.stdout + run.stderr
    errors = _errors(run, module)
    assert errors and all(row.endswith(code_name) for row in errors), run.stdout


def test_outside_the_core_a_bare_generic_is_allowed(tree: Path, plant: Plant) -> None:
    # The difference between strict (the core) and the rest: the same code passes in the UI layer.
    plant("assessment/ui/state.py", BARE_GENERIC)
    run = _mypy(tree)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("module", ["tests/helpers.py", "benchmarks/bench_score.py"])
def test_tests_and_benchmarks_may_leave_a_function_unannotated(tree: Path, plant: Plant, module: str) -> None:
    # mypy's default there: the same code that fails in app.py above passes.
    plant(module, UNTYPED)
    run = _mypy(tree)
    assert run.returncode == 0, run.stdout + run.stderr
