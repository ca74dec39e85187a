"""Carrying an in-progress assessment to a new bank version in the database, on SQLite and PostgreSQL: the
carried answers replace the old ones in one transaction, the old ones stay archived with their version, the
person is told once, and nothing else (a submitted assessment, another consultant's) is touched."""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from assessment.bank import Bank
from assessment.storage import AnswerInput, BankVersionChanged, Store, StoredAnswer
from assessment.storage.accounts import Accounts
from assessment.storage.carry import ArchivedRow
from assessment.storage.workspace import Workspace
from tests.helpers import (
    CARRIED_TO_N1,
    IN_PROGRESS_ON_N,
    NEXT_VERSION,
    REVIEW_ON_N1,
    THIRD_VERSION,
)

N = "2026.test.1"


def _in_progress_on_n(store: Store, version: str = N) -> int:
    record, _ = store.start("Biblioteca de Getafe", "library", None, "es", version, "2")
    store.save_answers(
        record.id, {q: AnswerInput(v, at, note, ev) for q, (v, note, ev, at) in IN_PROGRESS_ON_N.items()}
    )
    return record.id


def _stored(rows: dict[str, tuple[str | None, str | None, str | None, datetime]]) -> dict[str, StoredAnswer]:
    return {q: StoredAnswer(v, note, ev, at) for q, (v, note, ev, at) in rows.items()}


def test_an_assessment_in_progress_is_carried_and_its_old_answers_kept(store: Store, next_bank: Bank) -> None:
    aid = _in_progress_on_n(store)
    changes = store.carry_over(aid, next_bank)
    assert changes is not None and changes.review == REVIEW_ON_N1
    assert store.get(aid).bank_version == NEXT_VERSION
    assert store.answers(aid) == _stored(CARRIED_TO_N1)
    # The old rows, every one, with the version they were given under.
    assert store.archived_answers(aid) == [
        ArchivedRow(N, q, v, note, ev, at) for q, (v, note, ev, at) in sorted(IN_PROGRESS_ON_N.items())
    ]
    # Told once: the next opening has nothing new to say.
    assert store.take_notices(aid) == [changes]
    assert store.take_notices(aid) == []
    # Opening it again carries nothing: it is on this version now.
    assert store.carry_over(aid, next_bank) is None
    assert len(store.archived_answers(aid)) == len(IN_PROGRESS_ON_N)


def test_a_later_answer_wins_over_a_carried_one_as_before(store: Store, next_bank: Bank) -> None:
    aid = _in_progress_on_n(store)
    store.carry_over(aid, next_bank)
    # The carried ho_q1 keeps the time it was answered (T2): an older write loses, a newer one wins.
    assert not store.save_answer(
        aid, "ho_q1", "0", datetime(2026, 1, 1, tzinfo=UTC), bank_version=NEXT_VERSION
    )
    assert store.save_answer(aid, "ho_q1", "4", datetime.now(UTC), bank_version=NEXT_VERSION)
    assert store.answers(aid)["ho_q1"].value == "4"


def test_a_tab_still_on_the_old_version_cannot_mix_its_answers_in(store: Store, next_bank: Bank) -> None:
    aid = _in_progress_on_n(store)
    store.carry_over(aid, next_bank)
    with pytest.raises(BankVersionChanged):
        store.save_answer(aid, "cr_q3", "1", datetime.now(UTC), bank_version=N)
    assert "cr_q3" not in store.answers(aid)


def test_submitted_unknown_and_current_versions_are_left_alone(store: Store, next_bank: Bank) -> None:
    submitted = _in_progress_on_n(store)
    store.submit(submitted, '{"result": {}}', N)
    unknown = _in_progress_on_n(store, "2025.old")
    current = _in_progress_on_n(store, NEXT_VERSION)
    for aid, version in ((submitted, N), (unknown, "2025.old"), (current, NEXT_VERSION)):
        assert store.carry_over(aid, next_bank) is None
        assert store.get(aid).bank_version == version
        assert store.answers(aid) == _stored(IN_PROGRESS_ON_N)
        assert store.archived_answers(aid) == []


def test_two_steps_n_to_n_plus_2_and_two_carry_overs_both_archived(
    store: Store, next_bank: Bank, third_bank: Bank
) -> None:
    straight = _in_progress_on_n(store)
    assert store.carry_over(straight, third_bank) is not None
    assert store.get(straight).bank_version == THIRD_VERSION
    carried = store.answers(straight)
    assert carried["sf_aims"] == StoredAnswer(
        "3", "Goals approved in March", None, CARRIED_TO_N1["sf_goals"][3]
    )
    assert "pi_q1b" not in carried and carried["pi_q1a"].value == "2"

    # The same, in two openings (N+1 deployed, then N+2): same answers, both generations archived.
    stepwise = _in_progress_on_n(store)
    store.carry_over(stepwise, next_bank)
    store.carry_over(stepwise, third_bank)
    assert store.answers(stepwise) == carried
    versions = [row.bank_version for row in store.archived_answers(stepwise)]
    assert versions == [N] * len(IN_PROGRESS_ON_N) + [NEXT_VERSION] * len(CARRIED_TO_N1)
    assert [c.to_version for c in store.take_notices(stepwise)] == [NEXT_VERSION, THIRD_VERSION]


def test_two_sessions_opening_at_once_carry_it_once(db_url: str, next_bank: Bank) -> None:
    stores = [Store(db_url), Store(db_url)]
    try:
        aid = _in_progress_on_n(stores[0])
        results: list[object] = []
        ready = threading.Barrier(2)

        def open_it(store: Store) -> None:
            ready.wait()
            results.append(store.carry_over(aid, next_bank))

        threads = [threading.Thread(target=open_it, args=(s,)) for s in stores]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert sum(r is not None for r in results) == 1
        assert stores[0].answers(aid) == _stored(CARRIED_TO_N1)
        assert len(stores[1].archived_answers(aid)) == len(IN_PROGRESS_ON_N)
    finally:
        for s in stores:
            s.close()


def test_the_workspace_carries_only_its_own_consultants_assessments(store: Store, next_bank: Bank) -> None:
    accounts = Accounts(store)
    tag = secrets.token_hex(4)
    ana = Workspace(store, accounts.create(f"ana-{tag}", "correct horse battery"))
    bea = Workspace(store, accounts.create(f"bea-{tag}", "correct horse battery"))
    ids = {}
    for name, ws in (("ana", ana), ("bea", bea)):
        client = ws.create_client(f"Comune {name} {tag}", "town_hall")
        record, _ = ws.issue_link(client.id, None, "it", N)
        store.save_answers(
            record.id, {q: AnswerInput(v, at, n, e) for q, (v, n, e, at) in IN_PROGRESS_ON_N.items()}
        )
        ids[name] = record.id
    self_assessment = _in_progress_on_n(store)

    assert ana.carry_over_stale(next_bank) == 1
    assert store.answers(ids["ana"]) == _stored(CARRIED_TO_N1)
    assert store.get(ids["bea"]).bank_version == N, "another consultant's client is not touched"
    assert store.get(self_assessment).bank_version == N, "nor a self-assessment"
    assert ana.carry_over_stale(next_bank) == 0, "nothing left to carry"
    # The respondent is told when they next open the link.
    assert [c.from_version for c in store.take_notices(ids["ana"])] == [N]


def test_deleting_an_assessment_deletes_its_archive(store: Store, next_bank: Bank) -> None:
    aid = _in_progress_on_n(store)
    store.carry_over(aid, next_bank)
    with store.tx(write=True) as conn:
        conn.execute(text("DELETE FROM assessments WHERE id = :id"), {"id": aid})
    with store.tx() as conn:
        left = conn.execute(
            text("SELECT count(*) FROM answer_archive WHERE assessment_id = :id"), {"id": aid}
        ).scalar_one()
        carried = conn.execute(
            text("SELECT count(*) FROM carryovers WHERE assessment_id = :id"), {"id": aid}
        ).scalar_one()
    assert (left, carried) == (0, 0)
