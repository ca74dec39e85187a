"""`score` on many organizations: every CPU scores a share, and the files come out as one process writes them.

Scoring and ranking plans is pure Python and the machine's other cores sit idle while one does it. Above
`MIN_PARALLEL` organizations the responses are cut into chunks; worker processes score a chunk each and
render its lines of scores.csv and recommendations.csv, and this process writes the chunks in input order.
The files are byte for byte those of `export.scores_csv` and `export.recommendations_csv` (a test
compares them).

`FOCO_JOBS` sets the number of worker processes (`1` scores in this process alone); by default, one per CPU.
The `report` command prints that many PDFs at once.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import BinaryIO

from assessment.bank import Bank
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.io.responses import Response
from assessment.outputs.export import (
    BOM,
    RECOMMENDATION_COLUMNS,
    Scored,
    _line,
    escape_cell,
    recommendation_chunks,
    score_columns,
    score_rows,
    writer,
)

CHUNK = 100  # organizations per task: ~2 MB of text; far bigger pieces cost more to allocate than to send
MIN_PARALLEL = 4_000  # below this, starting workers costs more than it saves


def _asked(environ: dict[str, str] | None) -> int:
    env = os.environ if environ is None else environ
    raw = env.get("FOCO_JOBS", "").strip()
    try:
        return int(raw) if raw else (os.cpu_count() or 1)
    except ValueError:
        return 1


def jobs_wanted(n: int, environ: dict[str, str] | None = None) -> int:
    """How many worker processes to use for scoring n organizations (1: none, score here)."""
    asked = _asked(environ)
    if asked <= 1 or n < MIN_PARALLEL:
        return 1
    return max(1, min(asked, -(-n // CHUNK)))


def report_jobs(n: int, environ: dict[str, str] | None = None) -> int:
    """How many reports to print at once: each is a Chromium of its own, about two seconds of a CPU."""
    return max(1, min(_asked(environ), n))


def scored(bank: Bank, responses: Sequence[Response]) -> Iterator[Scored]:
    for resp in responses:
        result = score(bank, resp.answers, resp.organization_type, resp.form)
        yield Scored(resp.organization, resp.unit, result, recommend(bank, result), resp.organization_type)


def _render(bank: Bank, responses: Sequence[Response], lang: str) -> tuple[bytes, bytes]:
    """One chunk's lines of scores.csv and of recommendations.csv, without headers, encoded as UTF-8.

    Bytes, not text: a text file encodes and copies in small pieces, which took longer than scoring."""
    buffer = io.StringIO()
    out = writer(buffer)

    def each() -> Iterator[Scored]:
        # An organization's score row is written as its plan goes by, and none is kept: holding a chunk's
        # results and plans in a list made the garbage collector's passes longer (0.3 s more at 10,000).
        for entry in scored(bank, responses):
            out.writerows([escape_cell(v) for v in row] for row in score_rows(bank, (entry,), lang))
            yield entry

    recs = "".join(recommendation_chunks(bank, each(), lang))
    return buffer.getvalue().encode("utf-8"), recs.encode("utf-8")


_worker_bank: Bank | None = None  # set in each worker process, never in the one that writes


def _start_worker(bank: Bank) -> None:
    # Forked workers share the parent's memory; spawned ones (Windows, macOS) receive a pickled copy.
    global _worker_bank
    _worker_bank = bank


def _work(responses: Sequence[Response], lang: str) -> tuple[bytes, bytes]:
    assert _worker_bank is not None
    return _render(_worker_bank, responses, lang)


def headers(bank: Bank) -> tuple[bytes, bytes]:
    """The first line of each file, after the byte-order mark Excel needs to read UTF-8."""
    return (
        f"{BOM}{_line(score_columns(bank))}\r\n".encode(),
        f"{BOM}{_line(RECOMMENDATION_COLUMNS)}\r\n".encode(),
    )


def write_scored(
    bank: Bank,
    responses: Sequence[Response],
    lang: str,
    scores: BinaryIO,
    recommendations: BinaryIO,
    jobs: int | None = None,
) -> int:
    """Score the responses and write both files (opened in binary mode); returns the organizations written.

    The bytes are those of export.scores_csv and export.recommendations_csv on the same organizations."""
    jobs = jobs_wanted(len(responses)) if jobs is None else jobs
    head_scores, head_recs = headers(bank)
    scores.write(head_scores)
    recommendations.write(head_recs)
    chunks = (responses[i : i + CHUNK] for i in range(0, len(responses), CHUNK))
    if jobs <= 1:
        for chunk in chunks:
            _write(_render(bank, chunk, lang), scores, recommendations)
        return len(responses)

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(bank,)
    ) as pool:
        # A few chunks in flight per worker, written in input order as they come back: memory stays
        # bounded by the window, not by the file (which reaches gigabytes at 100,000 organizations).
        window: deque[Future[tuple[bytes, bytes]]] = deque()
        for chunk in chunks:
            window.append(pool.submit(_work, chunk, lang))
            if len(window) >= 4 * jobs:
                _write(window.popleft().result(), scores, recommendations)
        while window:
            _write(window.popleft().result(), scores, recommendations)
    return len(responses)


def _write(lines: tuple[bytes, bytes], scores: BinaryIO, recommendations: BinaryIO) -> None:
    scores.write(lines[0])
    recommendations.write(lines[1])
