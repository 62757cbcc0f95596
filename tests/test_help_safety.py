"""Help for a visitor at risk, without a browser: call links, the browsing-safely note, the one-line help
helper, and the quick exit's script as the router sends it (tests/test_quick_exit_browser.py runs it)."""
from __future__ import annotations

import re

from conftest import open_page

from spodash.data.paths import ROOT
from spodash.ui import help_line, quick_exit

TIMEOUT = 90


def hrefs(markdown: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', markdown)


def test_tel_links_dial_the_number_as_written():
    assert help_line.tel_href("0808 802 0300") == "tel:08088020300"
    assert help_line.tel_href("999") == "tel:999"
    assert help_line.tel_link("0808 802 0300") == '<a href="tel:08088020300" target="_self">0808 802 0300</a>'
    line = help_line.line_html()
    assert hrefs(line) == ["tel:999", "tel:08088020300"]
    assert "If you are in danger, call" in line and "National Stalking Helpline" in line and "(tap to call)" in line


def test_help_page_numbers_can_be_tapped_to_call():
    at = open_page("help")
    assert not at.exception, [e.value for e in at.exception]
    links = [h for m in at.markdown for h in hrefs(m.value)]
    assert "tel:08088020300" in links and "tel:999" in links and "tel:101" in links
    # The box at the top, the first thing on the page, has both.
    top = " ".join(m.value for m in at.markdown[:2])
    assert hrefs(top) == ["tel:999", "tel:08088020300"]
    assert all(m.allow_html for m in at.markdown if "tel:" in m.value)


def test_help_page_explains_browsing_safely():
    at = open_page("help")
    assert "Browsing safely" in [h.value for h in at.header]
    text = "\n".join(m.value for m in at.markdown)
    for words in ("private or incognito window", "Clear your history", "Exit this page", "**Shift** key three times",
                  "not a guarantee", "BBC Weather"):
        assert words in text, words


def test_quick_exit_script_is_complete_and_survives_the_sanitiser():
    html = quick_exit.snippet()
    script = html.split("<script>", 1)[1].rsplit("</script>", 1)[0]
    # DOMPurify (which st.html runs) drops a script whose text looks like markup.
    assert "<" not in script
    assert script.rstrip().endswith(f'}}("{quick_exit.NEUTRAL_URL}"));')
    assert "location.replace(exitUrl)" in script and "Exit this page" in script and "Emergency" in script


def test_router_puts_the_quick_exit_on_every_page():
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    config = source.index("st.set_page_config(")
    assert source.index("quick_exit.render()") > config
    assert source.index("quick_exit.render()") < source.index("st.navigation(")
    at = open_page()
    assert not at.exception, [e.value for e in at.exception]
    sent = [node.proto.body for node in at.get("html")]
    assert quick_exit.snippet() in sent


def test_the_map_page_shows_the_help_line_with_both_numbers_to_tap():
    """The first screen's one line of help: both numbers as call links, through st.html (no
    markdown-HTML parser on the first view), with the words a visitor at risk needs."""
    at = open_page()
    assert not at.exception, [e.value for e in at.exception]
    lines = [node.proto.body for node in at.get("html") if "Stalking Helpline" in node.proto.body]
    assert len(lines) == 1, lines
    assert hrefs(lines[0]) == ["tel:999", "tel:08088020300"]
    assert "If you are in danger, call" in lines[0] and "(tap to call)" in lines[0]
    assert not any("tel:" in m.value for m in at.markdown)
