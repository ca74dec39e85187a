"""An id that cannot name a row (out of the INTEGER range, zero, negative) gets the same "not found" as an
unknown one from every Store and Workspace method — never the driver's own overflow or range error."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import TypeVar

from assessment.storage import AnswerInput, AssessmentNotFound, Store
from assessment.storage.accounts import Accounts
from assessment.storage.workspace import NotFound, Workspace
from tests.storage_fixtures import T0

Target = TypeVar("Target", Store, Workspace)

# 2**31 is past PostgreSQL's INTEGER, 2**63 past SQLite's, 2**70 past every driver's 64-bit parameter.
BAD_IDS = [2**31, 2**63, 2**70, 0, -1]

STORE_CALLS: dict[str, Callable[[Store, int], object]] = {
    "get": lambda s, i: s.get(i),
    "answers": lambda s, i: s.answers(i),
    "save_answer": lambda s, i: s.save_answer(i, "q1", "1", T0),
    "save_answers": lambda s, i: s.save_answers(i, {"q1": AnswerInput("1", T0)}),
    "set_section": lambda s, i: s.set_section(i, "1"),
    "set_language": lambda s, i: s.set_language(i, "es"),
    "submit": lambda s, i: s.submit(i, "{}", "v"),
    "history": lambda s, i: s.history(i),
    "new_token": lambda s, i: s.new_token(i),
    "start_after": lambda s, i: s.start("Org", "ngo", None, "en", "v", "s", previous_id=i),
}
WORKSPACE_CALLS: dict[str, Callable[[Workspace, int], object]] = {
    "client": lambda w, i: w.client(i),
    "rename_client": lambda w, i: w.rename_client(i, "New name"),
    "archive_client": lambda w, i: w.archive_client(i),
    "create_unit": lambda w, i: w.create_unit(i, "Library"),
    "rename_unit": lambda w, i: w.rename_unit(i, "Radio"),
    "archive_unit": lambda w, i: w.archive_unit(i),
    "issue_link": lambda w, i: w.issue_link(i, None, "en", "v"),
    "issue_link_unit": lambda w, i: w.issue_link(w.create_client(f"Org {i}", "ngo").id, i, "en", "v"),
    "new_link": lambda w, i: w.new_link(i),
    "assessments": lambda w, i: w.assessments(org_id=i),
}


def wrong_answers(
    calls: Mapping[str, Callable[[Target, int], object]], target: Target, expected: type[BaseException]
) -> list[tuple[str, int, str]]:
    """(method, id, what it did) for each call that did not raise `expected`."""
    wrong: list[tuple[str, int, str]] = []
    for name, call in sorted(calls.items()):
        for bad in BAD_IDS:
            try:
                got: object = call(target, bad)
            except expected:
                continue
            except Exception as exc:  # noqa: BLE001 - reported below
                got = exc
            wrong.append((name, bad, repr(got)[:120]))
    return wrong


def test_store_methods_say_not_found(store: Store) -> None:
    assert wrong_answers(STORE_CALLS, store, AssessmentNotFound) == []


def test_workspace_methods_say_not_found(store: Store) -> None:
    ws = Workspace(store, Accounts(store).create(f"ana{secrets.token_hex(6)}", "correct horse battery"))
    assert wrong_answers(WORKSPACE_CALLS, ws, NotFound) == []


def test_answers_of_leaves_impossible_ids_out(store: Store) -> None:
    ws = Workspace(store, Accounts(store).create(f"ana{secrets.token_hex(6)}", "correct horse battery"))
    record, _ = ws.issue_link(ws.create_client("Acme", "ngo").id, None, "en", "v")
    store.save_answer(record.id, "q1", "3", T0)
    assert ws.answers_of([*BAD_IDS, record.id]) == {record.id: {"q1": "3"}}
