"""Thin Streamlit helpers shared by the pages: cached loading, URL-bound widgets, attribution."""
from __future__ import annotations

import gc
from collections.abc import Callable, Sequence

import streamlit as st

from spodash import attribution as credits  # ui.attribution, below, shows its lines
from spodash import coverage, mapview, sourcelist
from spodash.charts import label_points
from spodash.datasets import Bundle, DataFileError, load_bundle, with_user_orders
from spodash.metrics import Quarterly, quarterly


#: Counts loads of the bundle: the shared views below are keyed by it too, so a view is never
#: served from a bundle that has been reloaded (in a server the bundle is loaded once).
_generation = 0


@st.cache_resource(show_spinner=False)
def _load() -> tuple[Bundle, Quarterly, dict]:
    global _generation
    bundle = load_bundle()
    loaded = bundle, quarterly(bundle.crime), label_points(bundle.geo)
    _generation += 1
    # The bundle lives as long as the process: freezing it keeps every full garbage collection
    # from walking it again (~100 ms each, measured).
    gc.collect()
    gc.freeze()
    return loaded


def data() -> tuple[Bundle, Quarterly, dict]:
    """The bundle, read and checked once per process; a broken file stops the page with one message."""
    try:
        return _load()
    except DataFileError as exc:
        st.error(f"The dashboard's data could not be loaded. {exc}. "
                 "Rebuild the bundle with `make data`, or restore the file from the repository.")
        st.stop()


#: Session key holding a user's uploaded order figures (a DataFrame shaped like ``Bundle.orders``).
USER_ORDERS = "user_orders"


def session_data() -> tuple[Bundle, Quarterly, dict]:
    """The bundle plus this session's own uploaded figures, if any (never shared between sessions)."""
    bundle, q, points = data()
    if not _has_uploads():
        return bundle, q, points
    return with_user_orders(bundle, st.session_state[USER_ORDERS]), q, points


def _has_uploads() -> bool:
    extra = st.session_state.get(USER_ORDERS)
    return extra is not None and len(extra) > 0


# Views derived from the published bundle, shared by every session that has no upload of its
# own, keyed by the filter values (and the bundle's load).
@st.cache_resource(show_spinner=False, max_entries=64)
def _shared_period_options(order_type: str, measure: str, basis: str, evidence: str,
                           generation: int) -> mapview.PeriodOptions:
    bundle, q, _ = _load()
    return mapview.period_options(bundle, q, order_type, measure, basis, evidence)


@st.cache_resource(show_spinner=False, max_entries=128)
def _shared_map_view(state: mapview.MapState, generation: int) -> mapview.MapView:
    bundle, q, points = _load()
    return mapview.build(bundle, q, points, state)


@st.cache_resource(show_spinner=False, max_entries=16)
def _coverage_view(dataset: str, by: str, generation: int) -> coverage.CoverageView:
    bundle, q, _ = _load()
    return coverage.view(bundle, q, dataset, by)


@st.cache_resource(show_spinner=False, max_entries=16)
def _source_table(grade: str, generation: int):
    return sourcelist.source_table(_load()[0], [grade])


def coverage_view(dataset: str, by: str) -> coverage.CoverageView:
    """The sources page's coverage grid for the published bundle (it never includes uploads)."""
    data()
    return _coverage_view(dataset, by, _generation)


def source_table(grade: str):
    """The published sources of one evidence grade, as the sources page lists them."""
    data()
    return _source_table(grade, _generation)


def forget_map_views() -> None:
    """Empty the shared map views, so the next run builds its view afresh (for measuring that)."""
    _shared_map_view.clear()
    _shared_period_options.clear()


def period_options(bundle: Bundle, q: Quarterly, order_type: str, measure: str, basis: str,
                   evidence: str = "all") -> mapview.PeriodOptions:
    """Periods for the map's filters (shared across sessions unless this one uploaded figures)."""
    if _has_uploads():
        return mapview.period_options(bundle, q, order_type, measure, basis, evidence)
    return _shared_period_options(order_type, measure, basis, evidence, _generation)


def map_view(bundle: Bundle, q: Quarterly, points: dict, state: mapview.MapState) -> mapview.MapView:
    """The map page's content for a filter state: from the shared cache, or built for this
    session alone when it holds uploaded figures (those never reach another session)."""
    if _has_uploads():
        return mapview.build(bundle, q, points, state)
    return _shared_map_view(state, _generation)


def force_timeline(bundle: Bundle, force: str):
    """A force's published order figures, ordered for the orders-over-time chart (this session's bundle)."""
    from spodash import profile, timeline

    return timeline.figures(profile.orders_for_force(bundle, force))


def data_built() -> str:
    """When the bundle was last built (``data/build_info.json``), as '1 Dec 2026'."""
    import json

    from spodash.paths import data_dir
    from spodash.periods import fmt_date

    try:
        built = json.loads((data_dir() / "build_info.json").read_text(encoding="utf-8"))["built"]
    except (OSError, ValueError, KeyError):
        return "(date not recorded)"
    return fmt_date(built)


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
    as the static site and the briefing: ``spodash.attribution``)."""
    st.caption("  \n".join(credits.attribution_lines(credits.used_sources(bundle, source_ids))))
