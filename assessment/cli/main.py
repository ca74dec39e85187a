"""The command line (a fixed contract, see DESIGN.md):

python -m assessment validate [--bank DIR]
python -m assessment questions [--bank DIR] [--lang en|es|it]
python -m assessment template [--bank DIR] [--form quick|full]
python -m assessment score RESPONSES.csv --out-dir DIR [--bank DIR] [--lang en|es|it]
python -m assessment plan RESPONSES.csv --out-dir DIR [--format xlsx|ics|csv] [--bank DIR] [--lang en|es|it]

and, beside the contract: report RESPONSES.csv --out-dir DIR [--bank DIR] [--lang en|es|it] (one PDF per row),
stats [--bank DIR] (words and minutes per language, questions per dimension);
quick-fit [--bank DIR] (how far the quick check can be trusted);
`score`, `report` and `plan` take `--convert-from VERSION` for a file written for an older bank version.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from assessment.bank import DEFAULT_BANK_DIR, Bank, BankError, load_bank
from assessment.bank.model import FORMS, FULL, LANGUAGES, QUICK
from assessment.bank.stats import SECONDS_PER_CLICK, WORDS_PER_MINUTE, reading
from assessment.cli import benchmark as cli_benchmark
from assessment.cli import consultant as cli_consultant
from assessment.cli import quickfit as cli_quickfit
from assessment.io.batch import report_jobs, scored, write_scored
from assessment.io.convert import Conversion, convert_responses
from assessment.io.encoding import Decoded
from assessment.io.responses import CellProblem, Response, read_file
from assessment.outputs.export import to_csv
from assessment.records import printable


def _load(bank_dir: Path, *, lint: bool = True) -> Bank | None:
    try:
        return load_bank(bank_dir, lint=lint)
    except BankError as exc:
        print(
            f"The question bank in {printable(str(bank_dir))} has {len(exc.problems)} problem(s):",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def cmd_validate(args: argparse.Namespace) -> int:
    bank = _load(args.bank)
    if bank is None:
        return 1
    counts = ", ".join(f"{d}: {len(qs)}" for d, qs in bank.questions_by_dimension.items())
    print(
        f"OK: bank {printable(bank.version)} — {len(bank.questions)} questions ({counts}), "
        f"{len(bank.recommendations)} recommendations, {len(bank.principles)} principles, "
        f"languages {', '.join(LANGUAGES)}."
    )
    for form in (QUICK, FULL) if bank.quick else (FULL,):
        minutes = ", ".join(
            f"{lang} {low}–{high}" for lang in LANGUAGES for low, high in [bank.reading_minutes(lang, form)]
        )
        print(f"{form}: {len(bank.form_questions(form))} questions, minutes ({minutes})")
    if bank.drills is None:
        print("drills: none (no drills.yaml), so no drill calendar")
    else:
        print(f"drills: {len(bank.drills.scenarios)} scenarios, one every {bank.drills.every_months} months")
    carried = sorted(v for v in bank.migrations if bank.migration_path(v))
    if carried:
        print(f"Answers carry over to it from: {', '.join(carried)} (migrations/).")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    # The wording rules are left to `validate`: a bank being rewritten can be measured as it goes.
    bank = _load(args.bank, lint=False)
    if bank is None:
        return 1
    n = len(bank.questions)
    print(f"Question bank {bank.version}: {n} questions, {len(bank.dimensions)} dimensions.")
    print(
        f"Words split on spaces; minutes = words / {WORDS_PER_MINUTE} a minute + {SECONDS_PER_CLICK} s a "
        f"click, one click per question ({n} clicks).\nCounted: every question's stem, options, help and "
        "quality (what would prove it), including the questions asked of some organization types only.\n"
        "minutes: reading all of it; no quality: without the quality texts (folded away in the survey); "
        "no help: stems and options only."
    )
    print()
    head: list[str | int] = [
        "lang",
        "stems",
        "options",
        "help",
        "quality",
        "words",
        "minutes",
        "no quality",
        "no help",
    ]
    rows: list[list[str | int]] = []
    for lang in LANGUAGES:
        r = reading(bank.questions.values(), lang)
        rows.append(
            [
                lang,
                r.stems,
                r.options,
                r.help,
                r.quality,
                r.words,
                f"{r.minutes:.1f}",
                f"{r.minutes_without_quality:.1f}",
                f"{r.minutes_without_help:.1f}",
            ]
        )
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    for line in [head, *rows]:
        print(
            "  ".join(
                str(x).ljust(w) if i == 0 else str(x).rjust(w)
                for i, (x, w) in enumerate(zip(line, widths, strict=True))
            )
        )
    print()
    print("Questions per dimension:")
    width = max(len(d) for d in bank.dimensions)
    for dim_id, questions in bank.questions_by_dimension.items():
        print(f"  {dim_id.ljust(width)}  {len(questions)}")
    return 0


def cmd_questions(args: argparse.Namespace) -> int:
    bank = _load(args.bank)
    if bank is None:
        return 1
    lang = args.lang
    rows = []
    for q in bank.questions.values():
        choices = [f"{o.score}: {o.text(lang)}" for o in q.options] + ["dk"] + (["na"] if q.allow_na else [])
        rows.append([q.id, q.dimension, " ".join(q.principles), q.text(lang), "|".join(choices)])
    _stdout(to_csv(["question_id", "dimension", "principles", "text", "choices"], rows))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    bank = _load(args.bank)
    if bank is None:
        return 1
    if args.form == QUICK and bank.quick is None:
        print(
            f"The question bank in {args.bank} defines no quick check (forms.quick in bank.yaml).",
            file=sys.stderr,
        )
        return 1
    _stdout(to_csv(["organization", "unit", *(q.id for q in bank.form_questions(args.form))], []))
    return 0


def _bank_and_responses(args: argparse.Namespace) -> tuple[Bank, list[Response]] | None:
    """The bank and the responses file of `score` and `report`, or None after saying what is wrong: every
    problem of the file (row, column, value, why) is listed on stderr."""
    bank = _load(args.bank)
    if bank is None:
        return None
    path: Path = args.responses
    shown = printable(str(path))
    conversion: list[Conversion | None] = [None]

    def convert(decoded: Decoded) -> tuple[list[Response], list[CellProblem]]:
        responses, problems, conversion[0] = convert_responses(decoded, bank, args.convert_from)
        return responses, problems

    why = None if path.is_file() else _not_a_file(path)
    if why is None:
        try:
            loaded = read_file(path, bank, convert if args.convert_from else None)
        except OSError as exc:
            why = f"cannot be read ({exc.strerror})"
    if why is not None:
        print(f"{shown}: {why}; nothing was written", file=sys.stderr)
        return None
    for note in loaded.notes:
        print(f"{shown}: {note}", file=sys.stderr)
    if loaded.problems:
        print(f"{shown}: {len(loaded.problems)} problem(s); nothing was written:", file=sys.stderr)
        for problem in loaded.problems:
            print(f"  {problem}", file=sys.stderr)
        for version in dict.fromkeys(p.version for p in loaded.problems if p.version):
            print(
                f"To carry its answers over to this bank, run it again with --convert-from {version}.",
                file=sys.stderr,
            )
        return None
    if conversion[0] is not None:
        print("\n".join(conversion[0].lines()))
    return bank, loaded.responses


def _not_a_file(path: Path) -> str:
    if path.is_dir():
        return "is a folder, not a responses file"
    if path.exists():
        return "is not a regular file"
    return "no such file"


def cmd_score(args: argparse.Namespace) -> int:
    inputs = _bank_and_responses(args)
    if inputs is None:
        return 1
    bank, responses = inputs

    out: Path = args.out_dir
    names = ("scores.csv", "recommendations.csv")
    tmps = [out / f".{name}.tmp" for name in names]
    try:
        out.mkdir(parents=True, exist_ok=True)
        # The responses live to the end: keep the garbage collector from walking them again and again.
        gc.freeze()
        # Write both files next to their final names, then rename: never a half-written pair.
        with (
            tmps[0].open("wb") as scores_file,
            tmps[1].open("wb") as recs_file,
        ):
            # One organization at a time per worker, written as it is scored: 100,000 plans never sit in
            # memory together. Large files are shared out over the CPUs (see batch.py).
            count = write_scored(bank, responses, args.lang, scores_file, recs_file)
        for tmp, name in zip(tmps, names, strict=True):
            tmp.replace(out / name)
    except OSError as exc:
        print(f"{printable(str(out))}: cannot write the results ({exc.strerror})", file=sys.stderr)
        return 1
    finally:
        gc.unfreeze()
        # Whatever stopped it (a full disk, a worker that died, Ctrl-C): no temporary file stays behind.
        # After success they have been renamed already.
        for tmp in tmps:
            tmp.unlink(missing_ok=True)
    quick = (
        " from the quick check (provisional where a dimension needs more answers)"
        if any(r.form == QUICK for r in responses)
        else ""
    )
    print(f"Scored {count} organization(s){quick}: {out / 'scores.csv'}, {out / 'recommendations.csv'}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    # Imported here: only this command needs a browser.
    from datetime import datetime

    from assessment.outputs.report import ReportUnavailable, render_pdf, unique_stems

    inputs = _bank_and_responses(args)
    if inputs is None:
        return 1
    bank, responses = inputs
    out: Path = args.out_dir
    when = datetime.now().astimezone()
    # Each report's final name, decided up front: names that make the same file name get -2, -3…
    stems = unique_stems((resp.organization, resp.unit) for resp in responses)
    finals = [out / f"{stem}.pdf" for stem in stems]
    tmps = [final.with_name(f".{final.name}.tmp") for final in finals]
    try:
        out.mkdir(parents=True, exist_ok=True)
        # Chromium prints one PDF per process, so several print at once, one per CPU (FOCO_JOBS).
        with ThreadPoolExecutor(max_workers=report_jobs(len(responses))) as pool:
            try:
                pdfs = pool.map(lambda e: render_pdf(bank, e, args.lang, when), scored(bank, responses))
                for tmp, pdf in zip(tmps, pdfs, strict=True):
                    tmp.write_bytes(pdf)
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
        # Every report printed: only now do they take their names, so a failure leaves nothing behind.
        for tmp, final in zip(tmps, finals, strict=True):
            tmp.replace(final)
    except (ReportUnavailable, OSError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else str(exc)
        print(f"{printable(str(out))}: cannot write the reports; nothing was written: {why}", file=sys.stderr)
        return 1
    finally:
        # Whatever stopped it, no temporary file stays behind (after success they are renamed already).
        for tmp in tmps:
            tmp.unlink(missing_ok=True)
    print(f"Wrote {len(finals)} report(s) to {out}: " + ", ".join(final.name for final in finals))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    # Imported here: the other commands never need XlsxWriter or icalendar.
    from assessment.cli.plan import write_plans

    inputs = _bank_and_responses(args)
    if inputs is None:
        return 1
    bank, responses = inputs
    return write_plans(bank, responses, args.out_dir, args.format, args.lang)


def cmd_migrate(_args: argparse.Namespace) -> int:
    # Imported here: the four contract commands never need a database.
    from assessment.storage import StorageUnavailable, Store

    store = Store()
    try:
        store.migrate()
    except StorageUnavailable as exc:
        print(f"Cannot reach the database to migrate it: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"Database schema is up to date ({store.backend}).")
    return 0


def _stdout(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assessment", description="Foco's question bank and scoring."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def with_bank(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--bank", type=Path, default=DEFAULT_BANK_DIR, help="question bank folder (default: questions/)"
        )
        return p

    def with_convert(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--convert-from",
            metavar="VERSION",
            help="the file's columns are questions of this older bank version: carry its answers to the "
            "bank through the mapping files in its migrations/ folder",
        )

    with_bank(sub.add_parser("validate", help="check the question bank")).set_defaults(func=cmd_validate)
    with_bank(sub.add_parser("stats", help="words, minutes and questions per dimension")).set_defaults(
        func=cmd_stats
    )
    q = with_bank(sub.add_parser("questions", help="the question catalogue as CSV on stdout"))
    q.add_argument("--lang", choices=LANGUAGES, default="en")
    q.set_defaults(func=cmd_questions)
    tpl = with_bank(sub.add_parser("template", help="a blank wide responses CSV on stdout"))
    tpl.add_argument(
        "--form", choices=FORMS, default=FULL, help="the quick check's columns or every question's (default)"
    )
    tpl.set_defaults(func=cmd_template)
    s = with_bank(sub.add_parser("score", help="score a responses CSV"))
    s.add_argument("responses", type=Path, metavar="RESPONSES.csv")
    s.add_argument("--out-dir", type=Path, required=True)
    s.add_argument("--lang", choices=LANGUAGES, default="en")
    with_convert(s)
    s.set_defaults(func=cmd_score)
    r = with_bank(sub.add_parser("report", help="one PDF report per organization of a responses CSV"))
    r.add_argument("responses", type=Path, metavar="RESPONSES.csv")
    r.add_argument("--out-dir", type=Path, required=True)
    r.add_argument("--lang", choices=LANGUAGES, default="en")
    with_convert(r)
    r.set_defaults(func=cmd_report)
    p = with_bank(
        sub.add_parser(
            "plan", help="the plan as Excel workbooks and iCalendar files (or the CSVs) per organization"
        )
    )
    p.add_argument("responses", type=Path, metavar="RESPONSES.csv")
    p.add_argument("--out-dir", type=Path, required=True)
    p.add_argument(
        "--format",
        choices=("xlsx", "ics", "csv"),
        default=None,
        help="one kind of file only (default: a workbook and a calendar per organization)",
    )
    p.add_argument("--lang", choices=LANGUAGES, default="en")
    with_convert(p)
    p.set_defaults(func=cmd_plan)
    sub.add_parser(
        "migrate", help="create or upgrade the database schema ($DATABASE_URL, default data/foco.db)"
    ).set_defaults(func=cmd_migrate)
    cli_consultant.add_parser(sub)
    cli_quickfit.add_parser(sub)
    cli_benchmark.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
