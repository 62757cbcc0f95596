"""A budget of script runs per browser session, so one client flooding reruns cannot hold a replica's CPU.

nginx caps how many websockets one address holds (deploy/README.md), but it cannot see inside one:
each Streamlit session runs the page's script whenever its browser asks. A token bucket per session
lets a person's bursts through untouched (opening a page, a few quick filter changes) and makes a
session that keeps asking faster than ``per_second`` wait before its next run. The wait is a sleep
in the session's own script thread: reruns asked for meanwhile are merged by Streamlit into one, so
a flood costs a sleeping thread, not a core, and every other session keeps its share.

``SPODASH_RERUN_BUDGET`` sets it as ``BURST/PER_SECOND`` (default ``8/1``), or ``off``.
"""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

ENV = "SPODASH_RERUN_BUDGET"
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Budget:
    burst: float = 8.0        # runs a session may have back to back
    per_second: float = 1.0   # runs a second it earns back, and keeps to when it asks for more


@dataclass(frozen=True)
class Bucket:
    tokens: float  # runs the session may start now without waiting
    at: float      # when ``tokens`` was worked out (time.monotonic())


DEFAULT = Budget()


def parse(value: str | None) -> Budget | None:
    """The budget an environment value asks for; None for ``off``. Raises ValueError on anything else."""
    if value is None or not value.strip():
        return DEFAULT
    value = value.strip().lower()
    if value == "off":
        return None
    burst, sep, rate = value.partition("/")
    try:
        budget = Budget(float(burst), float(rate)) if sep else None
    except ValueError:
        budget = None
    if budget is None or not (1 <= budget.burst <= 10_000 and 0 < budget.per_second <= 1_000):
        raise ValueError(f"{ENV}={value!r}: use BURST/PER_SECOND, e.g. 8/1 (burst 1 to 10000, "
                         f"rate above 0 and up to 1000), or off")
    return budget


def from_env() -> Budget | None:
    """The configured budget; a malformed value is logged and the default used (the app still starts)."""
    try:
        return parse(os.environ.get(ENV))
    except ValueError as exc:
        _LOG.warning("%s; using the default %g/%g", exc, DEFAULT.burst, DEFAULT.per_second)
        return DEFAULT


def take(bucket: Bucket | None, now: float, budget: Budget) -> tuple[Bucket, float]:
    """Spend one run at ``now``: the bucket after it, and the seconds to wait first (0 within budget).

    A session that waits has spent its next token in advance, so asking again during the wait
    (merged into one rerun by Streamlit) or straight after it waits a further ``1/per_second``.
    """
    if bucket is None:
        tokens = budget.burst
    else:
        # negative while a booked wait has not yet passed: the session is still in debt
        tokens = min(budget.burst, bucket.tokens + (now - bucket.at) * budget.per_second)
    if tokens >= 1:
        return Bucket(tokens - 1, now), 0.0
    wait = (1 - tokens) / budget.per_second
    return Bucket(0.0, now + wait), wait


#: The process's budget, read once at import (None: off).
BUDGET = from_env()
_STATE = "_rerun_budget"


def pace() -> float:
    """Wait here, before the page is drawn, if this session is over its budget; the seconds waited.

    Thin Streamlit helper: the bucket lives in the session's state, so it is per browser tab.
    """
    budget = BUDGET
    if budget is None:
        return 0.0
    import streamlit as st

    bucket, wait = take(st.session_state.get(_STATE), time.monotonic(), budget)
    st.session_state[_STATE] = bucket
    if wait:
        time.sleep(wait)
    return wait
