"""A consensus in storage, on SQLite and PostgreSQL: it is an assessment of its own beside the respondents'
(theirs stay as they were), every agreed answer is logged with who, when, from, to and why, and a second
consultant reaches none of it — every foreign id looks exactly like a missing one."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from assessment.storage import Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.engine import make_engine
from assessment.storage.migrate import downgrade_engine
from assessment.storage.workspace import Agreed, ImportItem, NotFound, Workspace

PASSWORD = "correct horse battery"
T = datetime(2026, 2, 1, 10, 0, tzinfo=UTC)


def rescore(version: str = "v2"):
    # Stands in for the core's scoring: the stored "result" is the agreed set itself, easy to read back.
    def score(agreed: Mapping[str, str]) -> tuple[str, str]:
        return json.dumps(dict(sorted(agreed.items()))), version

    return score


def setup(store: Store) -> tuple[Workspace, Workspace, int, int, int, int]:
    accounts = Accounts(store)
    tag = secrets.token_hex(4)  # the PostgreSQL database is shared by the tests of a session
    ana = Workspace(store, accounts.create(f"ana-{tag}", PASSWORD, "Ana Ruiz"))
    bea = Workspace(store, accounts.create(f"bea-{tag}", PASSWORD, "Bea Sanz"))
    town = ana.create_client("Town", "town_hall")
    police = ana.create_unit(town.id, "Police")
    chief, _ = ana.issue_link(town.id, police.id, "en", "v1", respondent="Chief")
    intern, _ = ana.issue_link(town.id, police.id, "en", "v1", respondent="Intern")
    store.save_answer(chief.id, "q1", "4", T, note="We drill every year")
    store.save_answer(chief.id, "q2", "3", T)
    store.save_answer(intern.id, "q1", "0", T, note="Never seen a drill")
    store.save_answer(intern.id, "q2", "3", T)
    store.submit(chief.id, "{}", "v1")
    return ana, bea, town.id, police.id, chief.id, intern.id


def test_agreed_answers_become_an_assessment_of_their_own_and_every_change_is_logged(store: Store) -> None:
    ana, _, town, police, chief, intern = setup(store)
    assert ana.consensus_of(town, police) is None
    record = ana.start_consensus(town, police, "en", "v1")
    assert (record.organization_id, record.unit_id, record.org_type) == (town, police, "town_hall")
    assert record.submitted_at is None
    assert ana.start_consensus(town, police, "en", "v1") == record, "one consensus per unit"
    assert ana.consensus_of(town, police) == record
    assert ana.consensus_of(town, None) is None, "the client as a whole is another target"

    got = ana.agree(record.id, {"q1": Agreed("2", "  Drill planned, not held  "), "q2": Agreed("3")})
    assert got == {"q1", "q2"}
    agreed = ana.agreed(record.id)
    assert {q: (a.value, a.note) for q, a in agreed.items()} == {
        "q1": ("2", "Drill planned, not held"),  # the reason, trimmed, is the answer's note
        "q2": ("3", None),
    }
    assert ana.agree(record.id, {"q1": Agreed("2", "Drill planned, not held")}) == set(), "no change, no log"
    with pytest.raises(ValueError, match="needs a reason"):
        ana.agree(record.id, {"q2": Agreed("1"), "q1": Agreed("1", "x")})
    assert ana.agreed(record.id)["q1"].value == "2", "all or nothing: q1 was not changed either"
    for bad in ({"q1": Agreed("7", "x")}, {"": Agreed("1", "x")}, {"q1": Agreed(3, "x")}):  # type: ignore[arg-type]  # wrong on purpose: refused at run time
        with pytest.raises(ValueError):
            ana.agree(record.id, bad)

    # Not official yet: the consensus is listed (as a consensus) but holds no result.
    rows = {r.id: r for r in ana.assessments()}
    assert rows[record.id].consensus is True and rows[record.id].submitted_at is None
    assert rows[record.id].answered == 2
    assert rows[chief].consensus is False and rows[intern].consensus is False

    official = ana.make_official(record.id, rescore())
    assert official.submitted_at is not None and official.bank_version == "v2"
    assert json.loads(ana.assessments()[-1].result_json or "") == {"q1": "2", "q2": "3"}

    # Later changes: logged, and the official result is scored again at once.
    with pytest.raises(ValueError, match="pass rescore"):
        ana.agree(record.id, {"q1": Agreed("1", "The drill was cancelled")})
    assert ana.agree(record.id, {"q1": Agreed("1", "The drill was cancelled")}, rescore("v3")) == {"q1"}
    stored = {r.id: r for r in ana.assessments()}[record.id]
    assert json.loads(stored.result_json or "") == {"q1": "1", "q2": "3"}
    consensus = ana.consensus_of(town, police)
    assert consensus is not None and consensus.bank_version == "v3"
    assert stored.submitted_at == official.submitted_at, "official since the first time"

    log = ana.consensus_log(record.id)
    assert [(c.question_id, c.old_value, c.new_value, c.reason, c.consultant) for c in log] == [
        ("q1", None, "2", "Drill planned, not held", "Ana Ruiz"),
        ("q2", None, "3", None, "Ana Ruiz"),
        ("q1", "2", "1", "The drill was cancelled", "Ana Ruiz"),
    ]
    assert log[0].changed_at <= log[2].changed_at and log[2].changed_at.tzinfo is not None

    # The respondents' own answers and notes are untouched, and theirs alone.
    details = ana.answer_details_of([chief, intern])
    assert {q: (a.value, a.note) for q, a in details[chief].items()} == {
        "q1": ("4", "We drill every year"),
        "q2": ("3", None),
    }
    assert details[intern]["q1"].value == "0" and details[intern]["q1"].note == "Never seen a drill"
    assert ana.answers_of([chief]) == {chief: {"q1": "4", "q2": "3"}}
    # A consensus has no link, and it is nobody's history: not even of a link issued without a name for the
    # same unit (no respondent, like the consensus).
    with pytest.raises(NotFound, match="^assessment not found$"):
        ana.new_link(record.id)
    assert [r.id for r in store.history(chief)] == [chief]
    plain, _ = ana.issue_link(town, police, "en", "v1")
    store.submit(plain.id, "{}", "v1")
    assert [r.id for r in store.history(plain.id)] == [plain.id]


def test_an_import_never_writes_over_agreed_answers(store: Store) -> None:
    ana, _, town, police, _, _ = setup(store)
    record = ana.start_consensus(town, police, "en", "v1")
    ana.agree(record.id, {"q1": Agreed("2", "Agreed with both")})
    # An open consensus is the unit's newest assessment without a respondent: an import must not take it for
    # an open link to fill.
    item = ImportItem("Town", "town_hall", "Police", {"q1": "4", "q2": "4"}, "{}")
    assert ana.apply_import([item], "en", "v1")["created"] == 1
    assert {q: a.value for q, a in ana.agreed(record.id).items()} == {"q1": "2"}
    consensus = ana.consensus_of(town, police)
    assert consensus is not None and consensus.submitted_at is None


def test_a_second_consultant_reaches_no_consensus(store: Store) -> None:
    ana, bea, town, police, chief, intern = setup(store)
    record = ana.start_consensus(town, police, "en", "v1")
    ana.agree(record.id, {"q1": Agreed("2", "secret reason")})
    missing = 10_000_000
    for consensus_id in (record.id, missing):
        for attempt in (
            lambda c=consensus_id: bea.agreed(c),
            lambda c=consensus_id: bea.agree(c, {"q1": Agreed("4", "mine now")}, rescore()),
            lambda c=consensus_id: bea.make_official(c, rescore()),
            lambda c=consensus_id: bea.consensus_log(c),
        ):
            with pytest.raises(NotFound, match="^consensus not found$"):
                attempt()
    for org_id, unit_id in ((town, police), (town, None), (missing, None)):
        with pytest.raises(NotFound, match="^client not found$"):
            bea.consensus_of(org_id, unit_id)
        with pytest.raises(NotFound, match="^client not found$"):
            bea.start_consensus(org_id, unit_id, "en", "v1")
    # Bea's own client with Ana's unit: still not found.
    mine = bea.create_client("Bea's", "ngo")
    with pytest.raises(NotFound, match="^unit not found$"):
        bea.start_consensus(mine.id, police, "en", "v1")
    assert bea.answer_details_of([chief, intern, record.id]) == {}
    assert bea.assessments(include_archived=True) == []
    # Even Ana cannot use a respondent's assessment as a consensus: only agree() writes agreed answers.
    for not_a_consensus in (chief, intern, True, "1", None):
        with pytest.raises(NotFound, match="^consensus not found$"):
            ana.agree(not_a_consensus, {"q1": Agreed("2", "x")})  # type: ignore[arg-type]  # wrong on purpose: refused at run time
    assert {q: (a.value, a.note) for q, a in ana.agreed(record.id).items()} == {"q1": ("2", "secret reason")}
    assert [c.consultant for c in ana.consensus_log(record.id)] == ["Ana Ruiz"]


def test_upgrade_from_0006_and_back(fresh_url: str) -> None:
    upgrade(fresh_url, "0006")
    store = Store(fresh_url)
    engine = make_engine(fresh_url)
    try:
        before, _ = store.start("Old Org", "ngo", "Old Unit", "en", "v", "0")
        store.save_answer(before.id, "q1", "3", T, "a note")
        upgrade(fresh_url)
        ana = Workspace(store, Accounts(store).create("ana", PASSWORD))
        assert store.answers(before.id)["q1"].note == "a note"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT consensus FROM assessments")).scalar_one() in (False, 0)
        town = ana.create_client("Town", "ngo")
        record = ana.start_consensus(town.id, None, "en", "v")
        ana.agree(record.id, {"q1": Agreed("2", "why")})
        downgrade_engine(engine, "0006")
        with engine.connect() as conn:
            ids = [r[0] for r in conn.execute(text("SELECT id FROM assessments ORDER BY id"))]
        assert ids == [before.id], "the agreed answers leave with the schema that knew them"
        assert store.answers(before.id)["q1"].value == "3", "nothing else is lost"
        upgrade(fresh_url)
        assert ana.consensus_of(town.id, None) is None
    finally:
        engine.dispose()
        store.close()
