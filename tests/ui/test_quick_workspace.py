"""The quick check in the consultant's workspace (AppTest): a quick-check or a full link per client or unit,
the form in the status table, and a portfolio that marks provisional results and never mixes them silently
with full ones (a Result column, a filter, a warning, and the mark on the heatmap's rows and the radar)."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from assessment.bank import Bank
from assessment.i18n import t, tn
from assessment.io.importing import plan_import
from assessment.outputs.export import to_csv
from assessment.storage import Store
from assessment.storage.workspace import Workspace
from tests.apptest_support import chart_picture, heatmap_cells, open_portfolio_tab
from tests.workspace_support import frame, go, signed_in

BANK: Bank  # and QUICK, ALL: set by the _bank fixture below, never at import
QUICK: list[str]
ALL: list[str]


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK, QUICK, ALL
    BANK = app_bank
    QUICK = [q.id for q in BANK.form_questions("quick")]
    ALL = list(BANK.questions)


def imported(ws: Workspace, org: str, columns: list[str], step: int) -> None:
    text = to_csv(["organization", "organization_type", *columns], [[org, "ngo", *([step] * len(columns))]])
    items, problems = plan_import(BANK, text.removeprefix("\ufeff"), {}, "ngo")
    assert problems == []
    ws.apply_import(items, "en", BANK.version)


def test_a_quick_check_link_per_client_or_unit(ana: Workspace, db: Store) -> None:
    client = ana.create_client("Comune di Lucca", "town_hall")
    unit = ana.create_unit(client.id, "Biblioteca")
    at = signed_in(ana)
    form = at.radio(key=f"ws_issue_form_{client.id}")
    assert form.options == [t("quick.form_name.full", "en"), t("quick.form_name.quick", "en")]
    assert form.value == "full"
    at.selectbox(key=f"ws_issue_target_{client.id}").set_value(unit.id)
    form.set_value("quick")
    next(b for b in at.button if b.label == t("ws.clients.issue", "en")).click().run()
    assert not at.exception
    token = at.code[0].value.rsplit("=", 1)[1]
    opened = db.open(token)
    assert opened is not None and opened.unit_name == "Biblioteca"
    assert db.form_state(opened.id) == ("quick", ())
    # And a full one for the whole client.
    at.radio(key=f"ws_issue_form_{client.id}").set_value("full")
    next(b for b in at.button if b.label == t("ws.clients.issue", "en")).click().run()
    status = frame(at, t("ws.col.status", "en"))
    assert sorted(status[t("quick.ws.form", "en")]) == ["Full survey", "Quick check"]
    assert list(status[t("quick.ws.col_result", "en")]) == ["—", "—"], "nothing answered yet"


def test_the_portfolio_marks_provisional_results_and_keeps_them_apart(ana: Workspace) -> None:
    imported(ana, "Full Org", ALL, 3)
    imported(ana, "Quick Org", QUICK, 2)
    at = signed_in(ana, "ws-portfolio")
    table = frame(at, t("quick.ws.col_result", "en"))
    results = dict(zip(table[t("ws.col.client", "en")], table[t("quick.ws.col_result", "en")], strict=True))
    assert results == {"Full Org": "Final", "Quick Org": "Provisional"}
    assert [w.value for w in at.warning] == [tn("quick.ws.mixed", 1, "en")]
    # Every quick step 2: each dimension (2 + 2) / 8 = 50.0; all steps 3 in the full one: 75.0.
    overall = dict(zip(table[t("ws.col.client", "en")], table[t("ws.col.overall", "en")], strict=True))
    assert overall == {"Full Org": 75.0, "Quick Org": 50.0}
    heat = heatmap_cells(chart_picture(at, "Heatmap of 2 clients"))
    assert [label for label, _ in heat] == ["Full Org", f"Quick Org {t('quick.mark', 'en')}"]
    open_portfolio_tab(at, "compare")
    radar = ElementTree.fromstring(chart_picture(at, t("ws.portfolio.radar_alt", "en")))
    names = [e.text for e in radar.iter("{http://www.w3.org/2000/svg}title")]
    assert names == ["Full Org", f"Quick Org {t('quick.mark', 'en')}"]

    open_portfolio_tab(at, "overview")
    at.selectbox(key="ws_f_provisional").set_value("final").run()
    table = frame(at, t("quick.ws.col_result", "en"))
    assert list(table[t("ws.col.client", "en")]) == ["Full Org"]
    assert not at.warning, "nothing mixed any more"
    at.selectbox(key="ws_f_provisional").set_value("provisional").run()
    assert list(frame(at, t("quick.ws.col_result", "en"))[t("ws.col.client", "en")]) == ["Quick Org"]


def test_the_portfolio_in_spanish_says_provisional(ana: Workspace) -> None:
    imported(ana, "Rápida", QUICK, 1)
    imported(ana, "Completa", ALL, 1)
    at = signed_in(ana, "ws-portfolio")
    at.session_state["lang"] = "es"
    at.run()
    go(at, "ws-portfolio")
    table = frame(at, t("quick.ws.col_result", "es"))
    assert sorted(table[t("quick.ws.col_result", "es")]) == ["Definitivo", "Provisional"]
    assert [w.value for w in at.warning] == [tn("quick.ws.mixed", 1, "es")]
    assert at.warning[0].value.startswith("1 de estos resultados es provisional"), "one result: the singular"
