"""The PDF report: the HTML of report_html.py printed to A4 by the system's headless Chromium.

Chromium draws the app's own SVG pictures exactly as the app's browser does, lays out every script's accents
with the system's fonts, and is already on the machine for the browser tests — so the report needs no new
runtime dependency and no second charting path."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from assessment.bank import Bank
from assessment.outputs.export import Scored
from assessment.outputs.report_html import document

CHROMIUM_DEFAULT = "/usr/bin/chromium"
TIMEOUT_S = 90
MISSING = (
    "the PDF report needs Chromium, and none was found at {path} or on PATH: "
    "install Debian's chromium package (apt-get install chromium) or set CHROMIUM=/path/to/chromium"
)


class ReportUnavailable(RuntimeError):
    """Chromium is missing or could not print the report; the message says which and what to do."""


def chromium() -> str | None:
    configured = os.environ.get("CHROMIUM") or CHROMIUM_DEFAULT
    if Path(configured).is_file() and os.access(configured, os.X_OK):
        return configured
    if os.environ.get("CHROMIUM"):
        return None  # a path was asked for explicitly: do not silently use another browser
    return shutil.which("chromium") or shutil.which("chromium-browser")


def available() -> bool:
    return chromium() is not None


def slug(organization: str, unit: str = "") -> str:
    """'Ajuntament de l'Hospitalet · Àgora' → 'ajuntament-de-l-hospitalet-agora': a portable file name."""
    text = unicodedata.normalize("NFKD", f"{organization} {unit}").encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(stem) > 80:
        # Cut at a word boundary where there is one, so the name stays readable.
        stem = stem[:81].rsplit("-", 1)[0] if "-" in stem[:81] else stem[:80]
    return stem or "foco"


def unique_stems(names: Iterable[tuple[str, str]]) -> list[str]:
    """One file stem per (organization, unit), from `slug`; names that make the same stem get -2, -3…"""
    stems: list[str] = []
    taken: set[str] = set()
    for organization, unit in names:
        base = slug(organization, unit)
        stem, n = base, 1
        while stem in taken:
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem)
        stems.append(stem)
    return stems


def render_pdf(bank: Bank, entry: Scored, lang: str, when: datetime) -> bytes:
    browser = chromium()
    if browser is None:
        raise ReportUnavailable(MISSING.format(path=os.environ.get("CHROMIUM") or CHROMIUM_DEFAULT))
    with tempfile.TemporaryDirectory(prefix="foco-report-") as tmp:
        root = Path(tmp)
        page, out = root / "report.html", root / "report.pdf"
        page.write_text(document(bank, entry, lang, when), encoding="utf-8")
        return _print(browser, page, out, root)


def _print(browser: str, page: Path, out: Path, root: Path) -> bytes:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={root / 'profile'}",
        f"--print-to-pdf={out}",
        "--no-pdf-header-footer",
        "--virtual-time-budget=10000",
        page.as_uri(),
    ]
    # Its own HOME and caches under the temp dir: nothing is left behind, and parallel reports never share.
    env = {**os.environ, "HOME": str(root), "XDG_CONFIG_HOME": str(root), "XDG_CACHE_HOME": str(root)}
    # A session of its own, so a hung print can be ended with every helper process Chromium started.
    proc = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        _, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        # Still running, so not yet reaped: its id is still the group's, and only ours.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ReportUnavailable(f"Chromium did not finish printing the report within {TIMEOUT_S} s") from None
    data = out.read_bytes() if out.is_file() else b""
    if not data.startswith(b"%PDF"):
        tail = " | ".join(err.decode("utf-8", "replace").strip().splitlines()[-3:])
        raise ReportUnavailable(f"Chromium could not print the report (exit {proc.returncode}): {tail}")
    return data
