"""The consultant's workspace as the AppTest modules use it: a database, Ana (no clients yet) and Bea (a
secret client with a unit, imported from a CSV file). Its fixtures are registered in tests/conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Element
from streamlit.util import calc_hash

from assessment.io.importing import plan_import
from assessment.outputs.export import to_csv
from assessment.storage import Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.workspace import Workspace
from assessment.ui.workspace.auth import KEY, Signed
from tests.apptest_support import new_app, pictures
from tests.helpers import app_bank

PASSWORD = "correct horse battery"
SECRET = "Bea Secret Client"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{tmp_path / 'foco.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    upgrade(url)
    return Store(url)


@pytest.fixture
def ana(db: Store) -> Workspace:
    return Workspace(db, Accounts(db).create("ana", PASSWORD, "Ana Ruiz"))


@pytest.fixture
def bea(db: Store) -> Workspace:
    ws = Workspace(db, Accounts(db).create("bea", PASSWORD))
    client = ws.create_client(SECRET, "company")
    ws.create_unit(client.id, "Bea Secret Unit")
    seed(ws, [(SECRET, "Bea Secret Unit", 1), (SECRET, "", 2)], "company")
    return ws


def seed(ws: Workspace, rows: list[tuple[str, str, int]], org_type: str = "town_hall") -> None:
    """Clients and units imported from a CSV file, each row answering every question with one step."""
    bank = app_bank()
    qids = list(bank.questions)
    text = to_csv(
        ["organization", "unit", "organization_type", *qids],
        [[org, unit, org_type, *([step] * len(qids))] for org, unit, step in rows],
    ).removeprefix("\ufeff")
    existing = {c.name.casefold(): c.org_type for c in ws.clients(include_archived=True)}
    items, problems = plan_import(bank, text, existing, org_type)
    assert problems == []
    ws.apply_import(items, "en", bank.version)


def go(at: AppTest, url_path: str) -> AppTest:
    # Pages registered with st.navigation are found by the hash of their url_path.
    at._page_hash = calc_hash(url_path)
    at.run()
    assert not at.exception, at.exception
    return at


def signed_in(ws: Workspace, page: str = "workspace") -> AppTest:
    at = new_app("en-GB")
    at.session_state[KEY] = Signed(ws.consultant_id, "Ana Ruiz")
    at.run()
    return go(at, page)


def frame(at: AppTest, column: str):
    """The table that has this column (AppTest's dataframes carry no key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def everything_shown(at: AppTest) -> str:
    """All text on the page, tables and chart figures included."""
    parts = [str(e.value) for kind in ("markdown", "caption", "header", "subheader", "info", "error",
                                       "warning", "success", "code") for e in at.get(kind)
             if isinstance(e, Element)]  # fmt: skip
    parts += [e.value.to_csv() for e in at.dataframe]
    parts += [str(e.proto) for e in at.get("plotly_chart")]
    parts += [f"{alt}\n{svg}" for alt, svg in pictures(at)]  # the heatmap's and the radar's pictures
    parts += [str(o) for s in at.selectbox for o in s.options] + [
        str(o) for m in at.multiselect for o in m.options
    ]
    return "\n".join(parts)
