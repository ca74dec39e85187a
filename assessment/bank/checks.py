"""The bank's cross-references and coverage rules, checked after every file has parsed."""

from __future__ import annotations

from pathlib import Path

from assessment.bank.entity import Bank, Problem
from assessment.bank.model import (
    DIMENSION_IDS,
    LANGUAGE_NAMES,
    LANGUAGES,
    PRINCIPLE_IDS,
    QUICK,
    Dimension,
    Drills,
    Forms,
    Level,
    Principle,
    Question,
    Recommendation,
)
from assessment.records import RESERVED_COLUMNS

MIN_QUESTIONS_PER_DIMENSION = 6
# The quick check: about two questions per dimension, one at least (it places every dimension), three at
# most, and under ten minutes in every language by the Start page's own estimate (help texts left unread).
QUICK_MIN_PER_DIMENSION = 1
QUICK_MAX_PER_DIMENSION = 3
QUICK_MAX_MINUTES = 10


def check_references(  # noqa: C901 - one flat list of rules reads better than many helpers
    principles: dict[str, Principle],
    dimensions: dict[str, Dimension],
    dim_where: dict[str, str],
    levels: list[Level],
    levels_name: str,
    questions: dict[str, Question],
    q_where: dict[str, str],
    recommendations: dict[str, Recommendation],
    r_where: dict[str, str],
    org_types: set[str],
    problems: list[Problem],
    p_name: str,
    d_name: str,
    incomplete: frozenset[str] | set[str] = frozenset(),
) -> None:
    """`incomplete`: the kinds ("principle", "dimension", "level", "question", "recommendation") of which
    a file or an item did not load, already reported; references to them and their coverage are left
    unchecked."""
    add = problems.append
    known_p = "principle" not in incomplete
    known_d = "dimension" not in incomplete
    known_q = "question" not in incomplete
    known_r = "recommendation" not in incomplete
    known_l = "level" not in incomplete
    for pid in PRINCIPLE_IDS:
        if known_p and principles and pid not in principles:
            add(Problem(p_name, pid, "", "principle is missing"))
    for pid in principles:
        if pid not in PRINCIPLE_IDS:
            add(Problem(p_name, pid, "id", "unknown principle (expected P01…P25)"))

    for did in DIMENSION_IDS:
        if known_d and dimensions and did not in dimensions:
            add(Problem(d_name, did, "", "dimension is missing"))
    for did, dim in dimensions.items():
        if did not in DIMENSION_IDS:
            add(
                Problem(
                    dim_where[did],
                    did,
                    "id",
                    f"unknown dimension (expected one of {', '.join(DIMENSION_IDS)})",
                )
            )
        for i, pid in enumerate(dim.principles):
            if known_p and principles and pid not in principles:
                add(Problem(dim_where[did], did, f"principles[{i}]", f"unknown principle {pid}"))

    numbers = [lv.level for lv in levels]
    if known_l and levels and sorted(numbers) != [1, 2, 3, 4, 5]:
        add(Problem(levels_name, "", "level", f"must be exactly levels 1–5 (found {sorted(numbers)})"))
    ordered = sorted(levels, key=lambda lv: lv.level)
    if ordered and ordered[0].min_score != 0:
        add(Problem(levels_name, ordered[0].id, "min_score", "the first level must start at 0"))
    for prev, cur in zip(ordered, ordered[1:], strict=False):
        if cur.min_score <= prev.min_score:
            add(Problem(levels_name, cur.id, "min_score", f"must be above {prev.id}'s {prev.min_score:g}"))

    for qid, q in questions.items():
        file = q_where[qid]
        if qid in RESERVED_COLUMNS:
            # The responses CSV has one column per question id after these: `template` would write the
            # column twice and `score` refuse its own template.
            add(
                Problem(
                    file,
                    qid,
                    "id",
                    f"'{qid}' is a column of the responses CSV ({', '.join(RESERVED_COLUMNS)}); "
                    "a question cannot take that id",
                )
            )
        if q.dimension not in dimensions:
            if known_d:
                add(Problem(file, qid, "dimension", f"unknown dimension '{q.dimension}'"))
        elif Path(file).stem != q.dimension:
            add(Problem(file, qid, "dimension", f"'{q.dimension}' question in the file of {Path(file).stem}"))
        for i, pid in enumerate(q.principles):
            if known_p and pid not in principles:
                add(Problem(file, qid, f"principles[{i}]", f"unknown principle {pid}"))
        if not q.beyond_sources:
            # Only a question labelled as general practice may stand without the texts behind it.
            if not q.principles:
                add(
                    Problem(
                        file, qid, "principles", "needs at least one principle (or `beyond_sources: true`)"
                    )
                )
            if q.source is None:
                add(
                    Problem(
                        file, qid, "source", "needs the seed file it traces to (or `beyond_sources: true`)"
                    )
                )
        for i, t in enumerate(q.applies_to or []):
            if org_types and t not in org_types:
                add(Problem(file, qid, f"applies_to[{i}]", f"unknown organization type '{t}'"))

    for rid, r in recommendations.items():
        file = r_where[rid]
        if rid.startswith("keep_") and rid.removeprefix("keep_") in dimensions:
            # recommendations.csv names a dimension's "keep doing" row keep_<dimension>.
            add(Problem(file, rid, "id", f"'{rid}' names the keep-doing row of {rid[5:]}; use another id"))
        if known_d and r.dimension not in dimensions:
            add(Problem(file, rid, "dimension", f"unknown dimension '{r.dimension}'"))
        for i, pid in enumerate(r.principles):
            if known_p and pid not in principles:
                add(Problem(file, rid, f"principles[{i}]", f"unknown principle {pid}"))
        for i, qid in enumerate(r.when.questions):
            if known_q and qid not in questions:
                add(Problem(file, rid, f"when.questions[{i}]", f"unknown question '{qid}'"))
        for qid, step in r.moves.items():
            if qid not in questions:
                if known_q:
                    add(Problem(file, rid, f"moves.{qid}", f"unknown question '{qid}'"))
            elif qid in r.when.questions and step < r.when.below:
                # Done as written, the recommendation would still apply to the answer it moved.
                add(
                    Problem(
                        file,
                        rid,
                        f"moves.{qid}",
                        f"step {step} is below `when.below` ({r.when.below}): once done, the recommendation "
                        "would still apply",
                    )
                )
        for i, dep in enumerate(r.depends_on):
            if dep not in recommendations:
                if known_r:
                    add(Problem(file, rid, f"depends_on[{i}]", f"unknown recommendation '{dep}'"))
            elif dep == rid:
                add(Problem(file, rid, f"depends_on[{i}]", "a recommendation cannot depend on itself"))
    # A self-dependency is reported above; leaving it out here keeps it from being reported twice.
    graph = {
        rid: [d for d in r.depends_on if d in recommendations and d != rid]
        for rid, r in recommendations.items()
    }
    for cycle in _cycles(graph):
        add(Problem(r_where[cycle[0]], cycle[0], "depends_on", "dependency cycle: " + " → ".join(cycle)))

    if known_q and dimensions and questions:
        for did in dimensions:
            count = sum(1 for q in questions.values() if q.dimension == did)
            if count < MIN_QUESTIONS_PER_DIMENSION:
                add(
                    Problem(
                        dim_where[did],
                        did,
                        "",
                        f"has {count} questions; at least {MIN_QUESTIONS_PER_DIMENSION} needed",
                    )
                )
    if known_q and known_r and principles and questions and recommendations:
        cited_q = {p for q in questions.values() for p in q.principles}
        cited_r = {p for r in recommendations.values() for p in r.principles}
        for pid in principles:
            if pid not in cited_q:
                add(Problem(p_name, pid, "", "no question cites this principle"))
            if pid not in cited_r:
                add(Problem(p_name, pid, "", "no recommendation cites this principle"))


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    # Depth-first search with colours; each cycle is reported once, starting at its first node found.
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        colour[node] = grey
        stack.append(node)
        for nxt in graph[node]:
            if colour[nxt] == grey:
                found.append(stack[stack.index(nxt) :] + [nxt])
            elif colour[nxt] == white:
                visit(nxt)
        stack.pop()
        colour[node] = black

    for node in graph:
        if colour[node] == white:
            visit(node)
    return found


def check_forms(
    forms: Forms,
    questions: dict[str, Question],
    dimensions: dict[str, Dimension],
    info_name: str,
    problems: list[Problem],
) -> None:
    """The quick check's questions exist, apply to every organization type and cover every dimension."""
    quick = forms.quick
    if quick is None or not questions:
        return
    add = problems.append
    item = f"forms.{QUICK}"
    seen: set[str] = set()
    per_dim: dict[str, int] = dict.fromkeys(dimensions, 0)
    for i, qid in enumerate(quick.questions):
        where = f"questions[{i}]"
        if qid in seen:
            add(Problem(info_name, item, where, f"'{qid}' is listed twice"))
            continue
        seen.add(qid)
        q = questions.get(qid)
        if q is None:
            add(Problem(info_name, item, where, f"unknown question '{qid}'"))
            continue
        if q.applies_to is not None:
            add(
                Problem(
                    info_name,
                    item,
                    where,
                    f"'{qid}' applies only to {', '.join(q.applies_to)} (applies_to); a quick-check "
                    "question must apply to every organization type",
                )
            )
        if q.dimension in per_dim:
            per_dim[q.dimension] += 1
    for did, count in per_dim.items():
        if count < QUICK_MIN_PER_DIMENSION:
            add(
                Problem(
                    info_name,
                    item,
                    "questions",
                    f"no question of {did}: the quick check places every dimension",
                )
            )
        elif count > QUICK_MAX_PER_DIMENSION:
            add(
                Problem(
                    info_name,
                    item,
                    "questions",
                    f"{count} questions of {did}; at most {QUICK_MAX_PER_DIMENSION} (about two a dimension)",
                )
            )


def check_quick_minutes(bank: Bank, info_name: str) -> list[Problem]:
    """The quick check must take under QUICK_MAX_MINUTES in every language: its questions and options read and
    answered (the lower of the Start page's two estimates; the help under each question is there for whoever
    needs it)."""
    if bank.quick is None:
        return []
    out = []
    for lang in LANGUAGES:
        low, _ = bank.reading_minutes(lang, QUICK)
        if low >= QUICK_MAX_MINUTES:
            out.append(
                Problem(
                    info_name,
                    f"forms.{QUICK}",
                    "questions",
                    f"takes about {low} minutes in {LANGUAGE_NAMES[lang]} (help texts left unread); the "
                    f"quick check must take under {QUICK_MAX_MINUTES}",
                )
            )
    return out


def check_drills(
    drills: Drills,
    questions: dict[str, Question],
    dimensions: dict[str, Dimension],
    name: str,
    problems: list[Problem],
    incomplete: frozenset[str] | set[str] = frozenset(),
) -> None:
    """The drill calendar's references: its dimension, its calendar question (a question of that dimension),
    each scenario's questions; scenario ids once each. References to a kind that did not load are left
    unchecked (already reported)."""
    add = problems.append
    item = "drills"
    known_d = "dimension" not in incomplete
    known_q = "question" not in incomplete
    if known_d and drills.dimension not in dimensions:
        add(Problem(name, item, "dimension", f"unknown dimension '{drills.dimension}'"))
    calendar = questions.get(drills.question)
    if calendar is None:
        if known_q:
            add(Problem(name, item, "question", f"unknown question '{drills.question}'"))
    elif calendar.dimension != drills.dimension:
        add(
            Problem(
                name,
                item,
                "question",
                f"'{drills.question}' is a question of {calendar.dimension}; the question that says whether "
                f"drills run on a calendar must be one of {drills.dimension} (dimension)",
            )
        )
    seen: dict[str, int] = {}
    for i, scenario in enumerate(drills.scenarios):
        if scenario.id in seen:
            add(
                Problem(
                    name, scenario.id, "id", f"duplicate scenario id (also scenarios[{seen[scenario.id]}])"
                )
            )
        else:
            seen[scenario.id] = i
        for k, qid in enumerate(scenario.questions):
            if known_q and qid not in questions:
                add(Problem(name, scenario.id, f"questions[{k}]", f"unknown question '{qid}'"))
