"""Names for screening: refuse bidirectional controls, and derive the blocking keys of a name.

Blocking keys let screening compare a query with a few dozen list entries instead of every one.
Each name part yields its comparable form, its metaphone, a consonant skeleton and the ids of the
name symbols it belongs to, so "Щербаков", "SHCHERBAKOV", "SCHERBAKOV" and "Sherbakov" share a key.
"""

from __future__ import annotations

import re
import unicodedata

# Explicit embeddings and overrides (LRE RLE PDF LRO RLO), isolates (LRI RLI FSI PDI), the
# left-to-right and right-to-left marks and the Arabic letter mark. Any of them can make a name
# read one way to a moderator and match another way.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")

# Bump when the key recipe changes: stored list versions built with another recipe are rebuilt.
KEY_RECIPE = 2

_DIGRAPHS = (
    ("shch", "s"),
    ("sch", "s"),
    ("sh", "s"),
    ("zh", "z"),
    ("ch", "c"),
    ("kh", "h"),
    ("th", "t"),
    ("ts", "c"),
    ("tz", "c"),
    ("ck", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("q", "k"),
    ("x", "ks"),
)
# "h" stays: Cyrillic х is romanised "h" by some and "kh" by others, both end up "h".
_VOWELS = re.compile(r"[aeiouyj]")
_REPEATS = re.compile(r"(.)\1+")


class BidiControlError(ValueError):
    """A name holds Unicode bidirectional control characters."""


def has_bidi_controls(value: str) -> bool:
    """Return True if the text holds a bidirectional control character."""
    return _BIDI.search(value) is not None


def reject_bidi_controls(value: str) -> str:
    """Return the name unchanged, or raise BidiControlError if it holds bidi controls.

    Usable as a pydantic AfterValidator on the private name fields.
    """
    if has_bidi_controls(value):
        raise BidiControlError(
            "contains invisible text-direction characters (U+202A–U+202E, U+2066–U+2069, "
            "U+200E, U+200F or U+061C); type the name without them"
        )
    return value


def strip_bidi_controls(value: str) -> str:
    """Return the text without bidirectional control characters."""
    return _BIDI.sub("", value)


def clean_name(value: str | None) -> str | None:
    """Return a name fit for matching: NFC, no bidi controls, trimmed, or None if empty."""
    if not value:
        return None
    return unicodedata.normalize("NFC", strip_bidi_controls(value)).strip() or None


def skeleton(comparable: str) -> str:
    """Return a consonant skeleton of a romanised name part ("shcherbakov" -> "srbkv").

    Spellings of one Russian name collapse to one skeleton: shch, sch and sh all become "s",
    kh and h become "h", vowels and y/j go.
    """
    text = comparable.lower()
    for digraph, replacement in _DIGRAPHS:
        text = text.replace(digraph, replacement)
    text = _VOWELS.sub("", text)
    return _REPEATS.sub(r"\1", text)


def name_parts(entity) -> list[list[set[str]]]:
    """Return, for each name of a followthemoney entity, the blocking keys of each of its parts."""
    from followthemoney.names import entity_names
    from rigour.names import NamePartTag, Symbol

    names = []
    for name in entity_names(entity, phonetics=True, numerics=False, consolidate=False):
        parts: list[set[str]] = []
        keyed: dict[int, set[str]] = {}
        for part in name.parts:
            if part.tag in (NamePartTag.STOP, NamePartTag.LEGAL):
                continue
            comparable = part.comparable
            if len(comparable) < 2:
                continue
            keys = {f"c:{comparable}"}
            if part.metaphone and len(part.metaphone) >= 2:
                keys.add(f"m:{part.metaphone}")
            bones = skeleton(comparable)
            if len(bones) >= 3:
                keys.add(f"s:{bones}")
            keyed[id(part)] = keys
            parts.append(keys)
        for span in name.spans:
            if span.symbol.category != Symbol.Category.NAME:
                continue
            for part in span.parts:
                if id(part) in keyed:
                    keyed[id(part)].add(f"y:{span.symbol.id}")
        if parts:
            names.append(parts)
    return names
