"""Repository hygiene (issue 7, item 19): bandit finds nothing at medium severity or above, every
exception is justified where it is made, and no secret is committed.

The secret scan reads every file git knows of (tracked, plus untracked files that are not ignored,
so a key is caught before it is committed). It looks for things that are secrets by their shape:
private key blocks, AWS access keys, GitHub and Slack tokens, Slack webhooks, passwords written
into connection URLs, and long random-looking strings assigned to a name such as SECRET, PASSWORD
or TOKEN. What it allows, and why:

- values with few distinct characters or low entropy (placeholders such as "...", "changeme",
  "x" * 40, sentences used as test passwords): a real secret is random;
- values that are code rather than data: f-strings, format fields ("{...}"), environment look-ups;
- the application's own development default SECRET_KEY, which production refuses to start with
  (tests/web/test_production_config.py), and nothing else by name.

The patterns are built from parts so that this file does not match itself.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED_PACKAGES = ("web", "matcher", "scripts")
# Files over this size are data (index dumps, fixtures), not configuration; none is tracked today.
MAX_BYTES = 2 * 1024 * 1024

BEGIN, END = "-----" + "BEGIN", "-----"
TOKEN_SHAPES = {
    "private key block": re.compile(BEGIN + r" [A-Z0-9 ]*PRIVATE KEY" + END),
    "AWS access key id": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "AWS secret access key": re.compile(
        r"(?i)aws_?secret_?access_?key\W{0,4}[=:]\s*['\"]?[A-Za-z0-9/+=]{40}\b"
    ),
    "GitHub token": re.compile(r"\bgh[pousr]" + r"_[A-Za-z0-9]{36,}\b"),
    "GitHub fine-grained token": re.compile(r"\bgithub" + r"_pat_[A-Za-z0-9_]{22,}"),
    "Slack token": re.compile(r"\bxox[abprse]" + r"-[A-Za-z0-9-]{10,}"),
    "Slack webhook": re.compile(r"hooks\.slack\.com/services/" + r"T[A-Za-z0-9]+/B[A-Za-z0-9]+/"),
}
# NAME = "value" / NAME: "value" / "name": "value" where NAME says it holds a secret.
SECRET_ASSIGNMENT = re.compile(
    r"(?i)\b(?P<name>[a-z0-9_]*(?:secret|password|passwd|token|api_?key|private_?key)[a-z0-9_]*)"
    r"['\"]?\s*(?::|=|:=)\s*[rbu]?(?P<quote>['\"])(?P<value>[^'\"\s]{20,})(?P=quote)"
)
# scheme://user:password@host: a password written into a connection URL.
URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:(?P<value>[^/\s:@'\"]{12,})@")
# The development default in web/config.py: public on purpose, refused in production.
ALLOWED_VALUES = {"dev-only-insecure-key"}


def repository_files() -> list[Path]:
    """Return the files git tracks or would add: tracked ones and untracked, non-ignored ones."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return [ROOT / name for name in sorted(set(listed.split("\0"))) if name]


def read_text(path: Path) -> str | None:
    """Return a file's text, or None for binaries, deleted files and very large files."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        data = path.read_bytes()
    except FileNotFoundError:  # listed by git but deleted in the working tree
        return None
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")


def entropy(value: str) -> float:
    """Return the Shannon entropy of a string in bits per character."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_random(value: str) -> bool:
    """Tell whether a value looks like generated key material rather than words or code."""
    if value in ALLOWED_VALUES or "{" in value or "$" in value or "..." in value:
        return False
    if "://" in value:  # an address (GITHUB_TOKEN_URL); passwords inside URLs are checked apart
        return False
    return len(set(value)) >= 12 and entropy(value) >= 4.0


def find_secrets(text: str) -> list[tuple[int, str]]:
    """Return (line number, what) for every secret-shaped string in a text."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        found.extend((number, what) for what, shape in TOKEN_SHAPES.items() if shape.search(line))
        for match in SECRET_ASSIGNMENT.finditer(line):
            if looks_random(match["value"]):
                found.append((number, f"random-looking value assigned to {match['name']}"))
        for match in URL_PASSWORD.finditer(line):
            if looks_random(match["value"]):
                found.append((number, "password in a URL"))
    return found


def test_bandit_finds_nothing_at_medium_severity():
    """bandit -r web matcher scripts -ll: no issue of medium or high severity, any confidence."""
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", *SCANNED_PACKAGES, "-ll", "-q", "-f", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report = json.loads(result.stdout)
    issues = [
        f"{item['filename']}:{item['line_number']} {item['test_id']} {item['issue_text']}"
        for item in report["results"]
    ]
    assert issues == [], "\n".join(issues)
    assert report["errors"] == []
    assert result.returncode == 0


def test_every_bandit_exception_names_its_test_and_says_why():
    """Each `# nosec` names the bandit test it silences and gives a reason after a second `#`."""
    shape = re.compile(r"#\s*nosec\b(?P<rest>.*)$")
    justified = re.compile(r"^ B\d{3}(?:, ?B\d{3})* # \S.{9,}$")
    bad = []
    for package in SCANNED_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                match = shape.search(line)
                if match and not justified.match(match["rest"]):
                    bad.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert bad == [], "\n".join(bad)


def test_no_secrets_in_the_repository():
    """No file git knows of holds a private key, a cloud or chat token, or a random secret."""
    files = repository_files()
    assert any(path.name == "pyproject.toml" for path in files)
    leaks = []
    for path in files:
        text = read_text(path)
        if text is None:
            continue
        leaks.extend(
            f"{path.relative_to(ROOT)}:{number}: {what}" for number, what in find_secrets(text)
        )
    assert leaks == [], "\n".join(leaks)


def test_the_secret_scan_recognises_each_shape():
    """The scanner is not vacuous: each kind of secret is found, and the allowances stay narrow."""
    key_block = BEGIN + " RSA PRIVATE KEY" + END
    samples = {
        key_block: "private key block",
        "aws_access_key_id = AKIA" + "Q3EGRIEXAMPLE7KE": "AWS access key id",
        "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": (
            "AWS secret access key"
        ),
        "token: ghp" + "_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8": "GitHub token",
        "github" + "_pat_11ABCDEFG0123456789_abcdefghijklmnop": "GitHub fine-grained token",
        "xox" + "b-1234567890-abcdefghijkl": "Slack token",
        "https://hooks.slack.com/services/" + "T0001/B0002/xyz": "Slack webhook",
        'SECRET_KEY = "' + "q8Zr3vX1mK9pT4wL7sN2bY6cF0hJ5dG" + '"': (
            "random-looking value assigned to SECRET_KEY"
        ),
        "DATABASE_URL=postgresql://app:" + "Xq7vR2mL9tK4wP8s@db/app": "password in a URL",
    }
    for text, what in samples.items():
        assert [found for _, found in find_secrets(text)] == [what], text
    harmless = [
        'SECRET_KEY = "dev-only-insecure-key"',
        'password = "correct horse battery staple"',
        'PASSWORD = "password-for-tests-only-1234"',
        'TOKEN = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
        'secret = f"{prefix}-{uuid4().hex}-{suffix}-abcdefgh"',
        "api_key = os.environ['TALENT_BRIDGE_API_KEY_FOR_TESTS']",
        'GITHUB_TOKEN_URL = "https://github.com/login/oauth/access_token"',
        "TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test",
    ]
    for text in harmless:
        assert find_secrets(text) == [], text
