"""Where the app lets HTML or JavaScript of its own through (`unsafe_allow_html`, `unsafe_allow_javascript`):
only in the few functions listed here, each of which writes a fixed script with values of ours (a language
code, a container key, a token), never text a person typed. A new call anywhere else fails this test, so it
is read before it lands."""

from __future__ import annotations

import ast
from collections import Counter

import pytest

from assessment.ui.components import bring_into_view
from tests.helpers import REPO

# (file, function) of every call that lets HTML or JavaScript through, and how many there are in it.
ALLOWED = Counter(
    {
        ("assessment/ui/components.py", "page_language"): 1,
        ("assessment/ui/components.py", "bring_into_view"): 1,
        ("assessment/ui/workspace/auth.py", "cookie_scripts"): 1,
    }
)
# Calls that draw HTML of their own whatever their arguments (a component's or an iframe's page).
RAW = {"iframe", "declare_component", "component"}
UNSAFE = ("unsafe_allow_html", "unsafe_allow_javascript")
# Streamlit calls that take one of them: given **options, the scan cannot tell what they hold.
TAKES_UNSAFE = {"markdown", "html", "caption", "write", "title", "header", "subheader"}


def _unsafe(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    if name in RAW:
        return True
    if name == "html" and isinstance(node.func, ast.Attribute) and "components" in ast.unparse(node.func):
        return True  # st.components.v1.html: a page of its own in an iframe
    for k in node.keywords:
        if k.arg is None and name in TAKES_UNSAFE:
            return True  # **options: cannot tell, so it must be listed
        if k.arg in UNSAFE and not (isinstance(k.value, ast.Constant) and k.value.value is False):
            return True
    # st.markdown(body, True): unsafe_allow_html is markdown's second parameter.
    return (
        name == "markdown"
        and len(node.args) > 1
        and not (isinstance(node.args[1], ast.Constant) and node.args[1].value is False)
    )


def _unsafe_calls() -> Counter[tuple[str, str]]:
    """(file, innermost enclosing function, or <module>) of each such call in the app's code, counted."""
    found: Counter[tuple[str, str]] = Counter()
    paths = [*(REPO / "assessment").rglob("*.py"), REPO / "app.py", REPO / "asgi.py"]
    for path in sorted(paths):
        where = path.relative_to(REPO).as_posix()

        def visit(node: ast.AST, name: str, where: str = where) -> None:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = node.name
            if _unsafe(node):
                found[(where, name)] += 1
            for child in ast.iter_child_nodes(node):
                visit(child, name)

        visit(ast.parse(path.read_text(encoding="utf-8")), "<module>")
    return found


def test_html_and_javascript_of_our_own_only_where_listed() -> None:
    assert _unsafe_calls() == ALLOWED


@pytest.mark.parametrize(
    "code",
    [
        "st.markdown(text, unsafe_allow_html=True)",
        "st.markdown(text, True)",
        "st.html(text, **options)",
        "st.components.v1.html(text)",
        "components.html(text, height=0)",
        "st.iframe(url)",
        "st.caption(text, unsafe_allow_html=flag)",
    ],
)
def test_the_scan_sees_each_way_of_letting_html_through(code: str) -> None:
    assert _unsafe(ast.parse(code).body[0].value)  # type: ignore[attr-defined]  # an expression statement


def test_the_scan_lets_plain_calls_be() -> None:
    for code in (
        "st.markdown(text)",
        "st.markdown(text, False)",
        "st.html(text, unsafe_allow_javascript=False)",
    ):
        assert not _unsafe(ast.parse(code).body[0].value)  # type: ignore[attr-defined]  # an expression


@pytest.mark.parametrize("key", ["", "Survey head", "x'); alert(1); ('", "survey-head", "a" + "\n"])
def test_bring_into_view_takes_only_a_container_key_of_ours(key: str) -> None:
    with pytest.raises(ValueError, match="container keys"):
        bring_into_view(key, 1)
