"""The README's layout table names every folder and every module of the app, so a newcomer finds them."""
from __future__ import annotations

import re

from spodash.paths import ROOT


def layout_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## What is in the repository")
    return text[start:text.index("\n## ", start + 1)]


def test_every_spodash_module_and_folder_is_named():
    table = layout_table()
    named = set(re.findall(r"`([^`]+)`", table))
    modules = {p.stem for p in (ROOT / "spodash").glob("*.py") if p.stem != "__init__"}
    folders = {f"{p.name}/" for p in (ROOT / "spodash").iterdir() if p.is_dir() and not p.name.startswith("__")}
    uploads = {p.stem for p in (ROOT / "spodash" / "uploads").glob("*.py") if p.stem != "__init__"}
    named |= {n.removeprefix("spodash/") for n in named}
    missing = sorted((modules | folders | uploads) - named - {f.rstrip("/") for f in named})
    assert not missing, f"not in README.md's layout table: {missing}"


def test_every_top_level_folder_is_named():
    table = layout_table()
    ignored = {".git", ".venv", "node_modules", ".pytest_cache", ".hypothesis", "__pycache__"}
    folders = {p.name for p in ROOT.iterdir() if p.is_dir() and p.name not in ignored}
    missing = sorted(f for f in folders if f"`{f}/" not in table and f"`{f}`" not in table)
    assert not missing, f"not in README.md's layout table: {missing}"
