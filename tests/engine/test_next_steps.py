"""The next step on each question: the option above the one chosen, from the bank's own text."""

from __future__ import annotations

import csv
import io

from assessment.bank import Bank
from assessment.engine.recommend import next_steps
from assessment.engine.scoring import score
from assessment.outputs.export import AnswerNote, answers_csv
from tests.helpers import Answers


def test_next_steps_skip_the_top_and_na_and_put_the_lowest_first(real_bank: Bank) -> None:
    na_q = next(q for q in real_bank.questions.values() if q.allow_na)
    others = [q for q in real_bank.questions.values() if q.id != na_q.id and q.applies_to is None][:4]
    answers: Answers = {others[0].id: 3, others[1].id: "dk", others[2].id: 4, others[3].id: 1, na_q.id: "na"}
    steps = next_steps(real_bank, score(real_bank, answers))
    assert [(s.question_id, s.step, s.unknown) for s in steps] == [
        (others[1].id, 0, True),
        (others[3].id, 1, False),
        (others[0].id, 3, False),
    ]


def test_answers_csv_names_the_next_step_in_the_language(real_bank: Bank) -> None:
    q = next(iter(real_bank.questions.values()))
    notes = {q.id: AnswerNote("Approved in March", "https://example.org/guide", "2026-11-26T10:00:00+00:00")}
    rows = {
        r["question_id"]: r
        for r in csv.DictReader(io.StringIO(answers_csv(real_bank, {q.id: 2}, notes, "it")[1:]))
    }
    assert rows[q.id]["answer"] == "2"
    assert rows[q.id]["answer_text"] == q.options[2].text("it")
    assert rows[q.id]["next_step"] == q.options[3].text("it")
    assert rows[q.id]["note"] == "Approved in March"
    untouched = next(r for qid, r in rows.items() if qid != q.id)
    assert untouched["answer"] == "" and untouched["next_step"] == ""
