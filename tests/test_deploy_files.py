"""Deployment files checked offline: the Docker build context and the Kubernetes manifest.

No container engine or cluster is needed (or used): the Dockerfile's COPY sources are checked
against what its .dockerignore lets into the build context, with the same matching rules as
Docker's (moby/patternmatcher), and the manifest is validated against the Kubernetes API's own
JSON schemas, which the `kubernetes-validate` package ships (no network: a test below proves it).
"""
from __future__ import annotations

import re
import shlex
import socket
import subprocess

import pytest
import yaml

from spodash.data.paths import ROOT

DOCKERFILE = ROOT / "deploy" / "Dockerfile"
DOCKERIGNORE = ROOT / "deploy" / "Dockerfile.dockerignore"  # BuildKit reads <Dockerfile>.dockerignore
MANIFEST = ROOT / "deploy" / "k8s" / "dashboard.yaml"
K8S_VERSION = "1.37.0"  # the newest API version kubernetes-validate 1.37.0 bundles


# ---- Docker build context ------------------------------------------------------------------------
def _pattern_regex(pattern: str) -> re.Pattern:
    """A .dockerignore pattern as Docker compiles it: Go's filepath.Match plus `**` for any directories."""
    out, i = "^", 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            if pattern[i + 1:i + 2] == "*":
                i += 1
                if pattern[i + 1:i + 2] == "/":
                    i += 1
                    out += "(.*/)?"
                else:
                    out += ".*"
            else:
                out += "[^/]*"
        elif ch == "?":
            out += "[^/]"
        elif ch == "[":
            end = pattern.index("]", i)
            out += "[" + pattern[i + 1:end].replace("!", "^", 1) + "]"
            i = end
        elif ch == "\\" and i + 1 < len(pattern):
            i += 1
            out += re.escape(pattern[i])
        else:
            out += re.escape(ch)
        i += 1
    return re.compile(out + "$")


def parse_dockerignore(text: str) -> list[tuple[bool, re.Pattern]]:
    """(is_exception, regex) per pattern, in order; comments and blank lines dropped, paths cleaned."""
    rules = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        pat = line[1:].strip() if exception else line
        pat = re.sub(r"/+", "/", pat).strip("/") or "."
        rules.append((exception, _pattern_regex(pat)))
    return rules


def in_context(path: str, rules) -> bool:
    """Whether a file (a path relative to the context) is sent to the builder: the last rule that
    matches the file or one of its parent folders decides, as in Docker's MatchesOrParentMatches."""
    parts = path.split("/")
    candidates = [path] + ["/".join(parts[:i + 1]) for i in range(len(parts) - 1)]
    excluded = False
    for exception, rx in rules:
        if any(rx.match(c) for c in candidates):
            excluded = not exception
    return not excluded


def copy_sources(dockerfile: str) -> list[str]:
    """Every source path of every COPY/ADD that reads the build context (not --from=another stage)."""
    text = re.sub(r"\\\n", " ", dockerfile)
    sources = []
    for line in text.splitlines():
        words = shlex.split(line.strip(), comments=False) if line.strip() and not line.lstrip().startswith("#") else []
        if not words or words[0].upper() not in ("COPY", "ADD"):
            continue
        args = words[1:]
        if any(a.startswith("--from") for a in args):
            continue
        paths = [a for a in args if not a.startswith("--")]
        sources += paths[:-1]  # the last one is the destination
    return sources


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [f for f in out.splitlines() if (ROOT / f).exists()]


def test_dockerignore_rules_behave_like_dockers():
    rules = parse_dockerignore("**\n!app_pages/\n!dashboard.py\n**/__pycache__\n**/*.pyc\n")
    assert in_context("app_pages/map.py", rules)
    assert in_context("dashboard.py", rules)
    assert not in_context("tests/test_deploy.py", rules)
    assert not in_context("app_pages/__pycache__/map.cpython-311.pyc", rules)
    assert not in_context("app_pages/x.pyc", rules)
    # The bug this guards against: a folder renamed in the code but not in the whitelist.
    assert not in_context("app_pages/map.py", parse_dockerignore("**\n!pages/\n"))


def test_every_path_the_dockerfile_copies_is_in_the_build_context():
    rules = parse_dockerignore(DOCKERIGNORE.read_text())
    sources = copy_sources(DOCKERFILE.read_text())
    assert {"requirements.txt", "dashboard.py", "app_pages/", "spodash/", "data/", "static/"} <= set(sources)
    files = tracked_files()
    for src in sources:
        src_clean = src.strip("/").removeprefix("./")
        under = [f for f in files if f == src_clean or f.startswith(src_clean + "/")]
        assert under, f"COPY {src}: no such file or folder in the repository"
        left_out = [f for f in under if not in_context(f, rules)]
        assert not left_out, f"COPY {src}: left out of the build context by {DOCKERIGNORE.name}: {left_out[:5]}"


def test_the_image_holds_every_file_the_app_reads():
    """Each folder of app code or data that the app uses at run time is copied into the image."""
    sources = {s.strip("/") for s in copy_sources(DOCKERFILE.read_text())}
    for needed in ("app_pages", "spodash", "data", "geo", "static", ".streamlit", "dashboard.py"):
        assert needed in sources, needed
    pages = re.findall(r'"([\w/]+\.py)"', (ROOT / "dashboard.py").read_text())  # the router's page files
    assert pages and all(p.split("/")[0] in sources for p in pages)


# ---- Kubernetes manifest ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def docs() -> list[dict]:
    return [d for d in yaml.safe_load_all(MANIFEST.read_text()) if d]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test (the schemas must be on disk)."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[1:] if len(args) > 1 else args}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_manifest_validates_against_the_kubernetes_schemas(docs, no_network):
    import kubernetes_validate

    kinds = []
    for doc in docs:
        # strict: an unknown field (a typo such as `limts`) is an error, as `kubectl apply` would warn.
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
        kinds.append(doc["kind"])
    assert kinds == ["Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget"]


def test_the_validator_catches_mistakes(docs, no_network):
    import copy

    import kubernetes_validate
    from kubernetes_validate.utils import ValidationError

    bad = copy.deepcopy(docs[0])
    bad["spec"]["template"]["spec"]["containers"][0]["resources"]["limts"] = {"memory": "1Gi"}
    with pytest.raises(ValidationError, match="limts"):
        kubernetes_validate.validate(bad, K8S_VERSION, strict=True)
    bad = copy.deepcopy(docs[0])
    bad["spec"]["replicas"] = "3"
    with pytest.raises(ValidationError):
        kubernetes_validate.validate(bad, K8S_VERSION, strict=True)


def test_disruptions_and_rollouts_keep_enough_replicas(docs):
    by = {d["kind"]: d for d in docs}
    dep, pdb, hpa = by["Deployment"], by["PodDisruptionBudget"], by["HorizontalPodAutoscaler"]
    labels = dep["spec"]["template"]["metadata"]["labels"]
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert by["Service"]["spec"]["selector"].items() <= labels.items()
    # A voluntary disruption (a node drain) may take one pod at a time, never all of them...
    min_available = pdb["spec"]["minAvailable"]
    assert isinstance(min_available, int) and 1 <= min_available < hpa["spec"]["minReplicas"]
    # ...and a rolling update starts a new pod before stopping an old one.
    rolling = dep["spec"]["strategy"]["rollingUpdate"]
    assert rolling["maxUnavailable"] == 0 and rolling["maxSurge"] >= 1
    pod = dep["spec"]["template"]["spec"]
    # Open websockets get time to close on SIGTERM before the pod is killed.
    assert pod["terminationGracePeriodSeconds"] >= 30
    res = pod["containers"][0]["resources"]
    assert res["requests"]["memory"] and res["limits"]["memory"]


def test_manifest_header_says_what_was_run():
    head = MANIFEST.read_text().split("apiVersion", 1)[0]
    assert "NOT applied" in head and "kubernetes-validate" in head
