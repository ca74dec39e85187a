"""A wide responses CSV (the command line's format) turned into a consultant's import: every problem of the
file is listed before anything is written, and each good row is scored here, in the core."""

from __future__ import annotations

from collections.abc import Mapping

from assessment.bank import Bank
from assessment.engine import snapshot
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.io.responses import CellProblem, load_responses, parse_responses
from assessment.records import ImportItem


def plan_import(
    bank: Bank, source: str | bytes, existing: Mapping[str, str], default_type: str
) -> tuple[list[ImportItem], list[CellProblem]]:
    """`source`: the file as uploaded (bytes, decoded as `responses.decode` says) or as text.
    `existing`: the consultant's clients, casefolded name → organization type. A row without an
    `organization_type` takes its client's type, else `default_type`."""
    if isinstance(source, bytes):
        loaded = load_responses(source, bank)
        responses, problems = loaded.responses, loaded.problems
    else:
        responses, problems = parse_responses(source, bank)
    items: list[ImportItem] = []
    for resp in responses:
        known = existing.get(resp.organization.casefold())
        if known is not None and resp.organization_type is not None and resp.organization_type != known:
            problems.append(
                CellProblem(
                    resp.row,
                    "organization_type",
                    resp.organization_type,
                    f"the client {resp.organization!r} is of type {known!r}; leave the cell empty or use it",
                )
            )
            continue
        org_type = resp.organization_type or known or default_type
        result = score(bank, resp.answers, org_type, resp.form)
        items.append(
            ImportItem(
                organization=resp.organization,
                org_type=org_type,
                unit=resp.unit or None,
                answers={q: str(v) for q, v in resp.answers.items()},
                result_json=snapshot.dumps(result, recommend(bank, result)),
                form=resp.form,
            )
        )
    problems.sort(key=lambda p: p.row)
    return ([] if problems else items), problems
