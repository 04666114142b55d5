"""requirements.lock (what .ci/run installs, hash-checked) covers what pyproject.toml asks for."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def locked() -> dict[str, str]:
    """Return the lock's pins by canonical name, asserting each has a sha256."""
    text = (ROOT / "requirements.lock").read_text()
    pins = {}
    for entry in re.split(r"\n(?=\S)", text):
        if entry.startswith("#") or not entry.strip():
            continue
        match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+) \\\n\s+--hash=sha256:[0-9a-f]{64}", entry)
        assert match, f"not an exact pin with a hash: {entry!r}"
        pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def test_every_dependency_and_test_tool_is_pinned_with_a_hash_in_a_version_it_allows():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    pins = locked()
    problems = []
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        if name == "torch":
            continue  # .ci/run installs the CPU build lying on this machine's disk first
        if name not in pins:
            problems.append(f"{name} is not in requirements.lock")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{name}=={pins[name]} does not satisfy {requirement.specifier}")

    assert problems == [], "run scripts/lock.sh"
