"""The HTTP route behind sign-ins that survive a reload (assessment.storage.sessions). A Streamlit script
cannot set a cookie (st.context.cookies is read-only: only what the WebSocket handshake carried), so the
page trades its one-time ticket here for the session cookie (POST), and drops it at sign-out (DELETE).

asgi.py mounts it on Foco's st.App, which serves `make run` (`streamlit run asgi.py`) and `uvicorn asgi:app`
alike. Under a bare `streamlit run app.py` the route does not exist (INSTALLED stays False): the page then
asks for nothing, and a sign-in lasts as long as its tab, as before."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from assessment.storage import StorageUnavailable, Store
from assessment.storage.sessions import COOKIE_NAME, MAX_AGE, Sessions

log = logging.getLogger("foco")
PATH = "/api/session"
MAX_BODY = 1024
INSTALLED = False
_store: Store | None = None


def routes() -> list[Route]:
    global INSTALLED
    INSTALLED = True
    return [Route(PATH, session, methods=["POST", "DELETE"])]


def _sessions() -> Sessions:
    global _store
    if _store is None:
        _store = Store()
    return Sessions(_store)


def _same_origin(request: Request) -> bool:
    # A page of another site must not plant a session (or drop one): the browser names the page's origin,
    # which must be this host. Fetches from Foco's own page always carry both headers in Chromium/Firefox.
    origin = request.headers.get("origin")
    if not origin or urlsplit(origin).netloc != request.headers.get("host"):
        return False
    return request.headers.get("sec-fetch-site", "same-origin") == "same-origin"


def _cookie(response: Response, request: Request, value: str, max_age: int) -> None:
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


async def _ticket(request: Request) -> str | None:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return None
    try:
        ticket = json.loads(body).get("ticket")
    except (ValueError, AttributeError):
        return None
    return ticket if isinstance(ticket, str) else None


async def session(request: Request) -> Response:
    if not _same_origin(request):
        return JSONResponse({"error": "cross-origin request refused"}, status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    if request.method == "DELETE":
        cookie = request.cookies.get(COOKIE_NAME)
        if cookie:
            try:
                await run_in_threadpool(_sessions().end_cookie, cookie)
            except StorageUnavailable:
                log.warning("could not end a session in the database; dropping its cookie anyway")
        _cookie(response, request, "", 0)
        return response
    ticket = await _ticket(request)
    try:
        value = None if ticket is None else await run_in_threadpool(_sessions().redeem, ticket)
    except StorageUnavailable:
        return JSONResponse({"error": "database unavailable"}, status_code=503)
    if value is None:
        return JSONResponse({"error": "no such ticket"}, status_code=403)
    _cookie(response, request, value, int(MAX_AGE.total_seconds()))
    return response
