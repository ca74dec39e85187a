"""The consultant's workspace in Streamlit's runtime (AppTest): sign-in, every page, and isolation — a
consultant's session never shows another consultant's clients, whatever it holds, and a client's resume
link never opens the workspace."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assessment.bank import Bank
from assessment.i18n import t
from assessment.outputs.export import to_csv
from assessment.storage import AnswerInput, Store
from assessment.storage.workspace import Workspace
from assessment.ui.workspace.auth import KEY, Signed
from tests.apptest_support import (
    chart_picture,
    download_bytes,
    heatmap_cells,
    new_app,
    open_portfolio_tab,
    pictures,
    table_rows,
)
from tests.workspace_support import PASSWORD, SECRET, everything_shown, frame, go, seed, signed_in

BANK: Bank  # and QIDS: set by the _bank fixture below, never at import
QIDS: list[str]


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK, QIDS
    BANK = app_bank
    QIDS = list(BANK.questions)


def test_sign_in_with_one_message_for_every_failure(ana: Workspace) -> None:
    at = new_app("es-ES")
    at.run()
    go(at, "workspace")
    assert at.header[0].value == t("ws.signin.title", "es")
    for user, password in (("ana", "wrong password!"), ("nobody", PASSWORD)):
        at.text_input[0].input(user)
        at.text_input[1].input(password)
        at.button[0].click().run()
        assert [e.value for e in at.error] == [t("ws.signin.failed", "es")]
        assert KEY not in at.session_state
    at.text_input[0].input("ana")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state[KEY].consultant_id == ana.consultant_id
    assert at.header[0].value == t("ws.clients.title", "es")


def test_a_client_link_never_reaches_the_workspace(bea: Workspace) -> None:
    client = bea.clients()[0]
    _, token = bea.issue_link(client.id, None, "en", BANK.version)
    at = new_app("en-GB")
    at.query_params["a"] = token
    at.run()
    assert not at.exception
    for page in ("workspace", "ws-portfolio", "ws-compare", "ws-consensus", "ws-transfer"):
        go(at, page)
        assert KEY not in at.session_state
        shown = everything_shown(at)
        assert "Bea Secret Unit" not in shown and "ws_portfolio_table" not in shown
        assert not at.get("download_button")
    go(at, "workspace")
    assert at.header[0].value == t("ws.signin.title", "en"), "the link's holder sees only the sign-in"


def test_clients_page_creates_units_and_issues_a_working_link(ana: Workspace, db: Store) -> None:
    at = signed_in(ana)
    assert at.info[0].value == t("ws.clients.none", "en")
    at.text_input(key="ws_new_name").input("Ayuntamiento de Soria")
    at.selectbox(key="ws_new_type").set_value("town_hall")
    at.button[0].click().run()
    assert [c.name for c in ana.clients()] == ["Ayuntamiento de Soria"]
    client = ana.clients()[0]
    unit_box = next(ti for ti in at.text_input if ti.label == t("ws.clients.new_unit", "en"))
    unit_box.input("Biblioteca")
    next(b for b in at.button if b.label == t("ws.clients.add_unit", "en")).click().run()
    assert [u.name for u in ana.client(client.id).units] == ["Biblioteca"]

    unit = ana.client(client.id).units[0]
    at.selectbox(key=f"ws_issue_target_{client.id}").set_value(unit.id)
    next(ti for ti in at.text_input if ti.label == t("ws.clients.respondent", "en")).input("Directora")
    next(b for b in at.button if b.label == t("ws.clients.issue", "en")).click().run()
    assert not at.exception
    link = at.code[0].value
    assert "/survey?a=" in link
    opened = db.open(link.rsplit("=", 1)[1])
    assert opened is not None and (opened.organization_name, opened.unit_name) == (
        "Ayuntamiento de Soria",
        "Biblioteca",
    )
    status = frame(at, t("ws.col.status", "en"))
    assert status.iloc[0].tolist()[:4] == ["Ayuntamiento de Soria", "Biblioteca", "Directora", "Not started"]

    next(b for b in at.button if b.label == t("ws.clients.archive", "en")).click().run()
    assert ana.clients() == [] and "Ayuntamiento" in at.expander[0].label + "".join(
        m.value for m in at.markdown
    )


def test_a_client_name_with_a_control_character_gets_its_own_message(ana: Workspace) -> None:
    at = signed_in(ana)
    at.text_input(key="ws_new_name").input("Ayuntamiento\x1b[2J")
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("start.name_invalid", "en")]
    assert ana.clients() == []


def test_planted_ids_of_another_consultant_are_never_used(ana: Workspace, bea: Workspace) -> None:
    seed(ana, [("Ana Client", "", 3)], "ngo")
    secret = bea.clients()[0]
    at = new_app("en-GB")
    at.session_state[KEY] = Signed(ana.consultant_id, "Ana Ruiz")
    # Widget values an attacker might plant: Bea's client, unit and assessment ids.
    at.session_state["ws_manage"] = secret.id
    at.session_state[f"ws_issue_target_{secret.id}"] = secret.units[0].id
    at.session_state["ws_trend"] = (secret.id, None, "")
    at.session_state["ws_radar"] = [r.id for r in bea.assessments()]
    at.run()
    for page in ("workspace", "ws-portfolio", "ws-compare", "ws-consensus", "ws-transfer"):
        go(at, page)
        shown = everything_shown(at)
        assert SECRET not in shown and "Bea Secret Unit" not in shown, page
    go(at, "ws-portfolio")
    for name in ("compare", "trend", "follow_up"):
        # The radar's and the trend's pickers are drawn in their own tabs: the planted ids are not used there.
        open_portfolio_tab(at, name)
        shown = everything_shown(at)
        assert SECRET not in shown and "Bea Secret Unit" not in shown, name
    go(at, "workspace")
    assert at.session_state["ws_manage"] != secret.id
    assert bea.client(secret.id).name == SECRET


def test_portfolio_page_table_heatmap_radar_and_trend(ana: Workspace, bea: Workspace) -> None:
    seed(
        ana,
        [("Town A", "Library", 4), ("Town A", "Radio", 1), ("Town B", "Police", 2), ("Town B", "Archive", 3)],
    )
    seed(ana, [("Town A", "Library", 3)])  # a second assessment of the same unit: a trend
    at = signed_in(ana, "ws-portfolio")
    table = frame(at, t("ws.col.overall", "en"))
    assert table[t("ws.col.client", "en")].tolist() == ["Town A", "Town A", "Town B", "Town B"]
    # Every step 3 → 75; step 1 → 25; 2 → 50; 3 → 75 (the newest Library assessment stands).
    assert table[t("ws.col.overall", "en")].tolist() == [75.0, 25.0, 75.0, 50.0]
    assert not at.get("plotly_chart"), "the trend is in its own tab"
    heat = heatmap_cells(chart_picture(at, "Heatmap of 4 clients and units by dimension"))
    assert [label for label, _ in heat] == [
        "Town A · Library",
        "Town A · Radio",
        "Town B · Archive",
        "Town B · Police",
    ]
    # The Radio's every step 1 → 25 in each of the five dimensions.
    assert heat[1][1] == [25.0] * 5
    open_portfolio_tab(at, "compare")
    radar = chart_picture(at, t("ws.portfolio.radar_alt", "en"))
    # The first three picked by default: one shape per client, each named.
    assert radar.count("<polygon points=") >= 3 and "Town A · Library" in radar
    # Its numbers in one table under it: a row per dimension in the bank's order, a column per client picked
    # (in the legend's order), so that it fits a phone whatever the dimensions' names.
    numbers = radar_rows(at)
    assert numbers[0] == ["Dimension", "Town A · Library", "Town A · Radio", "Town B · Archive"]
    assert numbers[1:] == [[d.name("en"), "75.0", "25.0", "75.0"] for d in BANK.dimensions.values()]
    open_portfolio_tab(at, "trend")
    assert len(at.get("plotly_chart")) == 1, "the trend; the heatmap and the radar are pictures"
    trend = at.dataframe[-1].value
    assert trend.shape == (5, 2), "five dimensions × two submitted assessments of the same unit"
    open_portfolio_tab(at, "overview")
    at.multiselect(key="ws_f_level").set_value([2]).run()
    assert frame(at, t("ws.col.overall", "en"))[t("ws.col.overall", "en")].tolist() == [25.0]
    assert SECRET not in everything_shown(at)
    # The filters apply in every tab: only the Radio (level 2) is left to compare.
    open_portfolio_tab(at, "compare")
    assert radar_rows(at)[0][1:] == ["Town A · Radio"]
    assert SECRET not in everything_shown(at)


def radar_rows(at) -> list[list[str]]:
    """The radar's numbers (portfolio_page._radar): its Markdown table as rows of cells, the header first."""
    head = "| " + t("col.dimension", "en") + " |"
    blocks = [m.value for m in at.markdown if m.value.startswith(head)]
    assert len(blocks) == 1, [m.value for m in at.markdown]
    return table_rows(blocks[0])


def test_the_portfolio_draws_the_overview_first_and_each_tab_when_opened(ana: Workspace) -> None:
    seed(ana, [("Town A", "Library", 4), ("Town A", "Radio", 1), ("Town B", "Police", 2)])
    seed(ana, [("Town A", "Library", 3), ("Town B", "Police", 4)])  # two trends
    at = signed_in(ana, "ws-portfolio")
    # The first draw: the filters, the table and the heatmap; no radar picker, trend chart or cadence form.
    keys = {w.key for kind in ("multiselect", "selectbox", "number_input", "toggle") for w in at.get(kind)}
    assert {"ws_f_type", "ws_f_level", "ws_f_provisional", "ws_sort", "ws_heatmap_by_type"} <= keys
    assert not keys & {"ws_radar", "ws_trend", "ws_due_client", "ws_due_months", "ws_bench_opt_in"}, keys
    assert not at.get("plotly_chart")
    assert [alt.split(" ", 1)[0] for alt, _ in pictures(at)] == ["Heatmap"]
    assert frame(at, t("ws.col.overall", "en"))[t("ws.col.client", "en")].tolist() == ["Town A"] * 2 + [
        "Town B"
    ]
    assert [tab.label for tab in at.tabs] == ["Overview", "Side by side", "Trend", "Follow-up"]
    open_portfolio_tab(at, "compare")
    default = at.multiselect(key="ws_radar").value
    # The clients picked head the table's columns, after the dimensions' one.
    assert len(default) == 3 and radar_rows(at)[0][1:] == [
        "Town A · Library",
        "Town A · Radio",
        "Town B · Police",
    ]
    assert not at.get("plotly_chart") and "ws_heatmap_by_type" not in {w.key for w in at.toggle}
    # A pick is kept while another tab is open.
    picked = default[1]
    at.multiselect(key="ws_radar").set_value([picked]).run()
    open_portfolio_tab(at, "trend")
    assert len(at.get("plotly_chart")) == 1 and "ws_radar" not in {m.key for m in at.multiselect}
    assert at.selectbox(key="ws_trend").options == ["Town A · Library", "Town B · Police"]
    at.selectbox(key="ws_trend").select_index(1).run()
    police = at.selectbox(key="ws_trend").value
    open_portfolio_tab(at, "follow_up")
    assert at.selectbox(key="ws_due_client").options == ["Town A", "Town B"]
    assert at.toggle(key="ws_bench_opt_in").value is False
    assert not at.get("plotly_chart")
    open_portfolio_tab(at, "compare")
    assert at.multiselect(key="ws_radar").value == [picked]
    assert radar_rows(at)[0][1:] == ["Town A · Radio"]
    open_portfolio_tab(at, "trend")
    assert at.selectbox(key="ws_trend").value == police
    said = t("ws.portfolio.trend_alt", "en", who="Town B · Police", n=2)
    assert said in [c.value for c in at.caption], "the trend of the unit picked before"


def test_a_client_name_stays_text_in_the_radars_table(ana: Workspace) -> None:
    evil = "![x](https://example.invalid/t.png) | evil"
    seed(ana, [(evil, "", 1), ("Town B", "", 3)])
    at = signed_in(ana, "ws-portfolio")
    open_portfolio_tab(at, "compare")
    rows = radar_rows(at)
    # The name heads one column, as typed: the pipe did not end its cell, the image is no image.
    assert rows[0] == ["Dimension", evil, "Town B"]
    assert rows[1:] == [[d.name("en"), "25.0", "75.0"] for d in BANK.dimensions.values()]
    (block,) = [m.value for m in at.markdown if evil.split(" ")[-1] in m.value]
    assert "![x](" not in block and r"\!\[x\]\(https\:" in block and r"\| evil" in block, block


def test_compare_page_coherence_and_respondents(ana: Workspace, db: Store) -> None:
    seed(ana, [("Town", "Library", 4), ("Town", "Radio", 1), ("Town", "Police", 2)])
    town = ana.clients()[0]
    police = next(u for u in town.units if u.name == "Police")
    for who, step in (("Chief", "4"), ("Intern", "0")):
        record, _ = ana.issue_link(town.id, police.id, "en", BANK.version, respondent=who)
        db.save_answers(record.id, {q: AnswerInput(step, datetime.now(UTC)) for q in QIDS})
    at = signed_in(ana, "ws-compare")
    spread = frame(at, t("ws.col.std", "en"))
    # Library 100, Radio 25, Police 50 in every dimension (Police's submitted assessment stands for the
    # unit): median 50, range 75, Radio lags (25 < 50 − 15). Chief 100 and Intern 0 answer for Police.
    assert spread[t("ws.col.range", "en")].tolist() == [75.0] * 5
    assert spread[t("ws.col.median", "en")].tolist() == [50.0] * 5
    lagging = frame(at, t("ws.col.unit", "en"))
    assert "Town · Radio" in lagging[t("ws.col.unit", "en")].tolist()
    # Radio and Police both answered below step 3 everywhere, so they share their question-triggered
    # recommendations: 2 of 3 units.
    shared = frame(at, t("ws.col.units", "en"))
    assert shared.shape[0] >= 1 and set(shared[t("ws.col.units", "en")]) == {"2 / 3"}
    disagree = frame(at, t("col.question", "en"))
    assert set(disagree[t("ws.col.range", "en")]) == {4}, "4 against 0 on every question"
    assert {"Chief", "Intern"} <= set(disagree.columns)


def test_transfer_page_import_problems_then_import_and_downloads(
    ana: Workspace,
    bea: Workspace,
    recorded_files,
) -> None:
    at = signed_in(ana, "ws-transfer")
    bad = to_csv(["organization", "unit", *QIDS], [["Org", "", "9", *([""] * (len(QIDS) - 1))]]).encode()
    at.file_uploader[0].set_value(("bad.csv", bad, "text/csv")).run()
    problems = frame(at, t("ws.col.why", "en"))
    assert problems[t("ws.col.column", "en")].tolist() == [QIDS[0]]
    assert [e.value for e in at.error] == [
        "1 problem in the file; nothing was saved. Fix it and upload the file again:"
    ]
    assert ana.clients() == [], "nothing written"
    good = to_csv(["organization", "unit", *QIDS], [["Good Org", "HQ", *([2] * len(QIDS))]]).encode()
    at.file_uploader[0].set_value(("good.csv", good, "text/csv")).run()
    assert "1 row ready, no problems found." in [i.value for i in at.info]
    at.button(key="ws_imp_go").click().run()
    assert not at.exception
    # One row: one client, its one unit and one assessment, all new; nothing was under way.
    assert [s.value for s in at.success] == [
        "Imported: 1 new assessment, 0 completed, 1 new client, 1 new unit."
    ]
    assert [c.name for c in ana.clients()] == ["Good Org"]
    scores = download_bytes(at, "ws_dl_scores", recorded_files).decode("utf-8-sig")
    recs = download_bytes(at, "ws_dl_recs", recorded_files).decode("utf-8-sig")
    plan = download_bytes(at, "ws_dl_plan", recorded_files).decode("utf-8-sig")
    assert "Good Org,HQ" in scores and "Good Org,HQ" in recs and "Good Org,HQ" in plan
    assert SECRET not in scores + recs + plan


def test_transfer_page_reads_excel_encodings_and_refuses_a_mixed_one(ana: Workspace) -> None:
    # Issue 11: one stray Windows-1252 byte made the whole file Windows-1252, and the UTF-8 names mojibake.
    at = signed_in(ana, "ws-transfer")
    header = ",".join(["organization", "unit", *QIDS]) + "\r\n"
    answers = ",," + ",".join(["2"] * len(QIDS)) + "\r\n"  # an empty unit, then every answer
    mixed = (header + "Città di Bra" + answers).encode() + b"Caf\xe9" + answers.encode()
    at.file_uploader[0].set_value(("mixed.csv", mixed, "text/csv")).run()
    problems = frame(at, t("ws.col.why", "en"))
    assert problems[t("ws.col.row", "en")].tolist() == [3]
    assert problems[t("ws.col.value", "en")].tolist() == ["Caf\\xe9"]
    assert "is not UTF-8" in problems[t("ws.col.why", "en")].iloc[0]
    assert ana.clients() == [], "nothing written"

    unicode_text = (header + "Città di Bra" + answers).replace(",", "\t").encode("utf-16")
    at.file_uploader[0].set_value(("unicode.csv", unicode_text, "text/csv")).run()
    assert not at.error
    assert t("ws.import.encoding", "en", encoding="UTF-16 LE") in [c.value for c in at.caption]
    at.button(key="ws_imp_go").click().run()
    assert [c.name for c in ana.clients()] == ["Città di Bra"]


def test_sign_out_forgets_the_consultant(ana: Workspace) -> None:
    at = signed_in(ana)
    go(at, "ws-signout")
    assert KEY not in at.session_state
    go(at, "workspace")
    assert at.header[0].value == t("ws.signin.title", "en")


def test_transfer_page_gives_one_plan_as_workbook_and_calendar_with_its_saved_statuses(
    ana: Workspace,
    recorded_files,
) -> None:
    import io
    from datetime import date

    import openpyxl
    from icalendar import Calendar

    from assessment.engine.recommend import recommend
    from assessment.engine.scoring import score
    from assessment.records import PlanEntry, PlanStatus, TargetEntry

    seed(ana, [("Comune di Bra", "Biblioteca", 1)])
    (row,) = ana.assessments()
    first = recommend(BANK, score(BANK, dict.fromkeys(QIDS, 1), "town_hall")).items[0]
    dim = first.recommendation.dimension
    when = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    ana._store.save_plan(
        row.id,
        {first.id: PlanEntry(PlanStatus("Giulia Neri", date(2027, 3, 2), "doing", "=HYPERLINK(1)"), when)},
        {dim: TargetEntry(5, when)},
    )
    at = signed_in(ana, "ws-transfer")
    plan = download_bytes(at, "ws_dl_plan", recorded_files).decode("utf-8-sig")
    assert "Giulia Neri,2027-03-02,doing" in plan
    book = openpyxl.load_workbook(io.BytesIO(download_bytes(at, "ws_dl_xlsx", recorded_files)))
    sheet = book[t("xlsx.sheet_plan", "en")]
    header = [c.value for c in sheet[1]]
    item = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if "Giulia Neri" in r)
    due = item[header.index(t("xlsx.due", "en"))]
    assert isinstance(due, datetime) and due.date() == date(2027, 3, 2)  # a typed date
    assert item[header.index(t("xlsx.status", "en"))] == t("xlsx.status_doing", "en")
    assert item[header.index(t("xlsx.note", "en"))] == "=HYPERLINK(1)"  # stored as text, not a formula
    calendar = Calendar.from_ical(download_bytes(at, "ws_dl_ics", recorded_files))
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    event = events[first.recommendation.title("en")]
    assert event.decoded("dtstart") == date(2027, 3, 2)
    assert "Giulia Neri" in str(event["description"])


def test_portfolio_search_sort_pages_and_types_and_sees_every_write(ana: Workspace) -> None:
    # 105 clients, client n answering step n % 5 on every question: overall 25·(n % 5) (see the test above).
    seed(ana, [(f"Client {n:03d}", "", n % 5) for n in range(105)])
    at = signed_in(ana, "ws-portfolio")
    overall, client = t("ws.col.overall", "en"), t("ws.col.client", "en")
    table = frame(at, overall)
    # A page holds 100 rows; the second page the last 5, by name.
    assert len(table) == 100 and table[client].iloc[0] == "Client 000"
    assert any(c.value == "Rows 1–100 of 105." for c in at.caption)
    # Over the grid: a header click sorts this page's rows, not the whole list.
    paged = "Click a column header to sort the rows of this page; “Sort by” orders the whole list."
    one_page = "Click a column header to sort the rows; “Sort by” sets the list's order."
    hints = [c.value for c in at.caption if c.value in (paged, one_page)]
    assert hints == [paged]
    at.number_input(key="ws_page").set_value(2).run()
    assert frame(at, overall)[client].tolist() == [f"Client {n:03d}" for n in range(100, 105)]
    # Weakest first: the 21 at step 0 (n = 0, 5, …, 100), overall 0.
    at.number_input(key="ws_page").set_value(1).run()
    at.selectbox(key="ws_sort").set_value("weakest").run()
    assert frame(at, overall)[overall].tolist()[:22] == [0.0] * 21 + [25.0]
    # The search (any case) narrows the table and the heatmap alike: "client 10" is 100–104 (not 010).
    at.text_input(key="ws_f_search").input("client 10").run()
    assert sorted(frame(at, overall)[client]) == [f"Client {n}" for n in range(100, 105)]
    # One page left: the hint says nothing of pages.
    assert [c.value for c in at.caption if c.value in (paged, one_page)] == [one_page]
    heat = heatmap_cells(chart_picture(at, "Heatmap of 5 clients"))
    assert len(heat) == 5
    # Grouped by type: one row, the town halls, with the mean of their scores: 100 (step 0: 0), 101 (25),
    # 102 (50), 103 (75), 104 (100) → 50.0 in every dimension.
    at.toggle(key="ws_heatmap_by_type").set_value(True).run()
    heat = heatmap_cells(chart_picture(at, "Heatmap of 1 client"))
    assert heat == [(f"{BANK.org_type_name('town_hall', 'en')} (5)", [50.0] * len(BANK.dimensions))]

    # The computed portfolio is kept between reruns, but every write shows at once: a rename, a new client.
    ana.rename_client(next(c.id for c in ana.clients() if c.name == "Client 010"), "client 10 renamed")
    at.run()
    assert "client 10 renamed" in frame(at, overall)[client].tolist()
    seed(ana, [("Client 10 new", "", 4)])
    at.run()
    assert sorted(frame(at, overall)[client]) == [
        "Client 10 new",
        *(f"Client {n}" for n in range(100, 105)),
        "client 10 renamed",
    ]


def test_a_client_name_stays_text_in_the_portfolios_captions(ana: Workspace) -> None:
    # A name arriving through a CSV import may look like Markdown: in the heatmap's caption (Markdown) it must
    # stay text, never a link or an outside image; in the alt text (an attribute) it stays as typed.
    evil = "![x](https://tracker.example/p.png) [Click](https://evil.example)"
    seed(ana, [(evil, "", 1), ("Town B", "", 3)])
    at = signed_in(ana, "ws-portfolio")
    shown = [img for image in at.get("image") for img in image.proto.imgs if img.alt.startswith("Heatmap")]
    assert len(shown) == 1
    assert evil in shown[0].alt
    assert evil not in shown[0].caption and "](https://" not in shown[0].caption, shown[0].caption
    assert r"\!\[x\]\(https\:" in shown[0].caption, shown[0].caption
