"""The consultant's portfolio page with 1,000 and 10,000 clients: its first draw and a rerun after a filter
changed, in Streamlit's runtime (AppTest, signed in as the consultant), next to the same runtime's rerun of
the empty app (benchmarks/empty_app.py) — the floor. Used by benchmarks/run.py; run alone it prints.

The clients are written straight into a SQLite file, as a consultant's database would hold them after years
of work: one assessment each, four in five submitted (with the result they were submitted with) and one in
five in progress (answers stored, scored live), across every organization type and level. Writing 10,000
through the CSV import would take minutes; the rows are the same (assessment.storage's own tables).

    python benchmarks/bench_portfolio.py [--clients 1000,10000] [--reruns 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessment.bank import DEFAULT_BANK_DIR, load_bank  # noqa: E402
from assessment.engine import snapshot  # noqa: E402
from assessment.engine.recommend import recommend  # noqa: E402
from assessment.engine.scoring import score  # noqa: E402

EMPTY_APP = Path(__file__).resolve().parent / "empty_app.py"
PATTERNS = 40  # distinct answer sets: results are computed once each, then reused


def populate(url: str, clients: int, kept: bool = True) -> int:
    """`clients` organizations of one consultant, one assessment each; returns the consultant's id. With
    `kept`, each assessment's stored scores (assessment_scores) as the app leaves them: a submitted one's at
    submit, one in progress as of the consultant's last look at the portfolio (nothing answered since)."""
    import sqlalchemy as sa

    from assessment.engine.portfolio import question_total, stored_score
    from assessment.records import StoredScore
    from assessment.storage import Store, scores, upgrade
    from assessment.storage.accounts import Accounts
    from assessment.storage.models import Answer, Assessment, Organization

    bank = load_bank(os.environ.get("FOCO_BANK") or DEFAULT_BANK_DIR)
    upgrade(url)
    store = Store(url)
    consultant = Accounts(store).create("bench", "a benchmark password")
    store.close()
    types = [t.id for t in bank.info.organization_types]
    qids = list(bank.questions)
    now = datetime.now(UTC)
    answer_sets = [{q: str((p + 3 * i) % 5) for i, q in enumerate(qids)} for p in range(PATTERNS)]
    stored: dict[tuple[int, str], str] = {}
    results = {}
    for p, answers in enumerate(answer_sets):
        for org_type in types:
            result = score(bank, {q: int(v) for q, v in answers.items()}, org_type)
            stored[p, org_type] = snapshot.dumps(result, recommend(bank, result))
            results[p, org_type] = result
    kept_scores: dict[int, StoredScore] = {}
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.insert(Organization),
            [
                {
                    "id": n + 1,
                    "name": f"Client {n:05d}",
                    "org_type": types[n % len(types)],
                    "created_at": now,
                    "consultant_id": consultant,
                }
                for n in range(clients)
            ],
        )
        rows, answers_rows = [], []
        for n in range(clients):
            submitted = n % 5 != 0
            when = now - timedelta(days=n % 700)
            rows.append(
                {
                    "id": n + 1,
                    "organization_id": n + 1,
                    "language": "en",
                    "bank_version": bank.version,
                    "section": "0",
                    "started_at": when,
                    "updated_at": when,
                    "submitted_at": when if submitted else None,
                    "result_json": stored[n % PATTERNS, types[n % len(types)]] if submitted else None,
                }
            )
            if kept:
                org_type = types[n % len(types)]
                kept_scores[n + 1] = stored_score(
                    results[n % PATTERNS, org_type],
                    when,
                    when if submitted else None,
                    bank.version if submitted else bank.scoring_stamp,
                    None if submitted else question_total(bank, org_type),
                )
            if submitted:
                continue  # a submitted assessment's answers are not read by the portfolio: its result is
            for qid, value in answer_sets[n % PATTERNS].items():
                answers_rows.append(
                    {
                        "assessment_id": n + 1,
                        "question_id": qid,
                        "value": value,
                        "answered_at": when,
                        "saved_at": when,
                    }
                )
        conn.execute(sa.insert(Assessment), rows)
        conn.execute(sa.insert(Answer), answers_rows)
        scores.upsert(conn, kept_scores)
    engine.dispose()
    return consultant


def _timed(fn: Any) -> float:
    t0 = time.perf_counter()
    fn()
    return 1000 * (time.perf_counter() - t0)


def _empty_rerun_ms(reruns: int) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(EMPTY_APP), default_timeout=60)
    at.run()
    samples = [_timed(at.radio[0].set_value(str(1 + n % 4)).run) for n in range(reruns + 1)]
    return statistics.median(samples[1:])


def measure_page(url: str, consultant: int, reruns: int) -> dict[str, Any]:
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    from assessment.ui.workspace.auth import KEY, Signed

    os.environ["DATABASE_URL"] = url
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state[KEY] = Signed(consultant, "bench")
    at.run()  # the start page: the bank and the database engine loaded, as on any replica
    # and the schema checked, once a process (Alembic, ≈ 50 ms): on a running replica a consultant's first
    # draw does not pay it. The start page itself needs no database.
    from assessment.ui import persist

    persist.store()
    at._page_hash = calc_hash("ws-portfolio")
    first = _timed(at.run)
    if at.exception:
        raise RuntimeError(f"the portfolio page raised: {at.exception[0].value}")
    levels = [[1, 2], [3], [2, 3, 4], []]
    changes = []
    for n in range(reruns):
        changes.append(_timed(at.multiselect(key="ws_f_level").set_value(levels[n % len(levels)]).run))
        if at.exception:
            raise RuntimeError(f"the portfolio page raised: {at.exception[0].value}")
    # Another session of the same consultant (a second tab, the next morning): the portfolio is computed.
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    again.session_state[KEY] = Signed(consultant, "bench")
    again.run()
    again._page_hash = calc_hash("ws-portfolio")
    warm = _timed(again.run)
    from assessment.ui.workspace import data

    # A consultant's first look on a replica that has served others: the process warm (modules, plotly's
    # validators, compiled statements), this consultant's computed portfolio not (its cache cleared).
    replica = []
    for _ in range(5):
        data._load.clear()
        replica.append(_timed(again.run))
    # The worst case of a cold draw: every assessment in progress answered since the consultant's last
    # look (its stored score stale), so each is scored again and its score written back.
    forget_open_scores(url)
    data._load.clear()
    stale = _timed(again.run)
    if again.exception:
        raise RuntimeError(f"the portfolio page raised: {again.exception[0].value}")
    return {
        "first_ms": round(first, 1),
        "filter_ms": round(statistics.median(changes), 1),
        "first_warm_ms": round(warm, 1),
        "first_replica_ms": round(statistics.median(replica), 1),
        "first_stale_ms": round(stale, 1),
    }


def forget_open_scores(url: str) -> None:
    """Drop the stored scores of every assessment in progress: as if each had been answered since."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "DELETE FROM assessment_scores WHERE assessment_id IN "
                "(SELECT id FROM assessments WHERE submitted_at IS NULL)"
            )
        )
    engine.dispose()


def measure(sizes: list[int], reruns: int = 3) -> dict[str, Any]:
    out: dict[str, Any] = {"empty_rerun_ms": round(_empty_rerun_ms(5), 1)}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="foco-portfolio-") as folder:
            url = f"sqlite:///{folder}/portfolio.db"
            t0 = time.perf_counter()
            consultant = populate(url, n)
            m = measure_page(url, consultant, reruns)
            m["populate_s"] = round(time.perf_counter() - t0, 1) - round(m["first_ms"] / 1000, 1)
        m["first_ratio"] = round(m["first_ms"] / out["empty_rerun_ms"], 1)
        m["filter_ratio"] = round(m["filter_ms"] / out["empty_rerun_ms"], 1)
        m["first_warm_ratio"] = round(m["first_warm_ms"] / out["empty_rerun_ms"], 1)
        m["first_stale_ratio"] = round(m["first_stale_ms"] / out["empty_rerun_ms"], 1)
        m["first_replica_ratio"] = round(m["first_replica_ms"] / out["empty_rerun_ms"], 1)
        out[str(n)] = m
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", default="1000,10000")
    parser.add_argument("--reruns", type=int, default=3)
    args = parser.parse_args()
    print(measure([int(x) for x in args.clients.split(",")], args.reruns))


if __name__ == "__main__":
    main()
