"""Start the real app (`streamlit run app.py`) on a free port and wait until it answers its health check."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_app(
    env: dict[str, str] | None = None,
    port: int | None = None,
    asgi: bool = False,
    script: Path | None = None,
    extra_args: list[str] | None = None,
) -> Iterator[str]:
    """`streamlit run app.py` (or another `script`, with the same server settings and `extra_args`), or with
    asgi=True the shared-deployment entry `uvicorn asgi:app`."""
    with running_process(env, port, asgi, script, extra_args) as (url, _proc):
        yield url


@contextmanager
def running_process(
    env: dict[str, str] | None = None,
    port: int | None = None,
    asgi: bool = False,
    script: Path | None = None,
    extra_args: list[str] | None = None,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Like running_app, with the server's process too (for a test that kills it)."""
    port = port or free_port()
    if asgi:
        cmd = [sys.executable, "-m", "uvicorn", "asgi:app", "--host", "127.0.0.1", "--port", str(port)]
        with _serve(cmd, port, env) as served:
            yield served
        return
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script or ROOT / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *(extra_args or []),
    ]
    with _serve(cmd, port, env) as served:
        yield served


@contextmanager
def _serve(
    cmd: list[str], port: int, env: dict[str, str] | None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    # The server's output goes to a file: a pipe nobody reads fills up and freezes a chatty server.
    log = tempfile.NamedTemporaryFile(prefix=f"foco-{port}-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                out = Path(log.name).read_text(errors="replace")
                raise RuntimeError(f"the app exited with {proc.returncode}:\n{out}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the app did not answer /_stcore/health within 60 s")
            time.sleep(0.3)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        Path(log.name).unlink(missing_ok=True)
