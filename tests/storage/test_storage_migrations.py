from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect, text

from assessment.storage import Store, StoredAnswer, upgrade
from assessment.storage.engine import make_engine
from assessment.storage.migrate import alembic_config, downgrade_engine
from assessment.storage.models import Base

ANSWERED = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
# The newest revision: later migrations (0003 workspace, …) must not break these tests.
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


@pytest.fixture
def engine(fresh_url: str) -> Iterator[Engine]:
    e = make_engine(fresh_url)
    yield e
    e.dispose()


def revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def timestamp_literal(engine: Engine) -> str:
    # Plain SQL as an old release would have written it, in each backend's own format.
    if engine.dialect.name == "sqlite":
        return "'2024-05-06 07:08:09.000000'"
    return "'2024-05-06 07:08:09+00'"


def test_upgrade_from_revision_1_keeps_existing_data(fresh_url: str, engine: Engine) -> None:
    upgrade(fresh_url, "0001")
    assert revision(engine) == "0001"
    schema = inspect(engine)
    assert "access_tokens" not in schema.get_table_names()
    assert {c["name"] for c in schema.get_columns("answers")} == {
        "assessment_id",
        "question_id",
        "value",
        "answered_at",
        "saved_at",
    }
    ts = timestamp_literal(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organizations (id, name, org_type, created_at) "
                f"VALUES (7, 'Old Org', 'ngo', {ts})"
            )
        )
        conn.execute(
            text(
                "INSERT INTO assessments (id, organization_id, unit_id, language, bank_version, section, "
                f"started_at, updated_at) VALUES (70, 7, NULL, 'it', '0.9', 'crisis', {ts}, {ts})"
            )
        )
        for qid, value in (("q1", "'3'"), ("q2", "'dk'"), ("q3", "NULL")):
            conn.execute(
                text(
                    "INSERT INTO answers (assessment_id, question_id, value, answered_at, saved_at) "
                    f"VALUES (70, '{qid}', {value}, {ts}, {ts})"
                )
            )

    upgrade(fresh_url)

    assert revision(engine) == HEAD
    schema = inspect(engine)
    assert {"note", "evidence"} <= {c["name"] for c in schema.get_columns("answers")}
    assert {
        "id",
        "assessment_id",
        "token_hash",
        "created_at",
        "revoked_at",
        "kind",
        "expires_at",
        "last_opened_at",
        "label",
    } == {c["name"] for c in schema.get_columns("access_tokens")}
    store = Store(fresh_url)
    try:
        record = store.get(70)
        assert (record.organization_name, record.language, record.section) == ("Old Org", "it", "crisis")
        assert store.answers(70) == {
            "q1": StoredAnswer("3", None, None, ANSWERED),
            "q2": StoredAnswer("dk", None, None, ANSWERED),
            "q3": StoredAnswer(None, None, None, ANSWERED),
        }
        # The new columns and table work for rows that predate them.
        assert (
            store.save_answer(70, "q1", "4", datetime.now(UTC), "now with a note", "https://x.test") is True
        )
        assert store.answers(70)["q1"].note == "now with a note"
        opened = store.open(store.new_token(70))
        assert opened is not None and opened.id == 70
    finally:
        store.close()


def test_head_schema_matches_the_models(fresh_url: str, engine: Engine) -> None:
    upgrade(fresh_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_downgrade_to_revision_1_and_back(fresh_url: str, engine: Engine) -> None:
    store = Store(fresh_url)
    try:
        store.migrate()
        store.migrate()  # a second replica starting later finds nothing to do
        assert revision(engine) == HEAD
        record, _ = store.start("Round Trip", "company", None, "en", "v", "s")
        store.save_answer(record.id, "q", "2", ANSWERED, "a note")
        downgrade_engine(engine, "0001")
        assert revision(engine) == "0001"
        assert "access_tokens" not in inspect(engine).get_table_names()
        store.migrate()
        assert store.answers(record.id) == {"q": StoredAnswer("2", None, None, ANSWERED)}
    finally:
        store.close()


def test_a_fresh_database_is_migrated_from_nothing(fresh_url: str, engine: Engine) -> None:
    assert revision(engine) is None
    upgrade(fresh_url)
    tables = set(inspect(engine).get_table_names())
    assert {"organizations", "units", "assessments", "answers", "access_tokens"} <= tables


def test_alembic_cli_style_env_without_a_connection(tmp_path: object) -> None:
    # env.py also runs when alembic builds its own engine from sqlalchemy.url.
    from alembic import command

    from assessment.storage.migrate import alembic_config

    url = f"sqlite:///{tmp_path}/cli.db"
    cfg = alembic_config()
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "head")
    e = create_engine(url)
    try:
        assert revision(e) == HEAD
    finally:
        e.dispose()


def test_upgrade_from_0004_keeps_links_as_resume_links_and_back(fresh_url: str, engine: Engine) -> None:
    upgrade(fresh_url, "0004")
    store = Store(fresh_url)
    try:
        record, token = store.start("Old Org", "ngo", None, "en", "v", "0")  # a link from before 0005
        upgrade(fresh_url)
        with engine.connect() as conn:
            kinds = conn.execute(text("SELECT kind, expires_at, last_opened_at FROM access_tokens")).all()
        assert [tuple(k) for k in kinds] == [("resume", None, None)]
        opened = store.open(token)
        assert opened is not None and opened.id == record.id
        downgrade_engine(engine, "0004")
        assert "consultant_sessions" not in inspect(engine).get_table_names()
        assert "kind" not in {c["name"] for c in inspect(engine).get_columns("access_tokens")}
        assert store.get(record.id).id == record.id, "the assessment survives the downgrade"
        upgrade(fresh_url)
        assert store.open(token) is not None, "and its link opens again after the round trip"
    finally:
        store.close()
