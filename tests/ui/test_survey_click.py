"""Which of the survey's rarely changing fragments an answer reruns (survey._changed, issue 15): the banner
only when what it says changed, the foot (buttons, resume link) only when the link or the deep dive did. In
the browser an answer reruns just the progress and the line of questions left besides these
(tests/browser/test_survey_fragments_browser.py counts what is sent); under AppTest the page reruns whole,
so the choice itself is checked here, on the session the callbacks see."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assessment.bank import Bank
from assessment.bank.model import FULL, QUICK
from assessment.ui import persist, state
from assessment.ui.pages import survey
from tests.helpers import QB

BANKS: list[Bank] = []  # the bank the page reads: the app's, or the quick-check one a test puts first


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch, app_bank: Bank) -> persist.Session:
    s = persist.Session(assessment_id=1, token="tok")
    answers: dict[str, object] = {}
    BANKS[:] = [app_bank]
    monkeypatch.setattr(persist, "session", lambda: s)
    monkeypatch.setattr(state, "answers", lambda: answers)
    monkeypatch.setattr(state, "bank", lambda: BANKS[0])
    return s


def test_an_answer_saved_reruns_neither(session: persist.Session) -> None:
    before = survey._looks()
    state.answers()["q1"] = 2  # saved at once: nothing waits, the banner stays empty, the link was there
    assert survey._changed(before) == []


def test_the_database_going_away_reruns_the_banner(session: persist.Session) -> None:
    before = survey._looks()
    session.offline = True
    session.pending.add("q1")
    assert survey._changed(before) == [survey.BANNER_FRAGMENT]


def test_each_answer_kept_while_offline_reruns_the_banner_that_counts_them(session: persist.Session) -> None:
    session.offline = True
    session.pending.add("q1")
    before = survey._looks()
    session.pending.add("q2")
    assert survey._changed(before) == [survey.BANNER_FRAGMENT]


def test_a_lock_reruns_the_banner(session: persist.Session) -> None:
    before = survey._looks()
    session.frozen = True
    session.submitted_at = datetime(2026, 11, 30, tzinfo=UTC)
    assert survey._changed(before) == [survey.BANNER_FRAGMENT]


def test_the_first_link_reruns_the_foot(session: persist.Session) -> None:
    session.token = None  # started while the database was away: the first save makes the link
    before = survey._looks()
    session.token = "new"
    assert survey._changed(before) == [survey.FOOT_FRAGMENT]


def test_a_deep_dive_starting_reruns_the_foot(session: persist.Session) -> None:
    BANKS[0] = QB
    session.form = QUICK
    before = survey._looks()
    session.deep.add(next(iter(QB.dimensions)))
    assert survey._changed(before) == [survey.FOOT_FRAGMENT]
    session.form = FULL  # the full survey: every dimension is asked whole, the deep dive does not change it
    before = survey._looks()
    session.deep.clear()
    assert survey._changed(before) == []


class Rerun(Exception):
    pass


@pytest.mark.parametrize("goes_offline", [True, False])
def test_an_evidence_date_that_finds_the_database_away_reruns_the_page(
    session: persist.Session, monkeypatch: pytest.MonkeyPatch, goes_offline: bool
) -> None:
    def record_note(qid: str, note: object, evidence: object, day: object = None) -> None:
        if goes_offline:
            session.offline = True
            session.pending.add("q1")  # the banner counts what waits

    def rerun(*args: object, **kwargs: object) -> None:
        raise Rerun

    monkeypatch.setattr(persist, "record_note", record_note)
    monkeypatch.setattr(survey.st, "rerun", rerun)
    if goes_offline:
        with pytest.raises(Rerun):
            survey._on_date("q1", "no-such-key")
    else:
        survey._on_date("q1", "no-such-key")  # only its own question's fragment reruns
