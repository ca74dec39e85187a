"""The app started on a broken bank shows the problems on a page — file, item id and field — never a
traceback, and starts normally once the bank is fixed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessment.bank import DEFAULT_BANK_DIR
from assessment.i18n import t
from tests.apptest_support import new_app


@pytest.fixture
def broken_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bank = tmp_path / "questions"
    shutil.copytree(DEFAULT_BANK_DIR, bank)
    path = bank / "questions" / "crisis_readiness.yaml"
    text = path.read_text(encoding="utf-8")
    # Drop one Italian text: the first option of the first question loses its `it:` line.
    lines = text.splitlines()
    first_it = next(i for i, line in enumerate(lines) if line.strip().startswith("it:") and i > 20)
    del lines[first_it]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("FOCO_BANK", str(bank))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'foco.db'}")
    return bank


def test_a_broken_bank_shows_its_problems_on_a_page(broken_bank: Path) -> None:
    at = new_app("es-ES")
    at.run()
    assert not at.exception, "a page, not a traceback"
    assert any(t("bank.broken.title", "es") in e.value for e in at.error)
    listing = "\n".join(c.value for c in at.code)
    assert "questions/questions/crisis_readiness.yaml" in listing
    assert "cr_" in listing and "missing Italian text" in listing, listing
    assert not at.radio, "no survey on a broken bank"

    # Fixed on disk: the next run starts normally, without restarting the process.
    shutil.rmtree(broken_bank)
    shutil.copytree(DEFAULT_BANK_DIR, broken_bank)
    at.run()
    assert not at.exception
    assert not at.error
    assert at.text_input, "the start form is back"
