"""The README's layout table names every folder and every module of the app, so a newcomer finds them."""
from __future__ import annotations

import re

from spodash.data.paths import ROOT

SPODASH = ROOT / "spodash"


def layout_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## What is in the repository")
    return text[start:text.index("\n## ", start + 1)]


def subpackages() -> list[str]:
    return sorted(p.name for p in SPODASH.iterdir() if (p / "__init__.py").exists())


def test_every_subpackage_has_its_row_naming_each_of_its_modules():
    table = layout_table()
    for package in subpackages():
        if package == "build":  # the build's row names the command, not its modules
            assert "| `spodash/build/` |" in table
            continue
        row = next((line for line in table.splitlines() if line.startswith(f"| `spodash/{package}/` |")), None)
        assert row is not None, f"no row for spodash/{package}/ in README.md's layout table"
        named = set(re.findall(r"`([^`]+)`", row))
        folder = SPODASH / package
        modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
        folders = {f"{p.name}/" for p in folder.iterdir() if p.is_dir() and not p.name.startswith("__")}
        missing = sorted((modules | folders) - named)
        assert not missing, f"spodash/{package}/'s row does not name {missing}"


def test_no_module_sits_loose_in_spodash():
    """Every module belongs to a layer: the flat package is gone for good."""
    assert [p.name for p in SPODASH.glob("*.py")] == ["__init__.py"]


def test_every_top_level_folder_is_named():
    table = layout_table()
    ignored = {".git", ".venv", "node_modules", ".pytest_cache", ".hypothesis", "__pycache__", ".mypy_cache",
               ".ruff_cache", ".import_linter_cache"}
    folders = {p.name for p in ROOT.iterdir() if p.is_dir() and p.name not in ignored}
    missing = sorted(f for f in folders if f"`{f}/" not in table and f"`{f}`" not in table)
    assert not missing, f"not in README.md's layout table: {missing}"
