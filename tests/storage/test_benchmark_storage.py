"""The peer benchmark and evidence dates in storage, on SQLite and PostgreSQL (a fresh database per test:
the benchmark aggregates the whole database). Scores by hand: on the real bank, every question answered at
step k gives every dimension (all weights 1) and the overall 25 × k."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from assessment.bank import Bank
from assessment.engine import snapshot
from assessment.engine.benchmark import OVERALL, Figure
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.storage import AssessmentNotFound, Store
from assessment.storage.accounts import Accounts
from assessment.storage.workspace import NotFound, Workspace

PASSWORD = "correct horse battery"
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def fresh_store(fresh_url: str) -> Iterator[Store]:
    s = Store(fresh_url)
    s.migrate()
    yield s
    s.close()


def snapshot_at(bank: Bank, step: int, form: str = "full") -> str:
    answers = dict.fromkeys(bank.questions, step)
    if form == "quick":
        answers = dict.fromkeys(bank.quick_ids, step)
    result = score(bank, answers, "library", form)
    return snapshot.dumps(result, recommend(bank, result))


def self_assessment(store: Store, bank: Bank, step: int, *, opted_in: bool, form: str = "full") -> int:
    record, _ = store.start(
        f"Library {secrets.token_hex(3)}", "library", None, "en", bank.version, "0", form=form,
        benchmark_opt_in=opted_in,
    )  # fmt: skip
    store.submit(record.id, snapshot_at(bank, step, form), bank.version)
    return record.id


def overall(found: list[Figure]) -> Figure | None:
    return next((f for f in found if f.org_type == "library" and f.dimension == OVERALL), None)


@pytest.mark.real_bank
def test_self_assessments_count_only_when_opted_in(fresh_store: Store, real_bank: Bank) -> None:
    dims = list(real_bank.dimensions)
    for step in (1, 1, 2, 2):  # 25, 25, 50, 50
        self_assessment(fresh_store, real_bank, step, opted_in=True)
    # An opted-out organization at 100 and a quick check at 100: neither counts, so four is still too few.
    # Counted, the opted-out one would make five: 25, 25, 50, 50, 100 → quartiles 25, 50, 50 shown.
    self_assessment(fresh_store, real_bank, 4, opted_in=False)
    self_assessment(fresh_store, real_bank, 4, opted_in=True, form="quick")
    assert fresh_store.benchmark(dims) == []

    self_assessment(fresh_store, real_bank, 3, opted_in=True)  # 75: the fifth
    # 25, 25, 50, 50, 75: q1 25 (two at 25), median 50 and q3 50 (two at 50). Were the opted-out 100 in,
    # six scores would give q3 = 50 + 0.75 × 25 = 68.75 → 70 and 6 organizations.
    assert overall(fresh_store.benchmark(dims)) == Figure("library", OVERALL, 5, 25, 50, 50)
    assert fresh_store.benchmark(dims, min_orgs=6) == []


@pytest.mark.real_bank
def test_each_organization_counts_once_and_keeps_its_choice(fresh_store: Store, real_bank: Bank) -> None:
    dims = list(real_bank.dimensions)
    first = self_assessment(fresh_store, real_bank, 0, opted_in=True)
    # Its re-assessment belongs to the same organization, opted in as before; only the latest (step 4) counts.
    again, _ = fresh_store.start("", "", None, "en", real_bank.version, "0", previous_id=first)
    assert fresh_store.benchmark_opt_in(again.id) is True
    fresh_store.submit(again.id, snapshot_at(real_bank, 4), real_bank.version)
    for step in (4, 2, 2):
        self_assessment(fresh_store, real_bank, step, opted_in=True)
    assert fresh_store.benchmark(dims) == [], "five assessments of four organizations"
    self_assessment(fresh_store, real_bank, 4, opted_in=True)
    # 50, 50, 100, 100, 100: q1 50 (two), median 100 (three), q3 100.
    assert overall(fresh_store.benchmark(dims)) == Figure("library", OVERALL, 5, 50, 100, 100)
    # Changing one's mind later takes the organization out.
    fresh_store.set_benchmark_opt_in(again.id, False)
    assert fresh_store.benchmark(dims) == []


@pytest.mark.real_bank
def test_a_consultants_clients_count_only_once_the_consultant_opts_in(
    fresh_store: Store, real_bank: Bank
) -> None:
    dims = list(real_bank.dimensions)
    accounts = Accounts(fresh_store)
    ana = Workspace(fresh_store, accounts.create("ana", PASSWORD))
    bea = Workspace(fresh_store, accounts.create("bea", PASSWORD))
    for i, step in enumerate((1, 1, 2, 2, 3)):
        client = ana.create_client(f"Biblioteca {i}", "library")
        record, _ = ana.issue_link(client.id, None, "es", real_bank.version)
        fresh_store.submit(record.id, snapshot_at(real_bank, step), real_bank.version)
    assert ana.benchmark_opt_in() is False
    assert ana.benchmark(dims) == [] and fresh_store.benchmark(dims) == []
    ana.set_benchmark_opt_in(True)
    assert ana.benchmark_opt_in() is True and bea.benchmark_opt_in() is False
    expected = Figure("library", OVERALL, 5, 25, 50, 50)
    assert overall(ana.benchmark(dims)) == expected
    # Another consultant sees the same aggregate and nothing of Ana's clients.
    assert overall(bea.benchmark(dims)) == expected
    assert bea.clients() == []
    # Archiving a client takes it out.
    ana.archive_client(ana.clients()[0].id)
    assert ana.benchmark(dims) == []


def test_the_choice_reads_back_for_a_self_assessment_and_is_none_for_a_client(fresh_store: Store) -> None:
    out, _ = fresh_store.start("Out", "library", None, "en", "v", "0")
    counted, _ = fresh_store.start("In", "library", None, "en", "v", "0", benchmark_opt_in=True)
    assert fresh_store.benchmark_choice(out.id) is False, "off unless chosen at Start"
    assert fresh_store.benchmark_choice(counted.id) is True
    fresh_store.set_benchmark_opt_in(counted.id, False)
    fresh_store.set_benchmark_opt_in(out.id, True)
    assert (fresh_store.benchmark_choice(counted.id), fresh_store.benchmark_choice(out.id)) == (False, True)
    # A re-assessment reads its organization's current choice.
    again, _ = fresh_store.start("", "", None, "en", "v", "0", previous_id=out.id)
    assert fresh_store.benchmark_choice(again.id) is True
    # A consultant's client: the consultant decides, so there is no choice of the organization's to show,
    # opted in or not, and setting one changes nothing.
    ana = Workspace(fresh_store, Accounts(fresh_store).create("ana", PASSWORD))
    client = ana.create_client("Biblioteca", "library")
    record, _ = ana.issue_link(client.id, None, "es", "v")
    assert fresh_store.benchmark_choice(record.id) is None
    ana.set_benchmark_opt_in(True)
    fresh_store.set_benchmark_opt_in(record.id, False)
    assert fresh_store.benchmark_choice(record.id) is None and ana.benchmark_opt_in() is True
    with pytest.raises(AssessmentNotFound):
        fresh_store.benchmark_choice(record.id + 1000)


def test_the_reassessment_cadence_is_the_consultants_own(fresh_store: Store) -> None:
    accounts = Accounts(fresh_store)
    ana = Workspace(fresh_store, accounts.create("ana", PASSWORD))
    bea = Workspace(fresh_store, accounts.create("bea", PASSWORD))
    client = ana.create_client("Town", "town_hall")
    assert ana.client(client.id).reassess_months is None  # the default, 12
    ana.set_reassess_months(client.id, 6)
    assert ana.client(client.id).reassess_months == 6
    with pytest.raises(NotFound):
        bea.set_reassess_months(client.id, 1)
    for bad in (0, 61, True, "6"):
        with pytest.raises(ValueError):
            ana.set_reassess_months(client.id, bad)  # type: ignore[arg-type]  # wrong on purpose: refused at run time
    ana.set_reassess_months(client.id, None)
    assert ana.client(client.id).reassess_months is None


def test_the_cadences_are_the_consultants_clients_not_archived_by_name(fresh_store: Store) -> None:
    accounts = Accounts(fresh_store)
    ana = Workspace(fresh_store, accounts.create("ana", PASSWORD))
    bea = Workspace(fresh_store, accounts.create("bea", PASSWORD))
    town = ana.create_client("town", "town_hall")
    art = ana.create_client("Art school", "education")
    gone = ana.create_client("Bakery", "company")
    bea.create_client("Bea's", "ngo")
    ana.set_reassess_months(town.id, 6)
    ana.archive_client(gone.id)
    # By name whatever the case ("Art school" before "town"), the archived one and Bea's left out.
    assert ana.cadences() == [(art.id, "Art school", None), (town.id, "town", 6)]


def test_an_answer_keeps_the_date_of_its_evidence(fresh_store: Store) -> None:
    record, _ = fresh_store.start("Acme", "company", None, "en", "v", "0")
    drill = date(2025, 11, 1)
    fresh_store.save_answer(record.id, "cr_drill_calendar", "4", NOW, "tabletop", None, evidence_date=drill)
    assert fresh_store.answers(record.id, dated=True)["cr_drill_calendar"].evidence_date == drill
    # A save that does not name the date leaves it; None clears it.
    fresh_store.save_answer(record.id, "cr_drill_calendar", "3", NOW + timedelta(seconds=1))
    assert fresh_store.answers(record.id, dated=True)["cr_drill_calendar"].evidence_date == drill
    fresh_store.save_answer(
        record.id, "cr_drill_calendar", "3", NOW + timedelta(seconds=2), evidence_date=None
    )
    assert fresh_store.answers(record.id, dated=True)["cr_drill_calendar"].evidence_date is None
    # An older save never overwrites a newer one, its date included.
    fresh_store.save_answer(record.id, "cr_drill_calendar", "1", NOW, evidence_date=drill)
    assert fresh_store.answers(record.id, dated=True)["cr_drill_calendar"].evidence_date is None
    for bad in (NOW, date(1980, 1, 1), date(2030, 1, 1)):
        with pytest.raises(ValueError):
            fresh_store.save_answer(record.id, "q", "2", NOW + timedelta(seconds=3), evidence_date=bad)
    # A re-assessment pre-filled from this one carries the dates.
    fresh_store.save_answer(
        record.id, "sf_social_media_guide", "4", NOW + timedelta(seconds=4), evidence_date=drill
    )
    copy, _ = fresh_store.start("", "", None, "en", "v", "0", previous_id=record.id, prefill=True)
    assert fresh_store.answers(copy.id, dated=True)["sf_social_media_guide"].evidence_date == drill


def test_upgrade_from_0007_defaults_to_nobody_counted_and_back(fresh_url: str) -> None:
    from sqlalchemy import inspect, text

    from assessment.storage import upgrade
    from assessment.storage.engine import make_engine
    from assessment.storage.migrate import downgrade_engine

    upgrade(fresh_url, "0007")
    store = Store(fresh_url)
    engine = make_engine(fresh_url)
    try:
        before, _ = store.start("Old Org", "ngo", None, "en", "v", "0")
        store.save_answer(before.id, "q1", "3", NOW, "a note")  # names no 0008 column
        ana = Accounts(store).create("ana", PASSWORD)
        upgrade(fresh_url)
        with engine.connect() as conn:
            orgs = conn.execute(text("SELECT benchmark_opt_in, reassess_months FROM organizations")).all()
            consultants = conn.execute(text("SELECT benchmark_opt_in FROM consultants")).all()
        assert [(bool(a), b) for a, b in orgs] == [(False, None)], "nobody is counted who did not say so"
        assert [bool(a) for (a,) in consultants] == [False]
        assert store.answers(before.id, dated=True)["q1"].evidence_date is None
        assert Workspace(store, ana).benchmark_opt_in() is False
        downgrade_engine(engine, "0007")
        assert "evidence_date" not in {c["name"] for c in inspect(engine).get_columns("answers")}
        assert store.answers(before.id)["q1"].note == "a note", "nothing else is lost"
    finally:
        engine.dispose()
        store.close()
