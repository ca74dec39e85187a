"""`python -m assessment quick-fit [--bank DIR]`: how far the quick check can be trusted, and which pair of
questions per dimension best predicts the full dimension level (model: docs/scoring.md, engine/quickfit)."""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assessment.bank import Bank
from assessment.engine import quickfit
from assessment.engine.migrate import Given, carry
from assessment.engine.portfolio import parsed_answers
from assessment.engine.scoring import AnswerValue


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.1f} %"


def _report(bank: Bank, fit: quickfit.Fit, who: str) -> list[str]:
    lines = []
    for dim_id, d in fit.dimensions.items():
        lines.append(
            f"{dim_id}: {len(d.eligible)} eligible questions, {len(d.pairs)} pairs, {d.compared} {who}"
        )
        if d.best is not None:
            worst = min(d.pairs, key=lambda p: p.agree)
            lines.append(
                f"  best pair    {' + '.join(d.best.questions):<58} level equal {_pct(d.best.agree)}, "
                f"within one level {_pct(d.best.within_one)} (feeds {d.best.recommendations} recommendations)"
            )
            lines.append(f"  worst pair   {' + '.join(worst.questions):<58} level equal {_pct(worst.agree)}")
            noise = quickfit.tolerance(d.best.agree, d.compared)
            tied = sum(1 for p in d.pairs if p.agree >= max(x.agree for x in d.pairs) - noise)
            lines.append(
                f"  {tied} of {len(d.pairs)} pairs lie within chance (±{100 * noise:.1f} points) of the best;"
                " among them the pair that feeds more recommendations wins"
            )
        if d.chosen is not None:
            lines.append(
                f"  quick check  {' + '.join(d.chosen.questions):<58} level equal {_pct(d.chosen.agree)}, "
                f"within one level {_pct(d.chosen.within_one)}"
            )
    if bank.quick is not None:
        lines.append(
            f"quick check, mean of the dimensions: level equal {_pct(fit.mean_agree)}, "
            f"within one level {_pct(fit.mean_within_one)}"
        )
        lines.append(
            f"quick check, overall level ({fit.overall_compared} {who}): equal {_pct(fit.overall_agree)}, "
            f"within one level {_pct(fit.overall_within_one)}"
        )
    return lines


@dataclass
class Submitted:
    records: list[tuple[str, dict[str, AnswerValue]]]  # (organization type, answers in today's questions)
    carried: Counter[str] = field(default_factory=Counter)  # older version -> surveys carried from it
    left_out: Counter[str] = field(default_factory=Counter)  # version no mapping leads from -> surveys


def _submitted(bank: Bank, url: str | None) -> Submitted | str:
    # Imported here: the bank's own figures need no database.
    from assessment.storage import StorageUnavailable, Store

    store = Store(url)
    try:
        rows = store.submitted_full()
    except StorageUnavailable as exc:
        return f"cannot read the database ({exc})"
    finally:
        store.close()
    out = Submitted([])
    for org_type, version, values in rows:
        answers = dict(parsed_answers(values))
        if version != bank.version:
            # Answered under an older bank: read in today's questions through the bank's mapping files, as
            # an assessment in progress would be (engine/migrate.py); without a mapping, not comparable.
            path = bank.migration_path(version)
            if path is None:
                out.left_out[version] += 1
                continue
            carried = carry(bank, path, {q: Given(v) for q, v in answers.items()}).answers
            answers = {q: g.value for q, g in carried.items() if g.value is not None}
            out.carried[version] += 1
        out.records.append((org_type, answers))
    return out


def _versions(counts: Counter[str]) -> str:
    return ", ".join(f"{n} under {v}" for v, n in sorted(counts.items()))


def cmd_quick_fit(args: argparse.Namespace) -> int:
    from assessment.cli.main import _load

    bank = _load(args.bank)
    if bank is None:
        return 1
    model = quickfit.Model(args.profiles, args.seed, args.scatter, args.dk, args.na)
    fit = quickfit.fit(bank, quickfit.simulate(bank, model))
    print(
        f"quick-fit: bank {bank.version}, {model.profiles} simulated respondents (seed {model.seed};"
        f" answers scatter {model.scatter:g} step around each dimension's true level;"
        f" don't know {100 * model.dk:g} %; N/A {100 * model.na:g} % where allowed)"
    )
    print("\n".join(_report(bank, fit, "respondents")))

    if not args.no_database:
        real = _submitted(bank, args.database)
        print()
        if isinstance(real, str):
            print(f"Submitted full surveys: {real}.")
        else:
            if real.left_out:
                print(
                    f"Left out, answered under a bank version no mapping in migrations/ leads from: "
                    f"{_versions(real.left_out)}."
                )
            if real.carried:
                print(f"Carried to {bank.version} through migrations/ first: {_versions(real.carried)}.")
            if len(real.records) < quickfit.MIN_SUBMITTED:
                print(
                    f"Submitted full surveys in the database: {len(real.records)} "
                    f"(fewer than {quickfit.MIN_SUBMITTED}: no figure on them)."
                )
            else:
                print(f"Submitted full surveys in the database: {len(real.records)}, scored with this bank:")
                real_fit = quickfit.fit(bank, quickfit.from_records(bank, real.records))
                print("\n".join(_report(bank, real_fit, "assessments")))

    best = [q for d in fit.dimensions.values() if d.best is not None for q in d.best.questions]
    share = bank.quick.min_answered if bank.quick is not None else 1.0
    print("\nProposed for bank.yaml (the best pair of each dimension on the simulated respondents):")
    print(f"forms:\n  quick:\n    questions: [{', '.join(best)}]\n    min_answered: {share:g}")
    return 0


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value}: must be a whole number, 1 or more")
    return n


def _share(value: str) -> float:
    x = float(value)
    if not 0 <= x < 1:
        raise argparse.ArgumentTypeError(f"{value}: must be a share from 0 up to (not including) 1")
    return x


def _steps(value: str) -> float:
    x = float(value)
    if not 0 <= x <= 4:
        raise argparse.ArgumentTypeError(f"{value}: must be 0–4 steps")
    return x


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from assessment.bank import DEFAULT_BANK_DIR

    p = sub.add_parser("quick-fit", help="how often the quick check's level equals the full survey's")
    p.add_argument(
        "--bank", type=Path, default=DEFAULT_BANK_DIR, help="question bank folder (default: questions/)"
    )
    p.add_argument("--profiles", type=_positive, default=quickfit.PROFILES, help="simulated respondents")
    p.add_argument("--seed", type=int, default=quickfit.SEED)
    p.add_argument("--scatter", type=_steps, default=quickfit.SCATTER, help="steps an answer scatters by")
    p.add_argument("--dk", type=_share, default=quickfit.DK_SHARE, help='share of "don\'t know" answers')
    p.add_argument(
        "--na", type=_share, default=quickfit.NA_SHARE, help="share of N/A where a question allows it"
    )
    p.add_argument("--database", default=None, help="database URL (default: $DATABASE_URL or data/foco.db)")
    p.add_argument("--no-database", action="store_true", help="only the simulated respondents")
    p.set_defaults(func=cmd_quick_fit)
