"""What the consensus page's buttons do. They run as Streamlit callbacks, before the next run draws the page,
so a saved answer is on screen at once and the form can be emptied. Each leaves a message for that run."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import streamlit as st

from assessment.bank import Bank
from assessment.engine import consensus
from assessment.engine.consensus import Spread, Target
from assessment.engine.scoring import AnswerValue
from assessment.i18n import t
from assessment.storage import StorageUnavailable
from assessment.storage.workspace import Agreed, NotFound, Workspace

FLASH = "ws_cons_flash"  # a message for the next run: (question id or "", kind, text)


@dataclass(frozen=True)
class Context:
    """What a callback needs, as the page saw it when it drew the button."""

    ws: Workspace
    bank: Bank
    lang: str
    target: Target
    org_type: str
    consensus_id: int | None
    spreads: Mapping[str, Spread]
    agreed: Mapping[str, AnswerValue]

    def rescore(self, answers: Mapping[str, str]) -> tuple[str, str]:
        return consensus.snapshot_json(self.bank, answers, self.org_type), self.bank.version

    def consensus(self) -> int:
        if self.consensus_id is not None:
            return self.consensus_id
        org_id, unit_id = self.target
        return self.ws.start_consensus(org_id, unit_id, self.lang, self.bank.version).id


def value_key(qid: str) -> str:
    return f"ws_cons_value_{qid}"


def reason_key(qid: str) -> str:
    return f"ws_cons_reason_{qid}"


def _say(where: str, kind: str, text: str) -> None:
    st.session_state[FLASH] = (where, kind, text)


def _run(ctx: Context, where: str, action: Callable[[], object]) -> bool:
    try:
        action()
    except NotFound:
        _say(where, "error", t("ws.not_found", ctx.lang))
    except StorageUnavailable:
        _say(where, "error", t("ws.db_down", ctx.lang))
    except ValueError:
        # Storage refuses a change without a reason (another tab agreed this question meanwhile).
        _say(where, "error", t("ws.consensus.problem.reason", ctx.lang))
    else:
        return True
    return False


def save(ctx: Context, qid: str) -> None:
    value = st.session_state.get(value_key(qid))
    reason = st.session_state.get(reason_key(qid)) or None
    why = consensus.problem(
        ctx.bank, ctx.org_type, qid, value, reason, ctx.agreed.get(qid), ctx.spreads.get(qid)
    )
    if why is not None:
        _say(qid, "error", t(f"ws.consensus.problem.{why}", ctx.lang))
        return
    if _run(ctx, qid, lambda: ctx.ws.agree(ctx.consensus(), {qid: Agreed(str(value), reason)}, ctx.rescore)):
        st.session_state[reason_key(qid)] = ""
        _say(qid, "success", t("ws.consensus.saved", ctx.lang))


def take_unanimous(ctx: Context) -> None:
    alike = consensus.unanimous_open(list(ctx.spreads.values()), ctx.agreed)
    changes = {qid: Agreed(str(value)) for qid, value in alike.items()}
    if changes and _run(ctx, "", lambda: ctx.ws.agree(ctx.consensus(), changes, ctx.rescore)):
        _say("", "success", t("ws.consensus.took_unanimous", ctx.lang))


def make_official(ctx: Context) -> None:
    if ctx.consensus_id is None or consensus.missing(ctx.bank, ctx.org_type, ctx.agreed):
        _say("", "error", t("ws.consensus.not_ready", ctx.lang))
        return
    cid = ctx.consensus_id
    if _run(ctx, "", lambda: ctx.ws.make_official(cid, ctx.rescore)):
        _say("", "success", t("ws.consensus.now_official", ctx.lang))
