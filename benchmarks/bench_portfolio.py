"""Times the portfolio page with 1,000 clients: loading and computing its data, building its figures, and
drawing the whole page in Streamlit's runtime (AppTest). Prints figures; asserts nothing.

Run from the repository root: python benchmarks/bench_portfolio.py [--clients N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessment.bank import DEFAULT_BANK_DIR, load_bank  # noqa: E402
from assessment.engine.portfolio import build_entries, latest, portfolio_table  # noqa: E402
from assessment.io.importing import plan_import  # noqa: E402
from assessment.outputs.charts import RadarSeries, heatmap, radar  # noqa: E402
from assessment.outputs.export import to_csv  # noqa: E402
from assessment.storage import Store, upgrade  # noqa: E402
from assessment.storage.accounts import Accounts  # noqa: E402
from assessment.storage.workspace import Workspace  # noqa: E402


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    print(f"  {label:<46} {time.perf_counter() - t0:7.3f} s")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=1000)
    args = parser.parse_args()
    bank = load_bank(DEFAULT_BANK_DIR)
    qids = list(bank.questions)
    types = [t.id for t in bank.info.organization_types]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        store = Store(url)
        ws = Workspace(store, Accounts(store).create("bench", "a benchmark password"))
        rows = [[f"Client {n:04d}", "", types[n % len(types)], *[(n + i) % 5 for i in range(len(qids))]]
                for n in range(args.clients)]  # fmt: skip
        text = to_csv(["organization", "unit", "organization_type", *qids], rows).removeprefix("\ufeff")
        print(f"Portfolio of {args.clients} clients (SQLite, bank {bank.version}):")
        items, problems = timed("import: parse + score the CSV", lambda: plan_import(bank, text, {}, "other"))
        assert not problems
        timed("import: write in one transaction", lambda: ws.apply_import(items, "en", bank.version))
        loaded = timed("load: assessments query", ws.assessments)
        entries = timed("compute: entries (results, plans)", lambda: latest(build_entries(bank, loaded, {})))
        timed("compute: portfolio table", lambda: portfolio_table(bank, entries))
        dims = list(bank.dimensions)
        values = [[e.result.dimensions[d].score for d in dims] for e in entries]  # type: ignore[union-attr]
        timed(
            "figure: heatmap of every client", lambda: heatmap([e.label for e in entries], dims, values, "s")
        )
        timed(
            "figure: heatmap of the 60 shown",
            lambda: heatmap([e.label for e in entries[:60]], dims, values[:60], "s"),
        )
        timed(
            "figure: radar of 3",
            lambda: radar(dims, [RadarSeries(e.label, v) for e, v in zip(entries[:3], values, strict=False)]),
        )
        store.close()

        # The whole page in Streamlit's runtime, signed in as the consultant.
        os.environ["DATABASE_URL"] = url
        from streamlit.testing.v1 import AppTest
        from streamlit.util import calc_hash

        from assessment.ui.workspace.auth import KEY, Signed

        at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=300)
        at.session_state[KEY] = Signed(ws.consultant_id, "bench")
        at.run()
        at._page_hash = calc_hash("ws-portfolio")
        timed("page: first draw in AppTest", at.run)
        if at.exception:
            sys.exit(f"the portfolio page raised: {at.exception[0].value}")
        timed("page: a rerun (a filter changed)", at.multiselect(key="ws_f_level").set_value([1, 2]).run)
        if at.exception:
            sys.exit(f"the portfolio page raised: {at.exception[0].value}")


if __name__ == "__main__":
    main()
