"""The layers are contracts (pyproject.toml, [tool.importlinter]) checked by lint-imports in `make test`.

These tests run the same checker on a throwaway copy of the package, so they prove that a wrong arrow really
fails the build rather than trusting the configuration to be right."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree)},
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "assessment", tmp_path / "assessment", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_as_it_stands_keeps_every_contract(tree: Path) -> None:
    run = _lint(tree)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("engine/scoring.py", "import streamlit", "The core imports neither storage"),
        ("bank/entity.py", "import assessment.storage.store", "The core imports neither storage"),
        ("storage/store.py", "import assessment.ui.state", "Storage never imports the UI"),
        ("engine/scoring.py", "import assessment.outputs.export", "each layer imports only those below it"),
    ],
)
def test_a_wrong_arrow_breaks_its_contract(tree: Path, module: str, line: str, contract: str) -> None:
    path = tree / "assessment" / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    run = _lint(tree)
    assert run.returncode != 0
    broken = [row for row in run.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(contract in row for row in broken), run.stdout
