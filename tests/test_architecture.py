"""The architecture checks itself: the layer contracts hold, fail by name when broken, and no import circles.

The contracts live in pyproject.toml and run in `make check`; these tests show that they can fail, and
keep docs/ARCHITECTURE.md true to the tree.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

from spodash.data.paths import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
ROOTS = ("spodash", "app_pages", "bench", "deploy")


def contract_names() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [c["name"] for c in config["tool"]["importlinter"]["contracts"]]


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")], cwd=tree,
                          env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def copy_of_tree(tmp_path) -> Path:
    for name in ROOTS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "results"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_every_contract(copy_of_tree):
    result = lint_imports(copy_of_tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(contract_names())} kept, 0 broken." in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("spodash/figures/metrics.py", "import streamlit", "Streamlit is imported only by spodash.ui"),
    ("spodash/data/periods.py", "from spodash.views import mapview", "Layers: pages over ui"),
    ("spodash/publish/static_site.py", "from spodash.build import catalogue", "The build is never imported"),
    ("spodash/charts/maps.py", "import deploy", "spodash never imports bench or deploy"),
    ("bench/trace_recorder.py", "from bench import trace", "The bench's trace: command line over analysis"),
])
def test_breaking_a_contract_fails_with_its_name(copy_of_tree, module, line, contract):
    path = copy_of_tree / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # broken on purpose\n", encoding="utf-8")
    result = lint_imports(copy_of_tree)
    assert result.returncode != 0
    broken = [n for n in contract_names() if n.startswith(contract)]
    assert len(broken) == 1, contract
    # lint-imports folds long names over lines: compare with the white space taken out.
    out = re.sub(r"\s+", " ", result.stdout)
    assert f"{broken[0]} BROKEN" in out, result.stdout
    assert "1 broken" in out


def test_no_import_circle_anywhere_in_the_tree():
    graph = grimp.build_graph(*ROOTS, cache_dir=None)
    circles = []
    for importer in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported in graph.modules and graph.chain_exists(importer=imported, imported=importer):
                circles.append((importer, imported))
    assert not circles, f"import circles: {circles}"


def test_only_spodash_ui_imports_streamlit_within_the_package():
    graph = grimp.build_graph("spodash", cache_dir=None, include_external_packages=True)
    importers = graph.find_modules_that_directly_import("streamlit")
    assert importers, "no module imports Streamlit: is the graph still right?"
    assert {m.split(".")[1] for m in importers} == {"ui"}


def test_architecture_page_names_every_subpackage_and_only_real_ones():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"spodash\.(\w+)", text)) | {m.split("/")[1] for m in re.findall(r"spodash/\w+/", text)}
    real = {p.name for p in (ROOT / "spodash").iterdir() if (p / "__init__.py").exists()}
    assert real <= named, f"docs/ARCHITECTURE.md does not name {sorted(real - named)}"
    subpackages = {n for n in named if not (ROOT / "spodash" / f"{n}.py").exists()
                   and not any((ROOT / "spodash" / p / f"{n}.py").exists() for p in real)}
    assert subpackages <= real, f"docs/ARCHITECTURE.md names {sorted(subpackages - real)}, which do not exist"
    for path in re.findall(r"`((?:spodash|app_pages|tests)/[\w/]+\.py)`", text):
        assert (ROOT / path).exists() or "charges" in path, path  # build/charges.py is the example to add


def test_each_subpackage_says_what_it_holds_and_may_import():
    for init in sorted((ROOT / "spodash").glob("*/__init__.py")):
        doc = init.read_text(encoding="utf-8").split('"""')[1]
        assert len(doc.strip().splitlines()) >= 2, init
