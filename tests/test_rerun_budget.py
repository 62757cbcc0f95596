"""The per-session budget of script runs (spodash/ui/rerun_budget.py): the arithmetic, and a real server
where one session flooding reruns is slowed while another session is served at once."""
from __future__ import annotations

import asyncio
import logging
import time

import pytest

from deploy.ws_client import StreamlitSession, run_sync
from spodash.ui import rerun_budget
from spodash.ui.rerun_budget import Bucket, Budget, parse, take


def test_a_burst_passes_then_runs_are_paced():
    budget = Budget(burst=3, per_second=2)
    bucket, waits = None, []
    for _ in range(5):  # five runs asked for at the same instant
        bucket, wait = take(bucket, 100.0, budget)
        waits.append(wait)
    # three free, then each waits half a second more than the one before (2 a second)
    assert waits == pytest.approx([0.0, 0.0, 0.0, 0.5, 1.0])
    assert bucket == Bucket(tokens=0.0, at=pytest.approx(101.0))


def test_the_bucket_refills_at_the_rate_and_no_further_than_the_burst():
    budget = Budget(burst=4, per_second=1)
    bucket = Bucket(tokens=0.0, at=10.0)
    assert take(bucket, 12.5, budget) == (Bucket(tokens=1.5, at=12.5), 0.0)
    assert take(bucket, 1_000.0, budget)[0].tokens == 3.0  # four back, one spent
    # a person changing a filter every second never waits, however long they go on
    bucket = None
    for second in range(60):
        bucket, wait = take(bucket, float(second), budget)
        assert wait == 0.0


@pytest.mark.parametrize("value, expected", [
    (None, rerun_budget.DEFAULT), ("", rerun_budget.DEFAULT), ("off", None), (" OFF ", None),
    ("8/1", Budget(8, 1)), ("20/0.5", Budget(20, 0.5)),
])
def test_parse_reads_the_setting(value, expected):
    assert parse(value) == expected


@pytest.mark.parametrize("value", ["8", "fast", "0/1", "8/0", "8/-1", "a/b", "8/1/2"])
def test_parse_refuses_a_malformed_setting_with_its_form(value):
    with pytest.raises(ValueError, match=r"BURST/PER_SECOND, e\.g\. 8/1"):
        parse(value)


def test_a_malformed_setting_is_logged_and_the_default_used(monkeypatch, caplog):
    monkeypatch.setenv(rerun_budget.ENV, "lots")
    with caplog.at_level(logging.WARNING, logger="spodash.ui.rerun_budget"):
        assert rerun_budget.from_env() == rerun_budget.DEFAULT
    assert "SPODASH_RERUN_BUDGET='lots'" in caplog.text and "using the default 8/1" in caplog.text


def test_a_flooding_session_is_paced_while_another_is_served(server):
    """The committed default (8 back to back, then 1 a second), on a real server: a session asking
    for 14 map runs back to back gets its first 8 at the usual speed (plus what it earns back
    meanwhile) and then waits about a second before each run, every run still drawing both maps;
    meanwhile another session's map comes at once."""
    url = server

    async def go():
        async with StreamlitSession(url, timeout=60) as warm:  # the server's first run loads the data
            await warm.run("")
        async with StreamlitSession(url, timeout=60) as flood, StreamlitSession(url, timeout=60) as other:
            durations = []
            for _ in range(14):
                r = await flood.run("")
                assert r.status == "ok" and r.plotly_charts == 2 and not r.exceptions
                durations.append(r.seconds)
            # the flooding session is now in debt; a run of the other session is not held up by it
            meanwhile = asyncio.create_task(flood.run(""))
            t0 = time.perf_counter()
            r = await other.run("")
            other_s = time.perf_counter() - t0
            await meanwhile
            return durations, r, other_s

    durations, r, other_s = run_sync(go())
    assert r.status == "ok" and r.plotly_charts == 2
    free, paced = durations[:8], durations[-4:]
    # each of the last runs waited about a second (the rate) on top of a run like the free ones
    assert min(paced) > 0.8, durations
    assert max(free) < min(paced), durations
    assert other_s < min(paced), (other_s, durations)
