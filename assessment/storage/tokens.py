from __future__ import annotations

import hashlib
import re
import secrets
from typing import TypeGuard

# 24 random bytes = 192 bits, which token_urlsafe renders as exactly 32 URL-safe characters.
TOKEN_BYTES = 24
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_well_formed(token: object) -> TypeGuard[str]:
    return isinstance(token, str) and _TOKEN_RE.fullmatch(token) is not None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()
