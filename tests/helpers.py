"""Banks and answer builders shared by the core tests.

* `synthetic_bank()` builds a `Bank` straight from model objects (no YAML, no validator). Its shape is chosen
  so that the numbers of docs/scoring.md can be reproduced by hand; the scoring and plan tests depend on it,
  never on the content of the real bank.
* `valid_bank_files()` returns the files of a small but complete bank as plain data (path -> YAML data) and
  `write_bank()` writes them; each validation test breaks exactly one thing in a fresh copy.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from assessment.bank import DEFAULT_BANK_DIR, Bank, BankError, load_bank
from assessment.bank.model import (
    DIMENSION_IDS,
    PRINCIPLE_IDS,
    BankInfo,
    Dimension,
    DimensionLevel,
    Drills,
    DrillScenario,
    Form,
    Forms,
    Level,
    Option,
    OrganizationType,
    Principle,
    Question,
    Recommendation,
    Text,
)
from assessment.engine.recommend import Phase, Plan, PlanItem
from assessment.engine.scoring import AnswerValue, Result, score

REPO = Path(__file__).resolve().parent.parent
REAL_BANK_DIR = REPO / "questions"

# One person's answers, as the scoring reads them: a literal mixing steps and "dk"/"na" needs this
# annotation, or mypy reads it as dict[str, object].
Answers = dict[str, AnswerValue]


@functools.cache
def app_bank() -> Bank:
    """The bank the app under test reads ($FOCO_BANK, else questions/): read once, when a test first needs
    it, never when a module is imported."""
    return load_bank(os.environ.get("FOCO_BANK") or DEFAULT_BANK_DIR)


PREFIX = {
    "strategic_focus": "sf",
    "help_orientation": "ho",
    "community_stewardship": "cs",
    "platform_independence": "pi",
    "crisis_readiness": "cr",
}
ORG_TYPES = ("library", "town_hall", "public_body", "company", "ngo", "education", "media", "other")
LEVELS = (
    (1, "experimenting", 0),
    (2, "broadcasting", 20),
    (3, "planned", 40),
    (4, "conversational", 60),
    (5, "resilient", 80),
)


def texts(label: str) -> dict[str, str]:
    """A text in the three languages; the Spanish and Italian ones carry accents on purpose."""
    return {"en": f"{label}", "es": f"{label} (español, año)", "it": f"{label} (italiano, città)"}


def text(label: str) -> Text:
    return Text(**texts(label))


def stem_texts(label: str) -> dict[str, str]:
    """A question's stem that passes the wording rules of lint.py: an open question in each language."""
    return {
        "en": f"How is {label} done?",
        "es": f"¿Cómo se hace {label}? (español, año)",
        "it": f"Come si fa {label}? (italiano, città)",
    }


def option_texts(qid: str, step: int) -> dict[str, str]:
    """An option that reads alone (no step number in it): 'cr_q1 practice d' for step 3."""
    return texts(f"{qid} practice {'abcde'[step]}")


def dimension_levels(dim: str) -> list[dict[str, Any]]:
    """A dimension's five level descriptors: 'strategic_focus 3' and 'What level 3 of strategic_focus is'."""
    return [
        {"level": n, "summary": texts(f"{dim} {n}"), "description": texts(f"What level {n} of {dim} is")}
        for n in range(1, 6)
    ]


# --------------------------------------------------------------------------------------------------------
# The synthetic bank, built from model objects.
#
#   strategic_focus        sf_q1..sf_q5   weight 1
#   help_orientation       ho_q1..ho_q5   weights 2, 1, 1, 0.5, 0.5  (Σw = 5, the most possible is 20)
#   community_stewardship  cs_q1..cs_q5   weight 1, plus cs_q6 that applies to libraries only
#   platform_independence  pi_q1..pi_q5   weight 1, every one allows "not applicable"
#   crisis_readiness       cr_q1..cr_q8   weight 1, cr_q6 allows "not applicable" (the docs' worked example)
#
# Recommendations (effort, impact):
#   rec_sf_goals (L, 1) on sf_q1 <- rec_sf_guide (S, 2) on sf_q2 below 4 <- rec_sf_rehearse (M, 2) on sf_q3
#   rec_ho_listen (M, 2) when help_orientation's level is below 3
#   rec_ho_answer (S, 1) on ho_q1, ho_q2 below 4
#   rec_cs_welcome (S, 2) on cs_q1, cs_q6;  rec_pi_own (L, 3) on pi_q1
#   rec_cr_audit (S, 3) on cr_q1  <-  rec_cr_drills (M, 3) on cr_q2      (the docs' plan example)
#
# What each one moves when done (`moves`, question -> step), for the projection tests:
#   rec_sf_goals sf_q1→3 · rec_sf_guide sf_q2→4 · rec_sf_rehearse sf_q3→3
#   rec_ho_listen ho_q3, ho_q4, ho_q5→3 · rec_ho_answer ho_q1, ho_q2→4 · rec_cs_welcome cs_q1, cs_q6→3
#   rec_pi_own pi_q1→4, pi_q2→3 · rec_cr_audit cr_q1→3 · rec_cr_drills cr_q2, cr_q3→3
# --------------------------------------------------------------------------------------------------------
SYNTHETIC_QUESTIONS: dict[str, list[tuple[str, float, bool, list[str] | None]]] = {
    "strategic_focus": [(f"sf_q{n}", 1, False, None) for n in range(1, 6)],
    "help_orientation": [
        ("ho_q1", 2, False, None),
        ("ho_q2", 1, False, None),
        ("ho_q3", 1, False, None),
        ("ho_q4", 0.5, False, None),
        ("ho_q5", 0.5, False, None),
    ],
    "community_stewardship": [(f"cs_q{n}", 1, False, None) for n in range(1, 6)]
    + [("cs_q6", 1, False, ["library"])],
    "platform_independence": [(f"pi_q{n}", 1, True, None) for n in range(1, 6)],
    "crisis_readiness": [(f"cr_q{n}", 1, n == 6, None) for n in range(1, 9)],
}


def _rec(
    rid: str, effort: str, impact: int, when: dict[str, Any], moves: dict[str, int], *depends_on: str
) -> dict[str, Any]:
    dimension = {p: d for d, p in PREFIX.items()}[rid.split("_")[1]]
    return {
        "id": rid,
        "dimension": dimension,
        "principles": ["P01"],
        "when": when,
        "effort": effort,
        "impact": impact,
        "depends_on": list(depends_on),
        "moves": moves,
    }


SYNTHETIC_RECOMMENDATIONS: list[dict[str, Any]] = [
    _rec("rec_sf_goals", "L", 1, {"questions": ["sf_q1"]}, {"sf_q1": 3}),
    _rec("rec_sf_guide", "S", 2, {"questions": ["sf_q2"], "below": 4}, {"sf_q2": 4}, "rec_sf_goals"),
    _rec("rec_sf_rehearse", "M", 2, {"questions": ["sf_q3"]}, {"sf_q3": 3}, "rec_sf_guide"),
    _rec("rec_ho_listen", "M", 2, {"level_below": 3}, {"ho_q3": 3, "ho_q4": 3, "ho_q5": 3}),
    _rec("rec_ho_answer", "S", 1, {"questions": ["ho_q1", "ho_q2"], "below": 4}, {"ho_q1": 4, "ho_q2": 4}),
    _rec("rec_cs_welcome", "S", 2, {"questions": ["cs_q1", "cs_q6"]}, {"cs_q1": 3, "cs_q6": 3}),
    _rec("rec_pi_own", "L", 3, {"questions": ["pi_q1"]}, {"pi_q1": 4, "pi_q2": 3}),
    _rec("rec_cr_audit", "S", 3, {"questions": ["cr_q1"]}, {"cr_q1": 3}),
    _rec("rec_cr_drills", "M", 3, {"questions": ["cr_q2"]}, {"cr_q2": 3, "cr_q3": 3}, "rec_cr_audit"),
]


# The drill calendar of the synthetic bank: stand-ins for the real bank's drill questions (cr_q8 says whether
# drills run on a calendar), with the real bank's scenario titles (the .ics tests read them) and placeholder
# descriptions; two months apart, as in the real bank.
SYNTHETIC_DRILL_TITLES: dict[str, dict[str, str]] = {
    "hacked_account": {"en": "hacked account", "es": "cuenta hackeada", "it": "account violato"},
    "lost_phone": {
        "en": "lost phone with the accounts on it",
        "es": "pérdida del teléfono con las cuentas",
        "it": "telefono smarrito con gli account",
    },
    "mass_attack": {"en": "mass attack", "es": "ataque masivo", "it": "attacco massiccio"},
    "troll": {"en": "a troll", "es": "aparición de un troll", "it": "un troll"},
    "emergency": {
        "en": "an emergency: informing people fast",
        "es": "una emergencia: informar rápido",
        "it": "un'emergenza: informare in fretta",
    },
}
SYNTHETIC_DRILL_QUESTIONS: dict[str, list[str]] = {
    "hacked_account": ["cr_q1"],
    "lost_phone": ["cr_q2", "cr_q3"],
    "mass_attack": ["cr_q4"],
    "troll": ["cs_q1"],
    "emergency": ["cr_q5"],
}


def synthetic_drills(every_months: int = 2) -> Drills:
    return Drills(
        dimension="crisis_readiness",
        question="cr_q8",
        every_months=every_months,
        scenarios=[
            DrillScenario(
                id=sid,
                questions=qids,
                title=Text(**SYNTHETIC_DRILL_TITLES[sid]),
                description=text(f"What if {sid}"),
            )
            for sid, qids in SYNTHETIC_DRILL_QUESTIONS.items()
        ],
    )


def synthetic_bank(weights: Mapping[str, float] | None = None, version: str = "test.1") -> Bank:
    """The synthetic bank; `weights` overrides the weight of some questions."""
    weights = weights or {}
    questions: dict[str, Question] = {}
    for dim, specs in SYNTHETIC_QUESTIONS.items():
        for qid, weight, allow_na, applies_to in specs:
            questions[qid] = Question(
                id=qid,
                dimension=dim,
                principles=["P01"],
                source="seed.txt",
                weight=weights.get(qid, weight),
                allow_na=allow_na,
                applies_to=applies_to,
                text=Text(**stem_texts(qid)),
                help=text(f"Help for {qid}"),
                options=[Option(score=s, text=Text(**option_texts(qid, s))) for s in range(5)],
            )
    recommendations = {
        r["id"]: Recommendation(
            **r, title=text(f"Title {r['id']}"), action=text(f"Action {r['id']}"), why=text(f"Why {r['id']}")
        )
        for r in SYNTHETIC_RECOMMENDATIONS
    }
    return Bank(
        info=BankInfo(
            version=version,
            languages=["en", "es", "it"],
            organization_types=[OrganizationType(id=t, name=text(t)) for t in ORG_TYPES],
        ),
        principles={
            p: Principle(id=p, source="seed.txt", title=text(f"Principle {p}")) for p in PRINCIPLE_IDS
        },
        dimensions={
            d: Dimension(
                id=d,
                principles=["P01"],
                name=text(f"Dimension {d}"),
                description=text(f"What {d} means"),
                keep_doing=text(f"Keep doing {d}"),
                levels=[DimensionLevel(**lv) for lv in dimension_levels(d)],
            )
            for d in DIMENSION_IDS
        },
        levels=[
            Level(
                level=n, id=lid, min_score=floor, name=text(f"Level {lid}"), description=text(f"About {lid}")
            )
            for n, lid, floor in LEVELS
        ],
        questions=questions,
        recommendations=recommendations,
        drills=synthetic_drills(),
    )


def steps(prefix: str, values: Sequence[Any]) -> dict[str, Any]:
    """Answers in question order, None meaning unanswered: steps('cr', [3, 'dk', None]) -> cr_q1, cr_q2."""
    return {f"{prefix}_q{n}": v for n, v in enumerate(values, start=1) if v is not None}


def all_answers(bank: Bank, value: Any) -> dict[str, Any]:
    return dict.fromkeys(bank.questions, value)


def answer_choices(question: Question) -> list[Any]:
    """Every answer a question may get: unanswered (None), a step, don't know, and N/A where allowed."""
    return [None, 0, 1, 2, 3, 4, "dk", *(["na"] if question.allow_na else [])]


def answers_strategy(bank: Bank) -> st.SearchStrategy[dict[str, Any]]:
    questions = list(bank.questions.values())
    return st.tuples(*(st.sampled_from(answer_choices(q)) for q in questions)).map(
        lambda values: {q.id: v for q, v in zip(questions, values, strict=True) if v is not None}
    )


def org_type_strategy(bank: Bank) -> st.SearchStrategy[str | None]:
    return st.sampled_from([None, *(t.id for t in bank.info.organization_types)])


# --------------------------------------------------------------------------------------------------------
# A complete, valid bank written as YAML.
#
# Per dimension: 7 questions <prefix>_q1.._q7 (q5 weight 2, q6 applies to library and town_hall, q7 allows
# N/A) and 5 recommendations rec_<prefix>_r1.._r5 (rk is triggered by <prefix>_qk; r1 also by a level below 3;
# r2 depends on r1 and r3 on r2; rk moves <prefix>_qk to step 3). Question number i (0–34 over the bank)
# cites P{i mod 25 + 1}; recommendation number j (0–24) cites P{j + 1}; so every principle is cited by a
# question and by a recommendation.
# Questions q6 and q7 are referenced by no recommendation.
# drills.yaml: cr_q5 says whether drills run on a calendar, every 2 months; scenarios hacked_account (cr_q4),
# lost_phone (cr_q2, cr_q6) and troll (cs_q5): ids that next_bank_files() keeps.
# --------------------------------------------------------------------------------------------------------
def valid_bank_files() -> dict[str, Any]:
    files: dict[str, Any] = {
        "bank.yaml": {
            "version": "2026.test.1",
            "languages": ["en", "es", "it"],
            "organization_types": [{"id": t, "name": texts(t)} for t in ORG_TYPES],
        },
        "principles.yaml": [
            {"id": p, "source": f"00{n % 5}_seed.txt", "title": texts(f"Principle {p}")}
            for n, p in enumerate(PRINCIPLE_IDS)
        ],
        "dimensions.yaml": [
            {
                "id": d,
                "principles": list(PRINCIPLE_IDS[5 * k : 5 * k + 5]),
                "name": texts(f"Dimension {d}"),
                "description": texts(f"What {d} means"),
                "keep_doing": texts(f"Keep doing {d}"),
                "levels": dimension_levels(d),
            }
            for k, d in enumerate(DIMENSION_IDS)
        ],
        "levels.yaml": [
            {
                "level": n,
                "id": lid,
                "min_score": floor,
                "name": texts(f"Level {lid}"),
                "description": texts(lid),
            }
            for n, lid, floor in LEVELS
        ],
        "drills.yaml": {
            "dimension": "crisis_readiness",
            "question": "cr_q5",
            "every_months": 2,
            "scenarios": [
                {
                    "id": sid,
                    "questions": qids,
                    "title": texts(f"drill {sid}"),
                    "description": texts(f"What if {sid}"),
                }
                for sid, qids in (
                    ("hacked_account", ["cr_q4"]),
                    ("lost_phone", ["cr_q2", "cr_q6"]),
                    ("troll", ["cs_q5"]),
                )
            ],
        },
    }
    for k, dim in enumerate(DIMENSION_IDS):
        p = PREFIX[dim]
        questions = []
        for n in range(1, 8):
            q: dict[str, Any] = {
                "id": f"{p}_q{n}",
                "dimension": dim,
                "principles": [PRINCIPLE_IDS[(7 * k + n - 1) % 25]],
                "source": "seed.txt",
                "text": stem_texts(f"{p}_q{n}"),
                "help": texts(f"Help for {p}_q{n}"),
                "options": [{"score": s, "text": option_texts(f"{p}_q{n}", s)} for s in range(5)],
            }
            if n == 5:
                q["weight"] = 2
            if n == 6:
                q["applies_to"] = ["library", "town_hall"]
            if n == 7:
                q["allow_na"] = True
            questions.append(q)
        files[f"questions/{dim}.yaml"] = questions
        recs = []
        for n in range(1, 6):
            r: dict[str, Any] = {
                "id": f"rec_{p}_r{n}",
                "dimension": dim,
                "principles": [PRINCIPLE_IDS[5 * k + n - 1]],
                "when": {"questions": [f"{p}_q{n}"]},
                "moves": {f"{p}_q{n}": 3},
                "effort": "SML"[n % 3],
                "impact": n % 3 + 1,
                "title": texts(f"Title rec_{p}_r{n}"),
                "action": texts(f"Action rec_{p}_r{n}"),
                "why": texts(f"Why rec_{p}_r{n}"),
            }
            if n == 1:
                r["when"]["level_below"] = 3
            if n in (2, 3):
                r["depends_on"] = [f"rec_{p}_r{n - 1}"]
            recs.append(r)
        files[f"recommendations/{dim}.yaml"] = recs
    return files


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write_bank(root: Path, files: Mapping[str, Any]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return root


def bank_problems(root: Path) -> list[str]:
    """Every problem the validator reports, as the strings people read; [] when the bank is valid."""
    try:
        load_bank(root)
    except BankError as exc:
        return [str(p) for p in exc.problems]
    return []


def find(items: list[dict[str, Any]], item_id: str) -> dict[str, Any]:
    return next(i for i in items if i["id"] == item_id)


# --------------------------------------------------------------------------------------------------------
# A bank that changes: version N is valid_bank_files() (2026.test.1); next_bank_files() is version N+1
# (2026.test.2), and NEXT_MAPPING carries N's answers to it:
#
#   rename      sf_q1 -> sf_goals
#   merge       ho_q1 + ho_q2 -> ho_q1            (the old question with the new one's id wins)
#   merge       cs_q1 + cs_q2 -> cs_together        (no old question has the new id: the lowest step wins)
#   split       pi_q1 -> pi_q1a, pi_q1b
#   steps       cr_q1: old 1 -> 0, old 2 -> 1     cr_q2: old 4 is not carried (null)
#   drop        cr_q3 -> []
#   N/A         ho_q7 no longer allows "not applicable"
#   new         ho_q8, cs_q8, cr_q8 (nothing maps to them)
#
# Every removed question's principles move to the question it became (or, for cr_q3, to cr_q4), so each
# principle is still cited, and the recommendations that looked at a removed question look at its successor.
# --------------------------------------------------------------------------------------------------------
NEXT_VERSION = "2026.test.2"
NEXT_MAPPING: dict[str, Any] = {
    "from": "2026.test.1",
    "to": NEXT_VERSION,
    "questions": {
        **{f"{p}_q{n}": {"to": [f"{p}_q{n}"]} for p in PREFIX.values() for n in range(1, 8)},
        "sf_q1": {"to": ["sf_goals"]},
        "ho_q1": {"to": ["ho_q1"], "review": True},
        "ho_q2": {"to": ["ho_q1"], "review": True},
        "cs_q1": {"to": ["cs_together"], "review": True},
        "cs_q2": {"to": ["cs_together"], "review": True},
        "pi_q1": {"to": ["pi_q1a", "pi_q1b"]},
        "cr_q1": {"to": ["cr_q1"], "steps": {1: 0, 2: 1}, "review": True},
        "cr_q2": {"to": ["cr_q2"], "steps": {4: None}, "review": True},
        "cr_q3": {"to": []},
    },
}


def _question(files: Mapping[str, Any], qid: str) -> dict[str, Any]:
    dim = {p: d for d, p in PREFIX.items()}[qid.split("_")[0]]
    return find(files[f"questions/{dim}.yaml"], qid)


def _replace(files: dict[str, Any], old: str, new_ids: Sequence[str], *absorbed: str) -> None:
    """Question `old` becomes `new_ids` (its text says so), citing also the principles of `absorbed`."""
    dim = {p: d for d, p in PREFIX.items()}[old.split("_")[0]]
    items: list[dict[str, Any]] = files[f"questions/{dim}.yaml"]
    at = next(i for i, q in enumerate(items) if q["id"] == old)
    base = items[at]
    principles = list(base["principles"])
    for other in absorbed:
        principles += [p for p in _question(files, other)["principles"] if p not in principles]
        items.remove(_question(files, other))
    made = []
    for nid in new_ids:
        # A copy each: objects shared between items would be written as YAML aliases, which a bank refuses.
        q = copy.deepcopy(dict(base, id=nid, principles=principles, text=stem_texts(nid)))
        q["options"] = [{"score": s, "text": option_texts(nid, s)} for s in range(5)]
        made.append(q)
    at = next(i for i, q in enumerate(items) if q["id"] == old)
    items[at : at + 1] = made


def _new_question(files: dict[str, Any], qid: str, principle: str) -> None:
    dim = {p: d for d, p in PREFIX.items()}[qid.split("_")[0]]
    files[f"questions/{dim}.yaml"].append(
        {
            "id": qid,
            "dimension": dim,
            "principles": [principle],
            "source": "seed.txt",
            "text": stem_texts(qid),
            "help": texts(f"Help for {qid}"),
            "options": [{"score": s, "text": option_texts(qid, s)} for s in range(5)],
        }
    )


def _retarget(files: dict[str, Any], old: str, new: str) -> None:
    for rel, recs in files.items():
        if rel.startswith("recommendations/"):
            for r in recs:
                r["when"]["questions"] = [new if q == old else q for q in r["when"].get("questions", [])]
                if old in r.get("moves", {}):
                    r["moves"] = {new if q == old else q: step for q, step in r["moves"].items()}


def next_bank_files() -> dict[str, Any]:
    """Version N+1 of valid_bank_files(), with its mapping from N in migrations/2026.test.1.yaml."""
    files = valid_bank_files()
    files["bank.yaml"]["version"] = NEXT_VERSION
    _replace(files, "sf_q1", ["sf_goals"])
    _retarget(files, "sf_q1", "sf_goals")
    _replace(files, "ho_q1", ["ho_q1"], "ho_q2")
    _retarget(files, "ho_q2", "ho_q1")
    _replace(files, "cs_q1", ["cs_together"], "cs_q2")
    _retarget(files, "cs_q1", "cs_together")
    _retarget(files, "cs_q2", "cs_together")
    _replace(files, "pi_q1", ["pi_q1a", "pi_q1b"])
    _retarget(files, "pi_q1", "pi_q1a")
    _replace(files, "cr_q4", ["cr_q4"], "cr_q3")
    _retarget(files, "cr_q3", "cr_q4")
    _question(files, "ho_q7")["allow_na"] = False
    for qid in ("ho_q8", "cs_q8", "cr_q8"):
        _new_question(files, qid, "P01")
    files["migrations/2026.test.1.yaml"] = copy.deepcopy(NEXT_MAPPING)
    return files


THIRD_VERSION = "2026.test.3"


def third_bank_files() -> dict[str, Any]:
    """Version N+2: sf_goals is renamed again (sf_aims) and pi_q1b is dropped; both mapping files are kept,
    so answers given under N reach N+2 through N+1."""
    files = next_bank_files()
    n1 = [q["id"] for rel, items in files.items() if rel.startswith("questions/") for q in items]
    files["bank.yaml"]["version"] = THIRD_VERSION
    _replace(files, "sf_goals", ["sf_aims"])
    _retarget(files, "sf_goals", "sf_aims")
    pi = files["questions/platform_independence.yaml"]
    pi.remove(find(pi, "pi_q1b"))
    mapping = {q: {"to": [q]} for q in n1}
    mapping["sf_goals"] = {"to": ["sf_aims"]}
    mapping["pi_q1b"] = {"to": []}
    files["migrations/2026.test.2.yaml"] = {"from": NEXT_VERSION, "to": THIRD_VERSION, "questions": mapping}
    return files


# An assessment in progress on N, and the answers it must have on N+1, worked out by hand from NEXT_MAPPING:
# (value as stored, note, evidence, answered at).
T1 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
T2 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
StoredRow = tuple[str | None, str | None, str | None, datetime]
IN_PROGRESS_ON_N: dict[str, StoredRow] = {
    "sf_q1": ("3", "Goals approved in March", None, T1),  # renamed -> sf_goals
    "sf_q2": ("dk", None, None, T1),  # unchanged, "don't know" as it is
    "ho_q1": ("3", "Replies within a day", None, T1),  # merged with ho_q2 into ho_q1: the same id wins
    "ho_q2": ("1", "Two people answer", None, T2),
    "cs_q1": ("4", None, "https://a.example/rules", T1),  # merged with cs_q2 into cs_together: lowest wins
    "cs_q2": ("1", None, "https://b.example/log", T2),
    "pi_q1": ("2", "Newsletter, 800 subscribers", None, T1),  # split into pi_q1a and pi_q1b
    "pi_q7": ("na", None, None, T1),  # N/A still allowed
    "ho_q7": ("na", None, None, T1),  # N/A no longer allowed: unanswered, flagged
    "cr_q1": ("2", None, None, T1),  # steps: 2 -> 1
    "cr_q2": ("4", None, None, T1),  # step 4 is not carried
    "cr_q3": ("4", "We run drills", None, T1),  # dropped
    "cr_q4": ("0", None, None, T1),  # unchanged
}
CARRIED_TO_N1: dict[str, StoredRow] = {
    "sf_goals": ("3", "Goals approved in March", None, T1),
    "sf_q2": ("dk", None, None, T1),
    "ho_q1": ("3", "Replies within a day\n\nTwo people answer", None, T2),
    "cs_together": ("1", None, "https://a.example/rules · https://b.example/log", T2),
    "pi_q1a": ("2", "Newsletter, 800 subscribers", None, T1),
    "pi_q1b": ("2", "Newsletter, 800 subscribers", None, T1),
    "pi_q7": ("na", None, None, T1),
    "cr_q1": ("1", None, None, T1),
    "cr_q4": ("0", None, None, T1),
}
# In the survey's order: the merges and cr_q1 are marked review; ho_q7 and cr_q2 lost their answer.
REVIEW_ON_N1 = ["ho_q1", "ho_q7", "cs_together", "cr_q1", "cr_q2"]


def alias_bomb(depth: int = 9) -> str:
    """Nine nested lists of nine aliases each: 9**9 (387 million) strings from some 400 bytes."""
    lines = ["- id: sf_bomb", "  lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, depth):
        lines.append(f"  lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]")
    lines.append(f"- id: *l{depth - 1}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ the hand-worked projection case
# Used by the projection test and by the outputs that draw it (plan chart, workbook, calendar).
FIFTY = {**steps("sf", [2] * 5), **steps("ho", [2] * 5), **steps("cs", [2] * 5), **steps("pi", [2] * 5)}


def plan_of(bank: Bank, *items: tuple[str, Phase]) -> Plan:
    """A plan built by hand: the phases are given, so the test checks the projection alone."""
    return Plan(
        items=[
            PlanItem(rank, bank.recommendations[rid], 1.0, 1.0, phase)
            for rank, (rid, phase) in enumerate(items, start=1)
        ],
        keep_doing=[],
        not_assessed=[],
    )


def cap_case(bank: Bank) -> tuple[Result, Plan]:
    # Four dimensions at 50 (level 3), crisis readiness all 0 (level 1): average 40.0 → level 3, capped at 2.
    result = score(bank, {**FIFTY, **steps("cr", [0] * 8)})
    plan = plan_of(bank, ("rec_cr_audit", "now"), ("rec_cr_drills", "next"), ("rec_pi_own", "later"))
    return result, plan


# ------------------------------------------------------------------ the quick check on the synthetic bank
# Used by the quick check's scoring, quick-fit and outputs tests.
QUICK = ["sf_q1", "sf_q2", "ho_q1", "ho_q4", "cs_q1", "cs_q2", "pi_q1", "pi_q2", "cr_q1", "cr_q2"]


def quick_bank(share: float = 1.0) -> Bank:
    base = synthetic_bank()
    info = base.info.model_copy(update={"forms": Forms(quick=Form(questions=QUICK, min_answered=share))})
    return dataclasses.replace(base, info=info)


QB = quick_bank()
# Only the quick questions answered.
QUICK_ANSWERS: dict[str, Any] = {
    "sf_q1": 3,
    "sf_q2": 2,
    "ho_q1": 4,
    "ho_q4": 0,
    "cs_q1": "dk",
    "cs_q2": 1,
    "pi_q1": "na",
    "pi_q2": 4,
    "cr_q1": 2,
    "cr_q2": 2,
}
