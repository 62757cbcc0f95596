"""spodash/ui/upload_loss.py without a browser: when the warning shows, and what it says.

The browser half (sessionStorage, a replica killed behind nginx) is in tests/test_deploy_headers.py.
"""
from __future__ import annotations

from pathlib import Path

from conftest import open_page

from spodash.ui import upload_loss

NOTE = {"token": "abc", "figures": 2, "files": ["our_2025_return.csv"]}


def test_a_note_means_lost_figures_only_for_a_session_without_them():
    assert upload_loss.lost_note(NOTE, held=False, own_token=None, dismissed=None) == NOTE
    # The session holds figures (it re-uploaded, or never lost them): nothing to say.
    assert upload_loss.lost_note(NOTE, held=True, own_token=None, dismissed=None) is None
    # The note is this session's own (it removed its figures itself), or the visitor dismissed it.
    assert upload_loss.lost_note(NOTE, held=False, own_token="abc", dismissed=None) is None
    assert upload_loss.lost_note(NOTE, held=False, own_token=None, dismissed="abc") is None
    # No note (a shared link opened anywhere else starts with none), or a malformed one.
    for value in (None, {}, {"token": ""}, "abc", ["abc"]):
        assert upload_loss.lost_note(value, held=False, own_token=None, dismissed=None) is None


def test_the_message_says_what_happened_and_what_to_do():
    text = upload_loss.message(NOTE)
    assert "Your uploaded figures are no longer shown." in text
    assert "2 figures you uploaded" in text and "“our_2025_return.csv”" in text
    assert "upload the same file again" in text and "Add your own figures" in text
    assert "still on your computer" in text
    one = upload_loss.message({"token": "x", "figures": 1, "files": []})
    assert "the 1 figure you uploaded," in one and "(from" not in one
    assert "the figures you uploaded" in upload_loss.message({"token": "x"})


def test_the_component_ships_its_files_and_no_inline_script():
    index = (upload_loss.FRONTEND / "index.html").read_text()
    assert '<script src="upload_loss.js"></script>' in index  # a file: allowed by script-src 'self'
    assert "<script>" not in index
    js = (upload_loss.FRONTEND / "upload_loss.js").read_text()
    assert "sessionStorage" in js and "localStorage" not in js  # one tab only, gone when it closes
    assert "streamlit:componentReady" in js and "streamlit:setComponentValue" in js


def test_every_page_runs_with_the_check_in_apptest():
    """The router calls check() on every run; without a browser the component never answers, so no
    warning shows, and nothing breaks."""
    at = open_page(timeout=120)
    assert not at.exception
    assert not [w for w in at.warning if "no longer shown" in w.value]
    assert Path(upload_loss.FRONTEND).is_dir()
