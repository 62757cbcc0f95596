"""Nothing lost silently: tell a visitor plainly when this tab's uploaded figures are gone.

A visitor's uploaded figures live in one Streamlit session, in the memory of the one server process
(replica) that holds it. If that replica stops (a crash, a redeploy), the browser reconnects to another
replica and gets a new session, without the figures; a reload of the tab does the same. Nothing on the
page would say so: the maps would quietly show published figures only.

So the tab keeps a note, in its own ``sessionStorage``, while its session holds uploaded figures (a tiny
component, ``upload_loss_frontend/``, in a same-origin iframe; no figures are stored, only how many and
the file names). A session that holds no figures while its tab has a note has lost them, and every page
says so at the top until the visitor uploads the file again or dismisses the warning.

Why sessionStorage and not the URL: a URL is shared, and the person a link is shared with must never be
told that "their" figures were lost. sessionStorage belongs to one browser tab: another browser, or
another person, starts with none; it survives a reload and a reconnect; it is gone when the tab closes.

The router (dashboard.py) calls :func:`check` once per run, so it works on every page; the upload page
calls :func:`remember_file` for each file it accepts. Embedded views (``?embed=true``) are left out:
they are framed by other sites, where the component's frame is not allowed (deploy/README.md).
"""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import TypedDict

FRONTEND = Path(__file__).resolve().parent / "upload_loss_frontend"
COMPONENT_KEY = "spodash_upload_loss"
TOKEN = "upload_loss_token"  # this session's note, set when it first holds figures
FILES = "upload_loss_files"  # names of the files this session accepted figures from
DISMISSED = "upload_loss_dismissed"  # the lost note the visitor dismissed
MAX_FILES = 3
#: While the session holds figures, a no-op fragment re-runs this often. Its only purpose: Streamlit's
#: frontend re-runs the page when its websocket reconnects only if the page has such a timer (or was
#: running). Without it, a tab whose replica died would reconnect to a new session and keep showing the
#: old page, figures and all, until the visitor's next click.
RERUN_TIMER = "3600s"

#: Hides the component's (empty, zero-height) frame so it leaves no gap at the top of the page.
_HIDE_FRAME = ('<style>[data-testid="stElementContainer"]:has(iframe[title="spodash.ui.upload_loss.upload_loss"])'
               "{display:none}</style>")


def remember_file(name: str) -> None:
    """Note the name of a file whose figures this session accepted (shown if they are lost)."""
    import streamlit as st

    files = [f for f in st.session_state.get(FILES, []) if f != name] + [name]
    st.session_state[FILES] = files[-MAX_FILES:]


def lost_note(value, *, held: bool, own_token: str | None, dismissed: str | None) -> dict | None:
    """The tab's note if it tells of figures this session does not hold (and was not dismissed)."""
    if held or not isinstance(value, dict):
        return None
    token = value.get("token")
    if not token or token in (own_token, dismissed):
        return None
    return value


def message(note: dict) -> str:
    """The warning, in plain words."""
    n = note.get("figures")
    files = [str(f) for f in note.get("files") or []][:MAX_FILES]
    what = f"the {n} figure{'s' if n != 1 else ''} you uploaded" if isinstance(n, int) and n > 0 else \
        "the figures you uploaded"
    source = (" (from " + ", ".join(f"“{f}”" for f in files) + ")") if files else ""
    return (f"**Your uploaded figures are no longer shown.** This tab had {what}{source}, but the dashboard "
            "no longer holds them: the page was reloaded, or the server this tab was connected to was restarted. "
            "The maps and tables now show published figures only.\n\n"
            "To see your figures again, upload the same file again on the **Add your own figures** page "
            "(in the menu). The file is still on your computer: the dashboard never kept a copy.")


def _dismiss(token: str) -> None:
    import streamlit as st

    st.session_state[DISMISSED] = token


def _reconnect_timer() -> None:
    import streamlit as st

    @st.fragment(run_every=RERUN_TIMER)
    def upload_loss_timer() -> None:
        pass

    upload_loss_timer()


class _Args(TypedDict):
    """What the component is given: whether the session holds figures, its note, and notes to forget."""

    held: bool
    token: str | None
    figures: int
    files: list[str]
    clear: list[str]
    acknowledged: str | None


def check() -> dict | None:
    """Keep this tab's note in step with the session; the tab's note if the session lost its figures."""
    import streamlit as st
    import streamlit.components.v1 as components

    from spodash.ui import cache

    if st.context.is_embedded:
        return None
    ss = st.session_state
    rows = ss.get(cache.USER_ORDERS)
    figures = len(rows) if rows is not None else 0
    held = figures > 0
    args: _Args = {"held": held, "token": None, "figures": 0, "files": [], "clear": [],
                   "acknowledged": ss.get(DISMISSED)}
    if held:
        if TOKEN not in ss:
            ss[TOKEN] = uuid.uuid4().hex
        args.update({"token": ss[TOKEN], "figures": figures, "files": list(ss.get(FILES, []))[-MAX_FILES:]})
    else:
        # Notes to forget: this session's own (it removed its figures) and one the visitor dismissed.
        args["clear"] = [t for t in (ss.get(TOKEN), ss.get(DISMISSED)) if t]
    component = components.declare_component("upload_loss", path=str(FRONTEND))
    st.html(_HIDE_FRAME)
    value = component(**args, key=COMPONENT_KEY, default=None)
    if held:
        _reconnect_timer()
    return lost_note(value, held=held, own_token=ss.get(TOKEN), dismissed=ss.get(DISMISSED))


def warn(note: dict | None) -> None:
    """The warning, with its Dismiss button, for figures this tab had that the session lost."""
    import streamlit as st

    if note is None:
        return
    with st.container(key="upload_loss_warning"):
        st.warning(message(note), icon="⚠️")
        st.button("Dismiss this message", key="upload_loss_dismiss", on_click=_dismiss, args=(note["token"],))
