"""Each assessment's stored scores (table assessment_scores, revision 0010), on SQLite and PostgreSQL: filled
in for submitted assessments by the migration, written by every path that stores a result, computed and
kept by the portfolio for assessments in progress, never read once their assessment has changed, never
read nor written across consultants — and a portfolio drawn from them shows what it showed without them."""

from __future__ import annotations

import json
import secrets
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text

from assessment.bank import Bank
from assessment.engine import snapshot
from assessment.engine.benchmark import OVERALL, Figure
from assessment.engine.consensus import official, snapshot_json
from assessment.engine.follow_up import due, expired_of, peer_positions
from assessment.engine.portfolio import Entry, build_entries, portfolio_table
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.records import AnswerInput, ImportItem, StoredScore
from assessment.storage import Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.engine import make_engine
from assessment.storage.migrate import downgrade_engine
from assessment.storage.workspace import Agreed, Workspace
from assessment.ui.workspace import data
from tests.helpers import QB, QUICK_ANSWERS, synthetic_bank

PASSWORD = "correct horse battery"
T = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)

# A stored snapshot as an older release wrote it: the second dimension has no "provisional" key (before
# the quick check), and the result no "form" (before forms). Its plan is left out: the scores need none.
OLD_SNAPSHOT = {
    "result": {
        "bank_version": "2025.1",
        "org_type": "ngo",
        "dimensions": {
            "alpha": {
                "dimension": "alpha",
                "score": 62.5,
                "level": 3,
                "questions": 4,
                "answered": 4,
                "applicable": 4,
                "unknowns": [],
                "not_applicable": [],
                "provisional": True,
            },
            "beta": {
                "dimension": "beta",
                "score": None,
                "level": None,
                "questions": 2,
                "answered": 0,
                "applicable": 1,
                "unknowns": [],
                "not_applicable": ["b2"],
            },
        },
        "overall_score": None,
        "overall_level": None,
        "uncapped_level": None,
        "answers": {"a1": 3},
        "expired": {"a1": {"dated": "2020-01-01", "months": 74, "expires_months": 12, "given": 4}},
    }
}
# Worked out by hand from OLD_SNAPSHOT: [score, level, questions, answered, applicable, provisional].
OLD_DIMENSIONS = '{"alpha":[62.5,3,4,4,4,1],"beta":[null,null,2,0,1,0]}'
OLD_EXPIRED = '{"a1":{"dated":"2020-01-01","expires_months":12,"given":4,"months":74}}'


def consultants(store: Store) -> tuple[Workspace, Workspace]:
    # The PostgreSQL database is shared by the tests of a session: names unique per test.
    accounts = Accounts(store)
    tag = secrets.token_hex(4)
    return (
        Workspace(store, accounts.create(f"ana-{tag}", PASSWORD)),
        Workspace(store, accounts.create(f"bea-{tag}", PASSWORD)),
    )


def stored_rows(url: str) -> dict[int, dict[str, Any]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT * FROM assessment_scores")).mappings().all()
    finally:
        engine.dispose()
    return {r["assessment_id"]: dict(r) for r in rows}


def given(value: Any) -> AnswerInput:
    return AnswerInput(str(value), datetime.now(UTC))


def real_snapshot(bank: Bank, answers: dict[str, Any], org_type: str = "ngo", **changes: Any) -> str:
    result = replace(score(bank, answers, org_type), **changes)
    return snapshot.dumps(result, recommend(bank, result))


# --- the migration ------------------------------------------------------------------------------------


@pytest.fixture
def engine(fresh_url: str) -> Any:
    e = make_engine(fresh_url)
    yield e
    e.dispose()


def test_0010_fills_in_the_submitted_and_downgrade_drops_the_table(fresh_url: str, engine: Engine) -> None:
    upgrade(fresh_url, "0009")
    store = Store(fresh_url)
    try:
        ana, _ = consultants(store)
        client = ana.create_client("Old Client", "ngo")
        old, _ = ana.issue_link(client.id, None, "en", "2025.1")
        unreadable, _ = ana.issue_link(client.id, None, "en", "2025.1")
        open_one, _ = ana.issue_link(client.id, None, "en", "2025.1")
        store.save_answer(open_one.id, "a1", "2", T)
        # Submitted on the 0009 schema: there is no table to write to yet, and the submit still works.
        store.submit(old.id, json.dumps(OLD_SNAPSHOT), "2025.1")
        store.submit(unreadable.id, "{}", "2025.1")
        assert "assessment_scores" not in inspect(engine).get_table_names()

        upgrade(fresh_url)
        rows = stored_rows(fresh_url)
        assert set(rows) == {old.id}, "only a readable submitted snapshot is filled in"
        row = rows[old.id]
        assert (row["form"], row["overall_score"], row["overall_level"], row["uncapped_level"]) == (
            "full",
            None,
            None,
            None,
        )
        assert (row["dimensions"], row["expired"], row["asked"], row["bank_version"]) == (
            OLD_DIMENSIONS,
            OLD_EXPIRED,
            None,
            "2025.1",
        )
        # Stamped with the assessment's own state: the portfolio trusts it, and reads no snapshot for it.
        listed = {r.id: r for r in ana.portfolio_rows(synthetic_bank(version="2026.1").scoring_stamp)}
        record = store.get(old.id)
        assert listed[old.id].score == StoredScore(
            record.updated_at,
            record.submitted_at,
            "2025.1",
            "full",
            None,
            None,
            None,
            OLD_DIMENSIONS,
            OLD_EXPIRED,
        )
        assert listed[old.id].result_json is None
        assert listed[unreadable.id].score is None and listed[unreadable.id].result_json is not None

        downgrade_engine(engine, "0009")
        assert "assessment_scores" not in inspect(engine).get_table_names()
        assert store.get(old.id).result_json == json.dumps(OLD_SNAPSHOT), "the snapshots stay"
        upgrade(fresh_url)
        assert set(stored_rows(fresh_url)) == {old.id}, "and are read again on the way back up"
    finally:
        store.close()


# --- written where a result is stored ----------------------------------------------------------------


def test_every_path_that_stores_a_result_stores_its_scores(store: Store, db_url: str) -> None:
    ana, _ = consultants(store)
    client = ana.create_client("Town", "town_hall")
    unit = ana.create_unit(client.id, "Police")
    answers = dict.fromkeys(QB.questions, 3)

    # The survey's submit.
    link, _ = ana.issue_link(client.id, None, "en", QB.version)
    submitted = store.submit(link.id, real_snapshot(QB, answers, "town_hall"), QB.version)
    # An import: one row fills and submits an open assessment, one starts a new unit's.
    ana.issue_link(client.id, unit.id, "en", QB.version)
    items = [
        ImportItem("Town", "town_hall", "Police", {"sf_q1": "1"}, real_snapshot(QB, {"sf_q1": 1})),
        ImportItem("Town", "town_hall", "Fire", {"sf_q1": "2"}, real_snapshot(QB, {"sf_q1": 2})),
    ]
    assert ana.apply_import(items, "en", QB.version) == {"clients": 0, "units": 1, "updated": 1, "created": 1}
    # A consensus made official, then an agreed answer changed (scored again).
    chief, _ = ana.issue_link(client.id, unit.id, "en", QB.version, respondent="Chief")
    deputy, _ = ana.issue_link(client.id, unit.id, "en", QB.version, respondent="Deputy")
    consensus = ana.start_consensus(client.id, unit.id, "en", QB.version)
    ana.agree(consensus.id, {f"sf_q{n}": Agreed("4") for n in range(1, 6)})

    def rescore(agreed: Any) -> tuple[str, str]:
        return snapshot_json(QB, agreed, "town_hall"), QB.version

    ana.make_official(consensus.id, rescore)
    first = stored_rows(db_url)[consensus.id]
    ana.agree(consensus.id, {"sf_q1": Agreed("0", "The drill was cancelled")}, rescore)

    rows = stored_rows(db_url)
    listed = {r.id: r for r in ana.portfolio_rows(QB.scoring_stamp)}
    imported = [r.id for r in listed.values() if r.submitted_at is not None and r.id != link.id]
    assert len(imported) == 3  # the two imported and the consensus
    for aid in (link.id, consensus.id, *imported):
        assert aid in rows, aid
        assert listed[aid].score is not None and listed[aid].result_json is None, aid
    assert {chief.id, deputy.id}.isdisjoint(rows), "nothing submitted, nothing scored yet"
    assert rows[link.id]["submitted_at"] is not None
    kept = listed[link.id].score
    assert kept is not None
    assert (kept.updated_at, kept.submitted_at) == (submitted.updated_at, submitted.submitted_at)
    # Strategic focus agreed at 4 on all five questions (100), then sf_q1 at 0: 4 × 4 of 5 × 4, 80.
    assert json.loads(first["dimensions"])["strategic_focus"][:2] == [100.0, 5]
    assert json.loads(rows[consensus.id]["dimensions"])["strategic_focus"][0] == 80.0
    assert rows[consensus.id]["updated_at"] != first["updated_at"], "scored again: written again"


# --- staleness --------------------------------------------------------------------------------------


def test_a_row_is_read_only_while_its_assessment_is_as_it_was_scored(store: Store, db_url: str) -> None:
    ana, _ = consultants(store)
    client = ana.create_client("Library", "library")
    link, _ = ana.issue_link(client.id, None, "en", QB.version)
    store.save_answer(link.id, "sf_q1", "4", T)

    # The first look scores it and keeps the scores, stamped with the state it scored.
    first = data.compute(ana, QB, plans=False)
    row = stored_rows(db_url)[link.id]
    assert row["asked"] == 29 and row["submitted_at"] is None and row["bank_version"] == QB.scoring_stamp
    assert json.loads(row["dimensions"])["strategic_focus"] == [None, None, 5, 1, 5, 0]
    (listed,) = ana.portfolio_rows(QB.scoring_stamp)
    assert listed.score is not None and listed.score.updated_at == listed.updated_at
    second = data.compute(ana, QB, plans=False)
    assert what_the_portfolio_uses(QB, second.entries) == what_the_portfolio_uses(QB, first.entries)
    assert second.entries[0].result is not None and second.entries[0].result.answers == {}, "from the row"

    # Another bank (another version) never reads it, nor does the bare version (what a release before the
    # scoring stamp wrote and compared).
    (other_bank,) = ana.portfolio_rows(synthetic_bank(version="test.2").scoring_stamp)
    assert other_bank.score is None
    assert ana.portfolio_rows(QB.version)[0].score is None

    # An answer saved: the row is stale, read as nothing, and the next look scores again and rewrites it.
    store.save_answers(
        link.id, {q: given(v) for q, v in {"sf_q2": 4, "sf_q3": 4, "sf_q4": 4, "sf_q5": 4}.items()}
    )
    (stale,) = ana.portfolio_rows(QB.scoring_stamp)
    assert stale.score is None
    again = data.compute(ana, QB, plans=False)
    (entry,) = again.entries
    assert entry.score("strategic_focus") == 100.0 and entry.percent == round(100 * 5 / 29, 1)
    row = stored_rows(db_url)[link.id]
    assert json.loads(row["dimensions"])["strategic_focus"] == [100.0, 5, 5, 5, 5, 0]
    (fresh,) = ana.portfolio_rows(QB.scoring_stamp)
    assert fresh.score is not None and fresh.score.updated_at == fresh.updated_at

    # Submitted: the live row no longer stands for it, whatever its stamp; the submit's own row does.
    store.submit(link.id, real_snapshot(QB, {"sf_q1": 0}, "library"), QB.version)
    (done,) = ana.portfolio_rows(QB.scoring_stamp)
    assert done.score is not None and done.score.submitted_at == done.submitted_at
    assert json.loads(done.score.dimensions)["strategic_focus"][3] == 1

    # A submitted one's state moved (its language switched: updated_at): read from its snapshot again, and
    # its row written again from it, with the new stamp.
    store.set_language(link.id, "es")
    (moved,) = ana.portfolio_rows(QB.scoring_stamp)
    assert moved.score is None and moved.result_json is not None
    data.compute(ana, QB, plans=False)
    (back,) = ana.portfolio_rows(QB.scoring_stamp)
    assert back.score is not None and back.score.updated_at == moved.updated_at
    assert back.score.dimensions == done.score.dimensions


def test_a_late_write_from_an_older_state_does_not_replace_a_newer_row(store: Store, db_url: str) -> None:
    ana, _ = consultants(store)
    client = ana.create_client("Media", "media")
    link, _ = ana.issue_link(client.id, None, "en", QB.version)
    store.save_answer(link.id, "sf_q1", "4", T)
    (before,) = ana.portfolio_rows(QB.scoring_stamp)
    store.submit(link.id, real_snapshot(QB, {"sf_q1": 4}, "media"), QB.version)
    late = StoredScore(before.updated_at, None, QB.version, "full", None, None, None, "{}", asked=29)
    assert ana.save_scores({link.id: late}) == 1
    row = stored_rows(db_url)[link.id]
    assert row["submitted_at"] is not None and row["dimensions"] != "{}", "the submit's row stays"


def test_a_failed_write_back_leaves_the_portfolio_drawn(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, _ = consultants(store)
    client = ana.create_client("NGO", "ngo")
    link, _ = ana.issue_link(client.id, None, "en", QB.version)
    store.save_answer(link.id, "sf_q1", "4", T)

    def refuse(computed: Any) -> int:
        raise RuntimeError("the database refused")

    monkeypatch.setattr(ana, "save_scores", refuse)
    (entry,) = data.compute(ana, QB, plans=False).entries
    assert entry.status == "in_progress" and entry.result is not None
    (listed,) = ana.portfolio_rows(QB.scoring_stamp)
    assert listed.score is None, "nothing kept: computed again next time"


# --- one consultant, their own rows --------------------------------------------------------------------


def test_one_consultant_never_reads_nor_writes_another_consultants_scores(store: Store, db_url: str) -> None:
    ana, bea = consultants(store)
    mine = ana.create_client("Ana's client", "ngo")
    link, _ = ana.issue_link(mine.id, None, "en", QB.version)
    store.submit(link.id, real_snapshot(QB, {"sf_q1": 4}), QB.version)
    theirs = bea.create_client("Bea's client", "ngo")
    bea.issue_link(theirs.id, None, "en", QB.version)

    assert [r.id for r in bea.portfolio_rows(QB.scoring_stamp)] != [link.id]
    assert link.id not in {r.id for r in bea.portfolio_rows(QB.scoring_stamp)}
    before = stored_rows(db_url)[link.id]
    planted = StoredScore(T + timedelta(days=900), T, QB.version, "full", 99.0, 5, 5, '{"x":[99,5,1,1,1,0]}')
    assert bea.save_scores({link.id: planted, 2**40: planted}) == 0
    assert stored_rows(db_url)[link.id] == before
    assert ana.save_scores({link.id: planted}) == 1, "the owner's write goes through"


# --- the portfolio drawn from the rows is the portfolio drawn without them ---------------------------


def what_the_portfolio_uses(bank: Bank, entries: list[Entry]) -> dict[str, Any]:
    figures = [Figure("ngo", d, 9, 40, 60, 80) for d in [*bank.dimensions, OVERALL]] + [
        Figure("town_hall", d, 9, 50, 70, 90) for d in [*bank.dimensions, OVERALL]
    ]
    per_entry = [
        (
            e.assessment_id,
            e.status,
            e.percent,
            e.date,
            e.form,
            e.consensus,
            e.provisional,
            None
            if e.result is None
            else (
                e.result.overall_score,
                e.result.overall_level,
                e.result.uncapped_level,
                e.result.capped,
                e.result.weakest,
                e.result.form,
                e.result.expired,
                {
                    d: (r.score, r.level, r.provisional, r.questions, r.answered, r.applicable, r.assessed)
                    for d, r in e.result.dimensions.items()
                },
            ),
        )
        for e in entries
    ]
    return {
        "entries": per_entry,
        "table": portfolio_table(bank, entries).to_csv(index=False),  # NaN as NaN, not as unequal
        "expired": [(e.assessment_id, flags) for e, flags in expired_of(entries)],
        "due": due(entries, {}, date(2030, 1, 1)),
        "peers": [(e.assessment_id, where) for e, where in peer_positions(entries, figures, bank.dimensions)],
    }


def test_the_portfolio_from_stored_scores_shows_what_it_showed_without_them(store: Store) -> None:
    ana, _ = consultants(store)
    town = ana.create_client("Town", "town_hall")
    police = ana.create_unit(town.id, "Police")
    ngo = ana.create_client("NGO", "ngo")
    every = dict.fromkeys(QB.questions, 3)
    # Submitted, with expired evidence flagged in its result.
    done, _ = ana.issue_link(town.id, None, "en", QB.version)
    flags = {"sf_q1": {"dated": "2021-01-01", "months": 60, "expires_months": 24, "given": 3, "counted": 2}}
    store.submit(done.id, real_snapshot(QB, every, "town_hall", expired=flags), QB.version)
    # Submitted under an older bank version (its own frozen result).
    older, _ = ana.issue_link(ngo.id, None, "en", "2025.1")
    store.submit(older.id, json.dumps(OLD_SNAPSHOT), "2025.1")
    # In progress, full survey; a quick check with only the quick questions (provisional); not started.
    open_full, _ = ana.issue_link(ngo.id, None, "en", QB.version, respondent="Head")
    store.save_answers(open_full.id, {q: given(2) for q in list(QB.questions)[:12]})
    quick, _ = ana.issue_link(town.id, police.id, "en", QB.version, respondent="Chief", form="quick")
    store.save_answers(quick.id, {q: given(v) for q, v in QUICK_ANSWERS.items()})
    ana.issue_link(town.id, police.id, "en", QB.version, respondent="Deputy")
    # A quick check submitted with its provisional result.
    quick_done, _ = ana.issue_link(ngo.id, None, "en", QB.version, respondent="Intern", form="quick")
    store.save_answers(quick_done.id, {q: given(v) for q, v in QUICK_ANSWERS.items()})
    quick_result = score(QB, QUICK_ANSWERS, "ngo", "quick")
    assert quick_result.provisional
    store.submit(quick_done.id, snapshot.dumps(quick_result, recommend(QB, quick_result)), QB.version)
    # The unit's consensus, made official.
    consensus = ana.start_consensus(town.id, police.id, "en", QB.version)
    ana.agree(consensus.id, {"sf_q1": Agreed("4"), "ho_q1": Agreed("1")})
    ana.make_official(consensus.id, lambda agreed: (snapshot_json(QB, agreed, "town_hall"), QB.version))

    # The old way: every snapshot parsed, every assessment in progress scored.
    rows = ana.assessments(results_only=True)
    open_ids = [r.id for r in rows if r.submitted_at is None and r.answered]
    old = build_entries(QB, rows, ana.answers_of(open_ids), plans=False)
    # The first look keeps the scores of those in progress; the next one reads every row and no answer.
    assert [e.status for e in data.compute(ana, QB, plans=False).entries] == [e.status for e in old]
    kept = ana.portfolio_rows(QB.scoring_stamp)
    assert [r.id for r in kept if r.score is None] == [
        r.id for r in rows if r.answered == 0 and not r.submitted_at
    ]
    assert all(r.result_json is None for r in kept)
    new = build_entries(QB, kept, {}, plans=False)

    assert {e.status for e in new} == {"submitted", "in_progress", "not_started"}
    assert any(e.provisional and e.status == "in_progress" for e in new)
    assert any(e.provisional and e.status == "submitted" for e in new)
    assert any(e.consensus for e in new) and any(e.result and e.result.expired for e in new)
    assert what_the_portfolio_uses(QB, new) == what_the_portfolio_uses(QB, old)
    assert [e.assessment_id for e in official(new)] == [e.assessment_id for e in official(old)]


# --- the bank edited without a new version ------------------------------------------------------------

# The quick check's answers but cr_q2: crisis readiness has one of its two quick questions answered.
HALF_CR = {q: v for q, v in QUICK_ANSWERS.items() if q != "cr_q2"}


def same_version(bank: Bank, quick: list[str] | None = None, share: float | None = None) -> Bank:
    """`bank` with its quick check edited (its questions, its share), the version left as it was."""
    assert bank.quick is not None
    form = bank.quick.model_copy(
        update={k: v for k, v in (("questions", quick), ("min_answered", share)) if v is not None}
    )
    info = bank.info.model_copy(update={"forms": bank.info.forms.model_copy(update={"quick": form})})
    return replace(bank, info=info)


def reworded(bank: Bank) -> Bank:
    """`bank` with a typo fixed in Italian (a dimension's name, a question's text): no figure changes."""
    dim = bank.dimensions["crisis_readiness"]
    q = bank.questions["cr_q1"]
    name = dim.name.model_copy(update={"it": "Prontezza (corretto)"})
    wording = q.text.model_copy(update={"it": "Nuovo"})
    return replace(
        bank,
        dimensions={**bank.dimensions, dim.id: dim.model_copy(update={"name": name})},
        questions={**bank.questions, q.id: q.model_copy(update={"text": wording})},
    )


def open_quick(store: Store) -> tuple[Workspace, int]:
    ana, _ = consultants(store)
    client = ana.create_client("Shelter", "ngo")
    link, _ = ana.issue_link(client.id, None, "en", QB.version, form="quick")
    store.save_answers(link.id, {q: given(v) for q, v in HALF_CR.items()})
    return ana, link.id


@pytest.mark.parametrize(
    ("edited", "percent"),
    [
        # The quick check's share lowered to half: cr_q1 alone (1 of 2 quick questions) places it.
        (same_version(QB, share=0.5), 90.0),
        # cr_q2 out of the quick check: cr_q1 is its only quick question, answered; 9 questions asked.
        (same_version(QB, quick=[q for q in QB.quick_ids if q != "cr_q2"]), 100.0),
    ],
    ids=["min_answered", "question_removed"],
)
def test_an_open_quick_check_is_scored_again_once_the_bank_scores_it_otherwise(
    store: Store, db_url: str, edited: Bank, percent: float
) -> None:
    ana, aid = open_quick(store)
    # Scored and kept with the bank as it was. By hand (ngo, quick check, all of its share answered):
    # strategic focus 3, 2 → 5 of 8, 62.5; help orientation 4 (weight 2), 0 (weight 0.5) → 8 of 10, 80.0;
    # community stewardship dk, 1 → 1 of 8, 12.5; platform independence na, 4 → 100.0; crisis readiness
    # cr_q1 alone, 1 of 2 quick questions < 1.0: not placed, so no overall score. 9 answered of 10 asked.
    (before,) = data.compute(ana, QB, plans=False).entries
    assert before.score("crisis_readiness") is None and before.result is not None
    assert before.result.overall_score is None and before.percent == 90.0
    assert before.score("strategic_focus") == 62.5 and before.score("help_orientation") == 80.0
    assert stored_rows(db_url)[aid]["overall_score"] is None

    # The bank edited, its version unchanged: the row no longer stands for the assessment. By hand: crisis
    # readiness cr_q1 at 2 → 2 of 4, 50.0, level 3, provisional; overall (62.5 + 80 + 12.5 + 100 + 50) / 5 =
    # 61.0, level 4 on its own, capped at 2 by community stewardship's level 1.
    assert edited.version == QB.version
    (after,) = data.compute(ana, edited, plans=False).entries
    assert after.result is not None and after.result.answers != {}, "scored from its answers"
    assert after.score("crisis_readiness") == 50.0
    assert after.result.dimensions["crisis_readiness"].level == 3 and after.provisional
    overall = (after.result.overall_score, after.result.uncapped_level, after.result.overall_level)
    assert overall == (61.0, 4, 2)
    assert after.percent == percent
    assert after.result.bank_version == QB.version
    # Kept again, now with the edited bank's stamp: the next look reads it, and shows the same.
    row = stored_rows(db_url)[aid]
    assert row["overall_score"] == 61.0 and json.loads(row["dimensions"])["crisis_readiness"][:2] == [50.0, 3]
    (again,) = data.compute(ana, edited, plans=False).entries
    assert again.result is not None and again.result.answers == {}, "from the row"
    assert what_the_portfolio_uses(edited, [again]) == what_the_portfolio_uses(edited, [after])
    # And the bank as it was no longer reads the edited bank's row either.
    (back,) = data.compute(ana, QB, plans=False).entries
    assert back.score("crisis_readiness") is None and back.percent == 90.0


def test_a_translation_fixed_leaves_the_rows_read(store: Store, db_url: str) -> None:
    ana, aid = open_quick(store)
    (first,) = data.compute(ana, QB, plans=False).entries
    written = stored_rows(db_url)[aid]
    (entry,) = data.compute(ana, reworded(QB), plans=False).entries
    assert entry.result is not None and entry.result.answers == {}, "from the row: nothing scored again"
    assert what_the_portfolio_uses(QB, [entry]) == what_the_portfolio_uses(QB, [first])
    assert stored_rows(db_url)[aid] == written


def test_a_submitted_ones_row_is_read_whatever_the_bank_edit(store: Store, db_url: str) -> None:
    # Its scores are its frozen result's (expired evidence included, as flagged on the day of the submit):
    # no bank scores it again, so an edit of the bank leaves its row standing for it.
    ana, aid = open_quick(store)
    quick_result = score(QB, HALF_CR, "ngo", "quick")
    store.submit(aid, snapshot.dumps(quick_result, recommend(QB, quick_result)), QB.version)
    written = stored_rows(db_url)[aid]
    edited = same_version(QB, share=0.5)
    (listed,) = ana.portfolio_rows(edited.scoring_stamp)
    assert listed.score is not None and listed.result_json is None
    (entry,) = data.compute(ana, edited, plans=False).entries
    assert entry.status == "submitted" and entry.score("crisis_readiness") is None, "as it was submitted"
    assert entry.result is not None and entry.result.bank_version == QB.version
    assert stored_rows(db_url)[aid] == written


def test_a_row_kept_by_a_release_before_the_scoring_stamp_is_scored_again(store: Store, db_url: str) -> None:
    # That release stamped an open assessment's row with the bare version: it may come from a bank that
    # scored otherwise, so it is never read, and the next look rewrites it with the stamp.
    ana, aid = open_quick(store)
    (listed,) = ana.portfolio_rows(QB.scoring_stamp)
    older = StoredScore(listed.updated_at, None, QB.version, "quick", 99.0, 5, 5, "{}", asked=10)
    assert ana.save_scores({aid: older}) == 1
    (read,) = ana.portfolio_rows(QB.scoring_stamp)
    assert read.score is None
    (entry,) = data.compute(ana, QB, plans=False).entries
    assert entry.result is not None and entry.result.overall_score is None and entry.percent == 90.0
    assert stored_rows(db_url)[aid]["bank_version"] == QB.scoring_stamp
