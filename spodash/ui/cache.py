"""The pages' cached loaders: the bundle once per process, and the shared views built from it."""
from __future__ import annotations

import gc

import streamlit as st

from spodash.charts.maps import label_points
from spodash.data.datasets import Bundle, DataFileError, load_bundle, with_user_orders
from spodash.figures import coverage, sourcelist
from spodash.figures.metrics import Quarterly, quarterly
from spodash.views import mapview

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
    from spodash.figures import profile, timeline

    return timeline.figures(profile.orders_for_force(bundle, force))


def data_built() -> str:
    """When the bundle was last built (``data/build_info.json``), as '1 Dec 2026'."""
    import json

    from spodash.data.paths import data_dir
    from spodash.data.periods import fmt_date

    try:
        built = json.loads((data_dir() / "build_info.json").read_text(encoding="utf-8"))["built"]
    except (OSError, ValueError, KeyError):
        return "(date not recorded)"
    return fmt_date(built)
