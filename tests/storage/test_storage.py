from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.storage import (
    ALLOWED_VALUES,
    AnswerInput,
    AssessmentNotFound,
    Store,
    StoredAnswer,
)
from tests.storage_fixtures import T0, dump_database, start

# --- tokens ------------------------------------------------------------------------------------


def test_token_is_long_random_and_only_its_hash_is_stored(store: Store, db_url: str) -> None:
    record, token = start(store)
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(raw) * 8 >= 128
    assert token != start(store)[1]
    dump = dump_database(db_url)
    assert token not in dump
    assert hashlib.sha256(token.encode()).hexdigest() in dump
    assert store.open(token) == record


def test_open_returns_the_assessment_with_its_organization(store: Store) -> None:
    record, token = start(store, org="Museo Cívico", unit="Prensa")
    opened = store.open(token)
    assert opened is not None
    assert (opened.id, opened.organization_name, opened.unit_name) == (record.id, "Museo Cívico", "Prensa")
    assert (opened.language, opened.bank_version, opened.section) == ("en", "2025.1", "strategy")
    assert opened.started_at.tzinfo is not None and not opened.submitted


def test_open_rejects_an_unknown_token(store: Store) -> None:
    start(store)
    assert store.open("A" * 32) is None


MANGLED = {
    "empty": lambda t: "",
    "one-short": lambda t: t[:-1],
    "one-long": lambda t: t + "A",
    "bad-char": lambda t: t[:-1] + "!",
    "non-ascii": lambda t: t[:-1] + "é",
    "sql": lambda t: "' OR '1'='1' --" + t[15:],
    "case-changed": lambda t: t.swapcase(),
    "none": lambda t: None,
    "int": lambda t: 12345,
}


@pytest.mark.parametrize("mangle", list(MANGLED.values()), ids=list(MANGLED))
def test_open_rejects_a_malformed_token(store: Store, mangle: Callable[[str], str]) -> None:
    _, token = start(store)
    assert store.open(mangle(token)) is None
    assert store.open(token) is not None


def test_a_revoked_token_no_longer_opens_and_a_new_one_does(store: Store) -> None:
    record, token = start(store)
    assert store.revoke(token) is True
    assert store.open(token) is None
    assert store.revoke(token) is False
    fresh = store.new_token(record.id)
    assert fresh != token
    opened = store.open(fresh)
    assert opened is not None and opened.id == record.id
    assert store.revoke("not a token") is False


def test_new_token_for_an_unknown_assessment(store: Store) -> None:
    with pytest.raises(AssessmentNotFound):
        store.new_token(10**9)


# --- answers -----------------------------------------------------------------------------------


def test_answers_round_trip_with_notes_and_evidence(store: Store) -> None:
    record, _ = start(store)
    cet = timezone(timedelta(hours=1))
    given_answers = {
        "gov-1": AnswerInput(
            "3", T0, "Política aprobada en 2024 — ver acta nº 7", "https://example.org/acta"
        ),
        "gov-2": AnswerInput("dk", T0 + timedelta(seconds=1)),
        "lis-1": AnswerInput("na", T0.astimezone(cet), None, "Informe anual, p. 12"),
        "lis-2": AnswerInput(None, T0, "cleared but annotated"),
        "cri-1": AnswerInput("0", T0, "x" * 2000, "y" * 500),
    }
    for qid, a in given_answers.items():
        assert store.save_answer(record.id, qid, a.value, a.answered_at, a.note, a.evidence) is True
    stored = store.answers(record.id)
    assert stored == {
        qid: StoredAnswer(a.value, a.note, a.evidence, a.answered_at) for qid, a in given_answers.items()
    }
    assert all(s.answered_at.utcoffset() == timedelta(0) for s in stored.values())


def test_blank_notes_are_stored_as_absent(store: Store) -> None:
    record, _ = start(store)
    store.save_answer(record.id, "q", "1", T0, note="   ", evidence="")
    assert store.answers(record.id)["q"] == StoredAnswer("1", None, None, T0)


def test_an_older_answer_does_not_overwrite_a_newer_one(store: Store) -> None:
    record, _ = start(store)
    assert store.save_answer(record.id, "q", "3", T0 + timedelta(minutes=5), note="tab B") is True
    assert store.save_answer(record.id, "q", "1", T0, note="tab A, stale") is False
    assert store.answers(record.id)["q"] == StoredAnswer("3", "tab B", None, T0 + timedelta(minutes=5))
    assert store.save_answer(record.id, "q", None, T0 + timedelta(minutes=6)) is True
    assert store.answers(record.id)["q"].value is None
    # The same instant is a retry of the same click: it may overwrite.
    assert store.save_answer(record.id, "q", "4", T0 + timedelta(minutes=6)) is True
    assert store.answers(record.id)["q"].value == "4"


def test_save_answers_flushes_a_batch_with_the_same_rule(store: Store) -> None:
    record, _ = start(store)
    store.save_answer(record.id, "a", "4", T0 + timedelta(hours=1))
    written = store.save_answers(
        record.id,
        {
            "a": AnswerInput("0", T0),
            "b": AnswerInput("2", T0, "offline note"),
            "c": AnswerInput("dk", T0),
        },
    )
    assert written == {"b", "c"}
    assert {q: a.value for q, a in store.answers(record.id).items()} == {"a": "4", "b": "2", "c": "dk"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    saves=st.lists(
        st.tuples(st.sampled_from(sorted(ALLOWED_VALUES) + [None]), st.integers(0, 10**6)),
        min_size=1,
        max_size=8,
        unique_by=lambda s: s[1],
    )
)
def test_newest_answer_wins_in_any_arrival_order(store: Store, saves: list[tuple[str | None, int]]) -> None:
    record, _ = start(store)
    for value, offset in saves:
        store.save_answer(record.id, "q", value, T0 + timedelta(microseconds=offset))
    newest_value, newest_offset = max(saves, key=lambda s: s[1])
    assert store.answers(record.id)["q"] == StoredAnswer(
        newest_value, None, None, T0 + timedelta(microseconds=newest_offset)
    )


@pytest.mark.parametrize(
    ("value", "note", "evidence", "when"),
    [
        ("5", None, None, T0),
        ("-1", None, None, T0),
        ("DK", None, None, T0),
        ("", None, None, T0),
        (" 1", None, None, T0),
        (1, None, None, T0),
        ("n/a", None, None, T0),
        ("2", "x" * 2001, None, T0),
        ("2", None, "y" * 501, T0),
        ("2", "bad\x00byte", None, T0),
        ("2", None, None, T0.replace(tzinfo=None)),
    ],
)
def test_invalid_answers_are_refused(
    store: Store, value: object, note: str, evidence: str, when: datetime
) -> None:
    record, _ = start(store)
    with pytest.raises(ValueError):
        store.save_answer(record.id, "q", value, when, note, evidence)  # type: ignore[arg-type]  # 1, an int: refused at run time
    with pytest.raises(ValueError):
        store.save_answers(
            record.id,
            {"ok": AnswerInput("1", T0), "q": AnswerInput(value, when, note, evidence)},  # type: ignore[arg-type]  # 1, an int: refused at run time
        )
    assert store.answers(record.id) == {}


def test_an_unknown_assessment_is_reported(store: Store) -> None:
    missing = 10**9
    with pytest.raises(AssessmentNotFound):
        store.save_answer(missing, "q", "1", T0)
    for call in (store.answers, store.history, store.get, lambda i: store.submit(i, "{}", "v")):
        with pytest.raises(AssessmentNotFound):
            call(missing)
    with pytest.raises(AssessmentNotFound):
        store.set_section(missing, "x")
    with pytest.raises(AssessmentNotFound):
        start(store, previous_id=missing)
