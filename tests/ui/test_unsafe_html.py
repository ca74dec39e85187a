"""Where the app lets HTML or JavaScript of its own through (`unsafe_allow_html`, `unsafe_allow_javascript`):
only in the few functions listed here, each of which writes a fixed script with values of ours (a language
code, a container key, a token), never text a person typed. A new call anywhere else fails this test, so it
is read before it lands."""

from __future__ import annotations

import ast

import pytest

from assessment.ui.components import bring_into_view
from tests.helpers import REPO

# (file, function) of every call that passes unsafe_allow_html=True or unsafe_allow_javascript=True.
ALLOWED = {
    ("assessment/ui/components.py", "page_language"),
    ("assessment/ui/components.py", "bring_into_view"),
    ("assessment/ui/workspace/auth.py", "cookie_scripts"),
}


def _unsafe(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and any(
        k.arg in ("unsafe_allow_html", "unsafe_allow_javascript")
        and not (isinstance(k.value, ast.Constant) and k.value.value is False)
        for k in node.keywords
    )


def _unsafe_calls() -> set[tuple[str, str]]:
    """(file, innermost enclosing function, or <module>) of each such call in the app's code."""
    found = set()
    for path in sorted([*(REPO / "assessment").rglob("*.py"), REPO / "app.py"]):
        where = path.relative_to(REPO).as_posix()

        def visit(node: ast.AST, name: str, where: str = where) -> None:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = node.name
            if _unsafe(node):
                found.add((where, name))
            for child in ast.iter_child_nodes(node):
                visit(child, name)

        visit(ast.parse(path.read_text(encoding="utf-8")), "<module>")
    return found


def test_html_and_javascript_of_our_own_only_where_listed() -> None:
    assert _unsafe_calls() == ALLOWED


@pytest.mark.parametrize("key", ["", "Survey head", "x'); alert(1); ('", "survey-head", "a" + "\n"])
def test_bring_into_view_takes_only_a_container_key_of_ours(key: str) -> None:
    with pytest.raises(ValueError, match="container keys"):
        bring_into_view(key, 1)
