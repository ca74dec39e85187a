"""What changed, and why, on the synthetic bank of helpers.py (its `moves` are listed there). Expected values
worked out by hand from the answers below."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.bank import Bank
from assessment.engine.changes import AnswerChange, answer_line, dimension_line, what_changed
from assessment.engine.scoring import answer_rank, score
from tests.helpers import answers_strategy, steps

BEFORE = {
    **steps("sf", [2] * 5),
    **steps("ho", [2] * 5),
    **steps("cs", [2] * 5),
    **steps("pi", [2, 2, "na", 2, 2]),
    **steps("cr", [0, "dk", 0, 0, 0, 0, 0, 0]),
}
AFTER = {
    **BEFORE,
    "sf_q1": 3,  # rec_sf_goals (done) moves sf_q1 to 3: it rose and the item moved it
    "sf_q2": 4,  # rec_sf_guide (done) moves sf_q2 to 4
    "ho_q1": 1,  # fell: nothing done explains a fall
    "pi_q1": 3,  # rose, but rec_pi_own is not done: nobody's item
    "pi_q3": 4,  # was not applicable: not compared
    "cr_q2": 2,  # "don't know" counted as 0, now 2: rose; rec_cr_drills not done
    "cr_q1": 3,  # rec_cr_audit (done) moves cr_q1 to 3
}
DONE = ["rec_sf_goals", "rec_sf_guide", "rec_cr_audit", "rec_cs_welcome", "rec_gone"]


def test_answers_that_rose_and_fell_and_the_done_items_behind_them(bank: Bank) -> None:
    before, after = score(bank, BEFORE), score(bank, AFTER)
    changed = what_changed(bank, before, after, DONE)
    sf = changed.dimensions["strategic_focus"]
    assert sf.rose == (
        AnswerChange("sf_q1", "strategic_focus", 2, 3, ("rec_sf_goals",)),
        AnswerChange("sf_q2", "strategic_focus", 2, 4, ("rec_sf_guide",)),
    )
    assert sf.fell == ()
    # Five questions of weight 1: 5 × Σ steps. Before 5 × 10 = 50.0, after 5 × (3 + 4 + 2 + 2 + 2) = 65.0.
    assert (sf.before, sf.after, sf.delta) == (50.0, 65.0, 15.0)
    assert changed.dimensions["help_orientation"].fell == (
        AnswerChange("ho_q1", "help_orientation", 2, 1, ()),
    )
    assert changed.dimensions["platform_independence"].rose == (
        AnswerChange("pi_q1", "platform_independence", 2, 3, ()),
    )
    assert changed.dimensions["crisis_readiness"].rose == (
        AnswerChange("cr_q1", "crisis_readiness", 0, 3, ("rec_cr_audit",)),
        AnswerChange("cr_q2", "crisis_readiness", 0, 2, ()),
    )
    assert changed.dimensions["community_stewardship"].rose == ()
    # rec_cs_welcome was marked done, but cs_q1 and cs_q6 did not rise; rec_gone is no recommendation.
    assert changed.done_no_effect == ("rec_cs_welcome",)
    assert changed.anything and not changed.bank_changed


def test_a_done_item_is_not_credited_with_more_than_it_moves(bank: Bank) -> None:
    # sf_q1 from 3 to 4: rec_sf_goals moves it only to 3, which it already was, so the rise is not its doing.
    before = score(bank, {**BEFORE, "sf_q1": 3})
    after = score(bank, {**BEFORE, "sf_q1": 4})
    changed = what_changed(bank, before, after, ["rec_sf_goals"])
    assert changed.dimensions["strategic_focus"].rose == (AnswerChange("sf_q1", "strategic_focus", 3, 4, ()),)
    assert changed.done_no_effect == ("rec_sf_goals",)


def test_nothing_changed(bank: Bank) -> None:
    same = score(bank, BEFORE)
    changed = what_changed(bank, same, same, [])
    assert not changed.anything and changed.done_no_effect == ()


def test_the_lines_name_the_question_the_steps_and_the_item(bank: Bank) -> None:
    changed = what_changed(bank, score(bank, BEFORE), score(bank, AFTER), DONE)
    sf = changed.dimensions["strategic_focus"]
    line = answer_line(bank, sf.rose[0], "en")
    assert bank.questions["sf_q1"].text("en") in line and "2 → 3" in line
    assert bank.recommendations["rec_sf_goals"].title("en") in line
    head = dimension_line(bank, sf, "es")
    assert "50.0 → 65.0" in head and bank.dimensions["strategic_focus"].name("es") in head


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_change_is_listed_once_and_credit_goes_only_to_a_done_item_that_lifts_it(
    bank: Bank, data: st.DataObject
) -> None:
    before, after = (
        score(bank, data.draw(answers_strategy(bank))),
        score(bank, data.draw(answers_strategy(bank))),
    )
    done = data.draw(st.lists(st.sampled_from(sorted(bank.recommendations)), unique=True))
    changed = what_changed(bank, before, after, done)
    listed = {c.question_id: c for d in changed.dimensions.values() for c in (*d.rose, *d.fell)}
    for qid, q in bank.questions.items():
        was, now = answer_rank(before.answers.get(qid)), answer_rank(after.answers.get(qid))
        if was is None or now is None or was == now:
            assert qid not in listed
            continue
        change = listed[qid]
        assert (change.before, change.after, change.dimension) == (was, now, q.dimension)
        for rid in change.moved_by:
            assert change.rose and rid in done and bank.recommendations[rid].moves[qid] > was
    credited = {rid for c in listed.values() for rid in c.moved_by}
    assert set(changed.done_no_effect) == set(done) - credited
