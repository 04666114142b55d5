"""Every interface string has a Russian translation, and the compiled catalogues are current."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from web.translations_tool import catalogues, compiled

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}


def interface_strings() -> dict[str, str]:
    """Return every translatable string in web/, with where it was found."""
    method_map = [("web/**.py", "python"), ("web/templates/**.html", "jinja2")]
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, keywords=KEYWORDS
    ):
        message = message[0] if isinstance(message, tuple) else message
        found.setdefault(message, f"{filename}:{lineno}")
    return found


def russian() -> dict[str, str]:
    translated = {}
    for path in catalogues():
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string:
                    translated[message.id if isinstance(message.id, str) else message.id[0]] = (
                        message.string
                    )
    return translated


def test_every_interface_string_has_a_russian_translation():
    known = russian()
    missing = {text: where for text, where in interface_strings().items() if text not in known}

    assert missing == {}, "add these to a web/translations/*/ru/LC_MESSAGES/messages.po"


def test_compiled_catalogues_match_their_sources():
    stale = [
        str(po)
        for po in catalogues()
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").read_bytes() != compiled(po)
    ]

    assert stale == [], "run: python scripts/compile_translations.py"
