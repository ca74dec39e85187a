"""A real load balancer: HAProxy with the shipped deploy/haproxy.cfg in front of two `uvicorn asgi:app`
replicas on one throwaway PostgreSQL database. A Chromium session answers through HAProxy, the replica serving
it is killed mid-survey, the session goes on through the other one, and every answer is in the database."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment.bank import Bank
from assessment.i18n import t
from assessment.storage import Store, upgrade
from tests.browser_support import IDLE, settle, shot
from tests.server import ROOT, free_port, running_process
from tests.storage_fixtures import find_pg_admin, temp_pg_database

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
HAPROXY = os.environ.get("HAPROXY", shutil.which("haproxy") or "/usr/sbin/haproxy")
CONFIG = ROOT / "deploy" / "haproxy.cfg"
BANK: Bank  # and FIRST: set by the _bank fixture below, never at import
FIRST: str
LANG = "en"
COOKIE = "FOCO_REPLICA"


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK, FIRST
    BANK = app_bank
    FIRST = list(BANK.dimensions)[0]


def need(what: str, ok: bool) -> None:
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} — under CI=true this test must run")
        pytest.skip(what)


@pytest.fixture
def pg_database() -> Iterator[str]:
    admin, reason = find_pg_admin()
    need(f"PostgreSQL not reachable: {reason}", admin is not None)
    assert admin is not None
    with temp_pg_database(admin) as url:
        upgrade(url)
        yield url
    admin.dispose()


@contextlib.contextmanager
def haproxy(replicas: list[str]) -> Iterator[tuple[str, Path]]:
    """HAProxy on a free port with deploy/haproxy.cfg, its replicas given as the README says: (its URL,
    its log)."""
    need(f"HAProxy not found at {HAPROXY} (apt-get install haproxy)", Path(HAPROXY).exists())
    port = free_port()
    env = {**os.environ, "FOCO_LISTEN": f"127.0.0.1:{port}"}
    for i, replica in enumerate(replicas, 1):
        env[f"FOCO_REPLICA_{i}"] = urllib.parse.urlparse(replica).netloc
    log = tempfile.NamedTemporaryFile(prefix="haproxy-", suffix=".log", delete=False)  # noqa: SIM115
    cmd = [HAPROXY, "-db", "-f", str(CONFIG)]
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"haproxy exited with {proc.returncode}:\n{Path(log.name).read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"haproxy did not answer within 30 s:\n{Path(log.name).read_text()}")
            time.sleep(0.2)
        yield url, Path(log.name)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        Path(log.name).unlink(missing_ok=True)


def questions() -> list:
    return [q for q in BANK.questions_by_dimension[FIRST] if q.applies("library")]


def answer(page, index: int, step: int) -> None:
    # The first radio group is the section picker; the rest are the questions, in order.
    group = page.locator("[role='radiogroup']").nth(index + 1)
    group.get_by_text(questions()[index].options[step].text(LANG), exact=True).click()
    settle(page)


def checked(page, index: int, step: int) -> bool:
    group = page.locator("[role='radiogroup']").nth(index + 1)
    return bool(group.get_by_role("radio", name=questions()[index].options[step].text(LANG)).is_checked())


def served_by(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == COOKIE)


def test_a_session_survives_the_death_of_its_replica(browser, pg_database: str) -> None:
    env = {"DATABASE_URL": pg_database}
    with (
        running_process(env, asgi=True) as (url_1, proc_1),
        running_process(env, asgi=True) as (url_2, proc_2),
        haproxy([url_1, url_2]) as (url, log),
    ):
        procs = {"r1": proc_1, "r2": proc_2}
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url)
        settle(page)
        page.get_by_role("textbox", name=t("start.org", LANG), exact=True).fill("Biblioteca di Lecce")
        page.get_by_role("button", name=t("start.button", LANG)).click()
        heading = page.get_by_role("heading", name=BANK.dimensions[FIRST].name(LANG))
        heading.wait_for(timeout=20_000)
        settle(page)
        given = {0: 3, 1: 1, 2: 4}
        for index, step in given.items():
            answer(page, index, step)
        token = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["a"][0]

        # The replica serving this session dies without a word (no graceful shutdown).
        first = served_by(context)
        procs[first].send_signal(signal.SIGKILL)
        procs[first].wait(timeout=10)

        # The tab reconnects through HAProxy, which sends it to the other replica; the new session there
        # reloads the assessment from the database through the resume link in the page's address.
        deadline = time.monotonic() + 30
        while served_by(context) == first:
            assert time.monotonic() < deadline, f"HAProxy kept the session on the dead replica {first}"
            page.wait_for_timeout(200)
        page.wait_for_selector(IDLE, timeout=30_000)
        heading.wait_for(timeout=30_000)
        settle(page)
        assert all(checked(page, i, s) for i, s in given.items()), "the answers did not come back"
        settle(page)
        answer(page, 3, 2)
        answer(page, 4, 0)
        given.update({3: 2, 4: 0})
        assert procs[served_by(context)].poll() is None
        # Meanwhile HAProxy's /healthz probe has taken the dead replica out.
        name = {"r1": "replica1", "r2": "replica2"}[first]
        deadline = time.monotonic() + 30
        while f"replicas/{name} is DOWN" not in log.read_text(errors="replace"):
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.3)
        shot(page, "load-balancer-after-failover")
        context.close()

    store = Store(pg_database)
    try:
        record = store.open(token)
        assert record is not None
        stored = {q: a.value for q, a in store.answers(record.id).items()}
    finally:
        store.close()
    expected = {questions()[i].id: str(questions()[i].options[s].score) for i, s in given.items()}
    assert stored == expected
