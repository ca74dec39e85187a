"""Foco as an ASGI application, for a shared deployment (replicas behind a load balancer):

    DATABASE_URL=postgresql://… uvicorn asgi:app --host 0.0.0.0 --port 8501

It serves the same app as `streamlit run app.py`, plus two routes of Foco's own:

- `GET /healthz`: 200 when this replica and its database answer, 503 when the database does not — what a
  load balancer should probe. Streamlit's own `/_stcore/health` only says the process is up.
- `POST|DELETE /api/session`: sets and drops the consultant's session cookie (HttpOnly), which a script
  cannot do (assessment/ui/workspace/session_route.py).

`make run` serves this same app with `streamlit run asgi.py`, Streamlit's own way to run an st.App.
"""

from __future__ import annotations

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from assessment.storage import Store
from assessment.ui.workspace import session_route

_store: Store | None = None


def _ping() -> bool:
    global _store
    if _store is None:
        _store = Store()
    return _store.ping()


async def healthz(_request: Request) -> JSONResponse:
    ok = await run_in_threadpool(_ping)
    body = {"status": "ok" if ok else "unavailable", "database": "ok" if ok else "unreachable"}
    return JSONResponse(body, status_code=200 if ok else 503)


app = st.App("app.py", routes=[Route("/healthz", healthz, methods=["GET"]), *session_route.routes()])
