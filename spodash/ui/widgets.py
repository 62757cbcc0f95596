"""URL-bound widgets and the attribution line: the pages' small Streamlit building blocks.

A filter's value travels in the URL so that a view can be shared as a link (``?order=SPO&...``).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from spodash.data.datasets import Bundle
from spodash.figures import attribution as credits  # widgets.attribution, below, shows its lines
from spodash.publish import render


def _seed(key: str, options: list[str], default: str, warn: Callable[[str], object]) -> str:
    """The value a URL-bound widget starts from, kept in the session so it is passed unchanged on
    every run: the widget's message then stays byte-identical from run to run, and Streamlit sends
    it as a reference instead of again (only the widget a visitor changed is sent anew).

    Taken from the URL when the widget has no state yet (a session's first run, or back on the page);
    a value that is not an option is reported through ``warn`` and replaced by the default. When the
    options change under a chosen value (another basis, another order type), the default again.
    """
    seed_key = f"_seed_{key}"
    if key not in st.session_state:
        raw = st.query_params.get(key)
        if raw is not None and raw not in options:
            warn(raw)
        st.session_state[seed_key] = raw if raw in options else default
    elif st.session_state[key] not in options or st.session_state.get(seed_key) not in options:
        st.session_state[seed_key] = default
    return st.session_state[seed_key]


def bound_select(label: str, options: Sequence[str], key: str, *, default: str | None = None,
                 format_func: Callable[[str], str] = str, help: str | None = None, container=st,
                 radio: bool = False, always_in_url: bool = False) -> str:
    """A selectbox (or radio) whose value travels in the URL as ``?key=option`` (the option's code).

    The URL seeds the widget (see ``_seed``); a value that is not an option is reported and
    replaced by the default rather than silently dropped, so a mistyped shared link does not
    mislead. Afterwards the widget writes its value back to the URL; ``always_in_url`` keeps it
    there even when it is the default, for a default worked out from the data (a link made today
    must show the same view after the data are refreshed).
    """
    options = list(options)
    default = default if default in options else options[0]
    value = _seed(key, options, default, lambda raw: container.warning(
        f"The link asked for {label.lower()} “{raw}”, which is not available; "
        f"showing “{format_func(default)}” instead.", icon="⚠️"))
    widget = container.radio if radio else container.selectbox
    value = widget(label, options, index=options.index(value), key=key, format_func=format_func, help=help)
    if value == default and not always_in_url:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value
    return value


def select_force_from_map(chart_key: str, force_names: dict[str, str]) -> None:
    """A map's click callback: the clicked force becomes the "Select a force" filter's value."""
    clicked = (st.session_state.get(chart_key) or {}).get("select")
    if clicked in force_names:
        st.session_state["force"] = clicked


def clear_force() -> None:
    """The "Whole of England and Wales" button: no force selected, so both maps show every force again."""
    st.session_state["force"] = ""


def is_on(state_key: str, url_key: str) -> bool:
    """Whether the toggle is on for this run, read before the toggle itself is drawn (for the layout)."""
    if state_key in st.session_state:
        return bool(st.session_state[state_key])
    return st.query_params.get(url_key) == "1"


def url_toggle(label: str, state_key: str, url_key: str, *, help: str | None = None, container=st) -> bool:
    """A toggle seeded from ``?url_key=1`` when it has no state yet and written back to the URL.

    Any value other than 1 or 0 is reported, so a mistyped shared link is not silently ignored.
    """
    seed_key = f"_seed_{state_key}"
    if state_key not in st.session_state:
        raw = st.query_params.get(url_key)
        if raw is not None and raw not in ("0", "1"):
            container.warning(f"The link asked for {url_key}=“{raw}”; use {url_key}=1 to switch "
                              f"{label.lower()} on. It is off.", icon="⚠️")
        st.session_state[seed_key] = raw == "1"
    # The same starting value on every run keeps the toggle's message identical (sent as a reference).
    value = container.toggle(label, value=st.session_state.get(seed_key, False), key=state_key, help=help)
    if value:
        st.query_params[url_key] = "1"
    else:
        st.query_params.pop(url_key, None)
    return value


def attribution(bundle: Bundle, source_ids: Sequence[str] = ()) -> None:
    """The licence and attribution lines for the sources behind what is on screen (the same lines
    as the static site and the briefing: ``spodash.figures.attribution``)."""
    st.caption("  \n".join(credits.attribution_lines(credits.used_sources(bundle, source_ids))))


def table(frame: pd.DataFrame, caption: str, *, numeric: Sequence[str] | None = None, key: str | None = None) -> None:
    """A table as real HTML (caption, header cells, numbers right-aligned), not a canvas grid: a screen
    reader reads it cell by cell, and the first screen loads none of the grid's code."""
    with st.container(key=key) if key else st.container():
        st.html(render.table_html(frame, caption, numeric=numeric))
