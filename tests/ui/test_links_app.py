"""Links that end, read-only share links and sign-ins that end, in Streamlit's runtime (AppTest): the
consultant issues, shares and withdraws links from the Clients page; a shared report shows nothing that
changes anything and no other page; withdrawn or expired links, also while open, show the generic link page;
a submitted assessment's survey link opens its read-only results; the self-assessing person shares from
Results; a session ended elsewhere, or idle, signs the tab out. Another consultant reaches none of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from assessment.bank import Bank
from assessment.engine import snapshot
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.i18n import t
from assessment.outputs.export import Scored
from assessment.records import SHARE, PlanEntry, PlanStatus, TargetEntry
from assessment.storage import AnswerInput, Store
from assessment.storage.links import SelfLinks
from assessment.storage.models import AccessToken, ConsultantSession
from assessment.storage.sessions import Sessions
from assessment.storage.workspace import Workspace
from assessment.ui.workspace.auth import KEY, Signed
from tests.apptest_support import (
    RecordingStorage,
    answer_radios,
    cards,
    download_bytes,
    new_app,
    open_tab,
    opened,
    pictures,
)
from tests.workspace_support import PASSWORD, SECRET, everything_shown, frame, go, seed, signed_in

BANK: Bank  # set by the _bank fixture below, never at import

# The widgets that could change something; a shared report must draw none of them (downloads and the
# language picker only change what this browser shows).
EDITING = ("button", "text_input", "text_area", "radio", "checkbox", "toggle", "number_input",
           "date_input", "multiselect", "slider", "select_slider", "color_picker", "chat_input")  # fmt: skip


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK
    BANK = app_bank


@pytest.fixture(autouse=True)
def recheck_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Open sessions look again at their link every 10 s; in these tests, on every run.
    monkeypatch.setattr("assessment.ui.persist.RECHECK_EVERY", timedelta(0))


def submitted_of(ws: Workspace, client: str, unit: str = "") -> int:
    return next(
        r.id
        for r in ws.assessments()
        if r.organization_name == client and (r.unit_name or "") == unit and r.submitted_at
    )


def link_page(at: AppTest) -> bool:
    return any(t("link.bad", at.session_state["lang"]) in e.value for e in at.error)


def self_assessment(db: Store, step: int = 2) -> tuple[int, str]:
    """A submitted self-assessment with a real snapshot: (its id, its resume token)."""
    record, token = db.start("Asociación Vecinal", "ngo", None, "es", BANK.version, "0")
    now = datetime.now(UTC)
    answers = {q.id: AnswerInput(str(step), now) for q in BANK.questions.values() if q.applies("ngo")}
    db.save_answers(record.id, answers)
    result = score(BANK, dict.fromkeys(answers, step), "ngo")
    db.submit(record.id, snapshot.dumps(result, recommend(BANK, result)), BANK.version)
    return record.id, token


def test_a_shared_report_shows_the_results_and_pdf_and_nothing_that_changes_anything(
    ana: Workspace,
    db: Store,
) -> None:
    seed(ana, [("Biblioteca de Soria", "", 3)])
    token = ana.share_link(submitted_of(ana, "Biblioteca de Soria"))
    at = opened(token, param="s")
    assert "Biblioteca de Soria" in at.header[0].value
    assert any(t("share.view.banner", "en", date="")[:20] in i.value for i in at.info)
    assert len(pictures(at)) == 2, "the curve and the radar are there"
    # Every answer at step 3 of 0–4: 75.0 in each dimension, by hand.
    assert [c.value for c in cards(at).values()] == ["75.0"] * 5, "the dimensions' table"
    assert [d.proto.id for d in at.get("download_button")] and all(
        "dl_report" in d.proto.id for d in at.get("download_button")
    ), "the PDF, and only the PDF"
    for kind in EDITING:
        assert not at.get(kind), f"a shared report draws no {kind}"
    assert [s.key for s in at.selectbox] == ["lang"]
    assert t("results.submit", "en") not in everything_shown(at)
    # No other page exists in this session: the survey's address draws the report again, nothing else.
    for page in ("survey", "start", "results", "workspace", "ws-portfolio"):
        go(at, page)
        assert not answer_radios(at) and KEY not in at.session_state
        assert "Biblioteca de Soria" in at.header[0].value
    # Switching the language changes the view, and writes nothing.
    before = db.get(submitted_of(ana, "Biblioteca de Soria"))
    at.selectbox(key="lang").set_value("it").run()
    assert t("results.downloads", "it") in [s.value for s in at.subheader]
    assert db.get(before.id) == before


def test_a_shared_reports_pdf_carries_the_plan_as_the_team_keeps_it(
    ana: Workspace, db: Store, recorded_files: list[RecordingStorage], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(ana, [("Biblioteca de Soria", "", 1)])
    aid = submitted_of(ana, "Biblioteca de Soria")
    stored = db.get(aid).result_json
    assert stored is not None
    plan = snapshot.load(BANK, stored).plan
    first, second = plan.items[0].id, plan.items[1].id
    now = datetime.now(UTC)
    dim = next(iter(BANK.dimensions))
    db.save_plan(
        aid,
        statuses={
            first: PlanEntry(PlanStatus(status="done"), now),
            second: PlanEntry(PlanStatus(owner="Ana", status="dropped"), now),
        },
        targets={dim: TargetEntry(5, now)},
    )
    printed: list[Scored] = []

    def render_pdf(bank: Bank, entry: Scored, lang: str, when: datetime) -> bytes:
        printed.append(entry)
        return b"%PDF-1.7 test"

    monkeypatch.setattr("assessment.outputs.report.render_pdf", render_pdf)
    monkeypatch.setattr("assessment.outputs.report.available", lambda: True)
    at = opened(ana.share_link(aid), param="s")
    assert download_bytes(at, "dl_report", recorded_files) == b"%PDF-1.7 test"
    # What the team set on its plan: the done item applied first, the dropped one left out, the target.
    assert {rid: s.status for rid, s in printed[0].statuses.items()} == {first: "done", second: "dropped"}
    assert printed[0].targets == {dim: 5}


def test_a_share_link_withdrawn_or_expired_shows_the_generic_link_page(
    ana: Workspace,
    db: Store,
) -> None:
    seed(ana, [("Museo Cívico", "", 2)])
    assessment_id = submitted_of(ana, "Museo Cívico")
    token = ana.share_link(assessment_id)
    at = opened(token, param="s")
    assert "Museo Cívico" in at.header[0].value
    [link] = [r for r in ana.links(ana.clients()[0].id) if r.kind == SHARE]
    ana.withdraw_link(link.id)
    at.run()  # the report was open: its next run finds the link withdrawn
    assert link_page(at) and "Museo Cívico" not in everything_shown(at)
    assert link_page(opened(token, param="s"))

    later = ana.share_link(assessment_id, expires_at=datetime.now(UTC) + timedelta(days=1))
    assert "Museo Cívico" in opened(later, param="s").header[0].value
    with db.tx(write=True) as conn:
        conn.execute(
            update(AccessToken)
            .where(AccessToken.kind == SHARE, AccessToken.revoked_at.is_(None))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    expired = opened(later, param="s")
    assert link_page(expired) and "Museo Cívico" not in everything_shown(expired)
    # A resume token in the share parameter, or a share token in the resume one, opens nothing either.
    _, resume = ana.issue_link(ana.clients()[0].id, None, "en", BANK.version)
    assert link_page(opened(resume, param="s"))
    fresh = ana.share_link(assessment_id)
    survey = new_app("en-GB")
    survey.query_params["a"] = fresh
    survey.run()
    assert link_page(survey) and not answer_radios(survey)


def test_a_withdrawn_resume_link_stops_an_open_survey(ana: Workspace, db: Store) -> None:
    client = ana.create_client("Radio Soria", "company")
    record, token = ana.issue_link(client.id, None, "en", BANK.version)
    at = new_app("en-GB")
    at.query_params["a"] = token
    at.run()
    go(at, "survey")
    assert answer_radios(at)
    [link] = ana.links(client.id)
    ana.withdraw_link(link.id)
    at.run()
    assert link_page(at) and not answer_radios(at)
    assert ana.links(client.id)[0].last_opened_at is not None, "the workspace sees when it was opened"


def test_a_submitted_assessments_survey_link_opens_its_read_only_results(
    ana: Workspace,
) -> None:
    seed(ana, [("Teatro Real", "", 4)])
    token = ana.new_link(submitted_of(ana, "Teatro Real"))
    at = new_app("en-GB")
    at.query_params["a"] = token
    go(at, "survey")  # the link's own address, on the session's first run
    assert any("Teatro Real" in h.value for h in at.header), "the results, not the answers"
    assert not answer_radios(at)
    go(at, "survey")  # asked for again, the survey shows every answer locked
    assert answer_radios(at) and all(r.disabled for r in answer_radios(at))


def test_the_consultant_shares_and_withdraws_links_from_the_clients_page(
    ana: Workspace,
    db: Store,
) -> None:
    seed(ana, [("Ayuntamiento de Soria", "Biblioteca", 3)])
    client = ana.clients()[0]
    assessment_id = submitted_of(ana, "Ayuntamiento de Soria", "Biblioteca")
    earlier = ana.new_link(assessment_id)
    at = signed_in(ana)
    at.selectbox(key="ws_manage").set_value(client.id).run()
    at.selectbox(key=f"ws_links_target_{client.id}").set_value(assessment_id)
    at.text_input(key=f"ws_links_label_{client.id}").input("Junta de gobierno")
    next(b for b in at.button if b.label == t("links.ws.share", "en")).click().run()
    assert not at.exception
    link = next(c.value for c in at.code if "/?s=" in c.value)
    token = link.rsplit("=", 1)[1]

    def share_row() -> pd.Series:
        table = frame(at, t("links.col.kind", "en"))
        return table[table[t("links.col.kind", "en")] == t("links.kind.share", "en")].iloc[0]

    assert share_row()[t("links.col.for", "en")] == "Junta de gobierno"
    assert share_row()[t("links.col.state", "en")] == t("links.state.active", "en")
    assert share_row()[t("links.col.opened", "en")] == t("links.never", "en")
    assert db.open_shared(token) is not None
    at.run()
    assert share_row()[t("links.col.opened", "en")] != t("links.never", "en"), "opened: when is shown"

    # A new survey link, withdrawing the earlier ones (the default).
    next(b for b in at.button if b.label == t("links.ws.new", "en")).click().run()
    resume = next(c.value for c in at.code if "/survey?a=" in c.value).rsplit("=", 1)[1]
    assert db.open(resume) is not None and db.open(earlier) is None
    states = sorted((r.kind, r.state(datetime.now(UTC))) for r in ana.links(client.id))
    assert states == [("resume", "active"), ("resume", "withdrawn"), ("share", "active")]

    [shared] = [r for r in ana.links(client.id) if r.kind == SHARE]
    at.selectbox(key=f"ws_links_withdraw_{client.id}").set_value(shared.id)
    next(b for b in at.button if b.label == t("links.withdraw", "en")).click().run()
    assert not at.exception
    assert db.open_shared(token) is None
    assert [s.value for s in at.success] == [t("links.withdrawn", "en")]
    table = frame(at, t("links.col.kind", "en"))
    assert t("links.state.withdrawn", "en") in table[t("links.col.state", "en")].tolist()


def test_an_open_assessment_cannot_be_shared(ana: Workspace) -> None:
    client = ana.create_client("ONG Verde", "ngo")
    record, _ = ana.issue_link(client.id, None, "en", BANK.version)
    at = signed_in(ana)
    at.selectbox(key="ws_manage").set_value(client.id).run()
    next(b for b in at.button if b.label == t("links.ws.share", "en")).click().run()
    assert [e.value for e in at.error] == [t("links.ws.not_submitted", "en")]
    assert [r.kind for r in ana.links(client.id)] == ["resume"]


def test_another_consultant_reaches_no_link_whatever_the_session_holds(
    ana: Workspace,
    bea: Workspace,
) -> None:
    secret = bea.clients()[0]
    shared = bea.share_link(submitted_of(bea, SECRET, "Bea Secret Unit"))
    [bea_link] = [r for r in bea.links(secret.id) if r.kind == SHARE]
    seed(ana, [("Ana Client", "", 3)], "ngo")
    mine = ana.clients()[0]
    at = new_app("en-GB")
    at.session_state[KEY] = Signed(ana.consultant_id, "Ana Ruiz")
    # Widget values an attacker might plant: Bea's client, assessment and link ids.
    at.session_state["ws_manage"] = secret.id
    at.session_state[f"ws_links_target_{secret.id}"] = bea_link.assessment_id
    at.session_state[f"ws_links_target_{mine.id}"] = bea_link.assessment_id
    at.session_state[f"ws_links_withdraw_{secret.id}"] = bea_link.id
    at.session_state[f"ws_links_withdraw_{mine.id}"] = bea_link.id
    at.run()
    go(at, "workspace")
    assert "Bea Secret Unit" not in everything_shown(at) and SECRET not in everything_shown(at)
    next(b for b in at.button if b.label == t("links.ws.share", "en")).click().run()
    assert not at.exception
    assert all(r.assessment_id != bea_link.assessment_id for r in ana.links(mine.id))
    assert [r.withdrawn_at for r in bea.links(secret.id) if r.kind == SHARE] == [None]
    assert opened(shared, param="s").header[0].value.find(SECRET) >= 0, "Bea's link still works"


def test_a_self_assessing_person_shares_their_results(db: Store) -> None:
    _, token = self_assessment(db)
    at = new_app("es-ES")
    at.query_params["a"] = token
    at.run()
    go(at, "results")
    open_tab(at, "files")
    assert t("share.panel.title", "es") in everything_shown(at)
    at.text_input(key="share_label").input("Para la asamblea")
    next(b for b in at.button if b.label == t("share.panel.create", "es")).click().run()
    assert not at.exception
    link = next(c.value for c in at.code if "/?s=" in c.value)
    assert db.open_shared(link.rsplit("=", 1)[1]) is not None
    [row] = SelfLinks(db, token).links()
    at.selectbox(key="share_withdraw_pick").set_value(row.id)
    next(b for b in at.button if b.label == t("links.withdraw", "es")).click().run()
    assert db.open_shared(link.rsplit("=", 1)[1]) is None
    assert [s.value for s in at.success] == [t("links.withdrawn", "es")]


def test_a_consultants_client_sees_no_share_panel(bea: Workspace) -> None:
    token = bea.new_link(submitted_of(bea, SECRET, "Bea Secret Unit"))
    at = new_app("en-GB")
    at.query_params["a"] = token
    at.run()
    go(at, "results")
    assert not at.exception and "Bea Secret Unit" in everything_shown(at) + at.header[0].value
    open_tab(at, "files")
    assert not at.exception and at.get("download_button"), "the files tab is drawn"
    assert t("share.panel.title", "en") not in everything_shown(at)


def test_a_session_ended_elsewhere_or_idle_signs_the_tab_out(ana: Workspace, db: Store) -> None:
    at = new_app("en-GB")
    at.run()
    go(at, "workspace")
    at.text_input[0].input("ana")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    signed = at.session_state[KEY]
    assert signed.session_id is not None, "a built-in sign-in opens a server-side session"
    go(at, "ws-portfolio")
    assert at.header[0].value == t("ws.portfolio.title", "en")
    Sessions(db).end(signed.session_id)  # signed out in another tab
    at.run()
    assert KEY not in at.session_state
    go(at, "workspace")
    assert at.header[0].value == t("ws.signin.title", "en")

    at.text_input[0].input("ana")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    signed = at.session_state[KEY]
    with db.tx(write=True) as conn:  # 31 minutes without a click
        conn.execute(
            update(ConsultantSession)
            .where(ConsultantSession.id == signed.session_id)
            .values(last_seen_at=datetime.now(UTC) - timedelta(minutes=31))
        )
    at.run()
    assert KEY not in at.session_state
    assert at.header[0].value == t("ws.signin.title", "en")
