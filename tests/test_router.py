"""The router owns the pages: every page opens through dashboard.py without an exception."""
from __future__ import annotations

import ast

import pytest
from streamlit.testing.v1 import AppTest

from spodash.data.paths import ROOT


def _pages() -> tuple:
    """dashboard.PAGES read from the file (importing it would run the router)."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "PAGES")
    return ast.literal_eval(node.value)


PAGES = _pages()


def test_no_top_level_pages_folder():
    """A pages/ folder would send a fresh server's first deep link past the router (see README)."""
    assert not (ROOT / "pages").exists()
    assert all(file.startswith("app_pages/") and (ROOT / file).is_file() for file, _, _ in PAGES)
    assert "not named `pages/`" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("file, title, path", PAGES, ids=[p for _, _, p in PAGES])
def test_every_page_opens_through_the_router(file, title, path):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page(file).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{file} shows no title"
    # The shared CSS is set once, by the router, on every page.
    assert any("focus-visible" in str(h.proto.body) for h in at.get("html"))
