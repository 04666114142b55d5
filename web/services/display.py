"""Codes and match explanations as words in the reader's language.

The matcher writes each constraint's `detail` as an English sentence. The sentences follow a small,
fixed set of shapes (see `matcher.constraints`); each shape is read back into its parts here and
written again from a translated template, with country and language names in the reader's
language. A sentence of an unknown shape is shown as the library wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

import pycountry
from babel import Locale
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

FIELD_LABELS = {
    "it": _l("IT and software"),
    "academia": _l("Academia and research"),
    "media": _l("Media and journalism"),
    "arts": _l("Arts and culture"),
    "education": _l("Education"),
    "business": _l("Business"),
    "other": _l("Other"),
}
KIND_LABELS = {
    "job": _l("Job"),
    "fellowship": _l("Fellowship"),
    "grant": _l("Grant"),
    "investment": _l("Investment"),
}
CONSTRAINT_LABELS = {
    "language": _l("Language"),
    "location": _l("Where to work"),
    "experience": _l("Experience"),
    "kind": _l("Kind of opening"),
    "deadline": _l("Deadline"),
}
# What each part of a match score measures, in the words a reader would use.
PART_LABELS = {
    "semantic": _l("meaning"),
    "lexical": _l("shared words"),
    "skills": _l("skills"),
    "language": _l("languages"),
    "seniority": _l("experience"),
    "constraints": _l("other requirements"),
}

SECTION_LABELS = {
    "headline and skills": _l("headline and skills"),
    "title and skills": _l("title and skills"),
    "summary": _l("summary"),
    "description": _l("description"),
    "education": _l("education"),
}
# The matcher's plural kind names, as they appear in "seeks jobs".
_KIND_PLURALS = {"jobs": "job", "fellowships": "fellowship", "grants": "grant"}


def _locale() -> Locale:
    return get_locale() or Locale("en")


def field_name(code: str | None) -> str:
    """Return the name of a professional field code."""
    return str(FIELD_LABELS.get(code, code or ""))


def kind_name(code: str | None) -> str:
    """Return the name of a listing kind (job, fellowship, grant, investment)."""
    return str(KIND_LABELS.get(code, code or ""))


def level_name(level: str | None) -> str:
    """Return a CEFR level as shown: the level itself, or `native` translated."""
    return _("native") if level == "native" else (level or "")


def country_name(code: str | None) -> str:
    """Return the name of an ISO 3166-1 country code in the reader's language."""
    if not code:
        return ""
    return dict(_countries(str(_locale()))).get(code.upper(), code)


def language_name(code: str | None, capital: bool = False) -> str:
    """Return the name of an ISO 639-1 language code in the reader's language."""
    if not code:
        return ""
    name = dict(_languages(str(_locale()))).get(code.lower(), code)
    # Russian writes language names in lower case, except at the start of a line.
    return _capitalised(name) if capital else name


def country_choices() -> list[tuple[str, str]]:
    """Return every (code, name) country, sorted by name in the reader's language."""
    return _countries(str(_locale()))


def language_choices() -> list[tuple[str, str]]:
    """Return every (code, name) ISO 639-1 language, sorted by name in the reader's language."""
    return [(code, _capitalised(name)) for code, name in _languages(str(_locale()))]


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _sort_key(name: str) -> str:
    # Ё sorts with Е in Russian dictionaries, not after Я as its code point would.
    return name.casefold().replace("ё", "е")


@lru_cache(maxsize=8)
def _countries(locale: str) -> list[tuple[str, str]]:
    names = Locale.parse(locale).territories
    pairs = [(c.alpha_2, names.get(c.alpha_2) or c.name) for c in pycountry.countries]
    return sorted(pairs, key=lambda pair: _sort_key(pair[1]))


@lru_cache(maxsize=8)
def _languages(locale: str) -> list[tuple[str, str]]:
    names = Locale.parse(locale).languages
    pairs = []
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code:
            pairs.append((code, names.get(code) or language.name))
    return sorted(pairs, key=lambda pair: _sort_key(pair[1]))


def _language_level(code: str, level: str) -> str:
    return f"{language_name(code)} {level_name(level)}"


def _on(day: str) -> str:
    try:
        return format_date(date.fromisoformat(day), "medium")
    except ValueError:
        return day


def _kinds(plural: str) -> str:
    return kind_name(_KIND_PLURALS.get(plural, plural)).lower()


# (shape of the matcher's sentence, how to write it again); first match wins.
_DETAILS: list[tuple[re.Pattern, Callable[[dict], str]]] = [
    (
        re.compile(r"needs (?P<code>[a-z]{2}) (?P<level>\w+), not listed"),
        lambda m: _("needs %(need)s, not listed", need=_language_level(m["code"], m["level"])),
    ),
    (
        re.compile(r"needs (?P<code>[a-z]{2}) (?P<level>\w+), has (?P<has>\w+)"),
        lambda m: _(
            "needs %(need)s, has %(has)s",
            need=_language_level(m["code"], m["level"]),
            has=level_name(m["has"]),
        ),
    ),
    (
        re.compile(r"remote role; profile prefers on-site"),
        lambda m: _("remote role, but on-site work is preferred"),
    ),
    (re.compile(r"remote"), lambda m: _("remote")),
    (
        re.compile(r"may work in (?P<c>[A-Z]{2})"),
        lambda m: _("may work in %(country)s", country=country_name(m["c"])),
    ),
    (
        re.compile(
            r"visa sponsorship offered for (?P<c>[A-Z]{2}),"
            r" not among the countries they would move to"
        ),
        lambda m: _(
            "visa sponsorship offered for %(country)s, but it is not among the countries they"
            " would move to",
            country=country_name(m["c"]),
        ),
    ),
    (
        re.compile(r"visa sponsorship offered for (?P<c>[A-Z]{2})"),
        lambda m: _("visa sponsorship offered for %(country)s", country=country_name(m["c"])),
    ),
    (
        re.compile(r"lives in (?P<c>[A-Z]{2})"),
        lambda m: _("lives in %(country)s", country=country_name(m["c"])),
    ),
    (
        re.compile(
            r"would move to (?P<c>[A-Z]{2}), but has no right to work there"
            r" and no sponsorship is offered"
        ),
        lambda m: _(
            "would move to %(country)s, but has no right to work there and no visa"
            " sponsorship is offered",
            country=country_name(m["c"]),
        ),
    ),
    (
        re.compile(r"based in (?P<c>[A-Z]{2}); no right to work there, no sponsorship offered"),
        lambda m: _(
            "based in %(country)s; no right to work there and no visa sponsorship offered",
            country=country_name(m["c"]),
        ),
    ),
    (
        re.compile(r"needs (?P<n>\d+)\+ years, not stated"),
        lambda m: _("needs %(n)s+ years, not stated", n=m["n"]),
    ),
    (
        re.compile(r"needs (?P<n>\d+)\+ years, has (?P<has>\d+)"),
        lambda m: _("needs %(n)s+ years, has %(has)s", n=m["n"], has=m["has"]),
    ),
    (
        re.compile(r"seeks (?P<kinds>\w+)"),
        lambda m: _("seeks: %(kind)s", kind=_kinds(m["kinds"])),
    ),
    (
        re.compile(r"does not seek (?P<kinds>\w+)"),
        lambda m: _("does not seek: %(kind)s", kind=_kinds(m["kinds"])),
    ),
    (
        re.compile(r"closed on (?P<day>[\d-]+)"),
        lambda m: _("closed on %(day)s", day=_on(m["day"])),
    ),
    (
        re.compile(r"open until (?P<day>[\d-]+)"),
        lambda m: _("open until %(day)s", day=_on(m["day"])),
    ),
]


def translate_detail(detail: str) -> str | None:
    """Return a constraint sentence in the reader's language, or None for an unknown shape."""
    for pattern, write in _DETAILS:
        found = pattern.fullmatch(detail)
        if found:
            return write(found.groupdict())
    return None


def section_label(label: str | None) -> str:
    """Return the label of a matched section (`experience: X`, `summary (part 2)`) translated."""
    if not label:
        return ""
    part = re.fullmatch(r"(?P<base>.*) \(part (?P<n>\d+)\)", label)
    if part:
        return _("%(section)s (part %(n)s)", section=section_label(part["base"]), n=part["n"])
    if label.startswith("experience: "):
        return _("experience: %(title)s", title=label.removeprefix("experience: "))
    return str(SECTION_LABELS.get(label, label))


def describe_match(explanation: dict) -> dict:
    """Return a match explanation ready to show: translated labels and sentences."""
    semantic = explanation.get("semantic", {})
    skills = explanation.get("skills") or {}
    constraints = [
        {
            "name": item["name"],
            "label": str(CONSTRAINT_LABELS.get(item["name"], item["name"])),
            "met": bool(item["met"]),
            "text": translate_detail(item["detail"]) or item["detail"],
        }
        for item in explanation.get("constraints", [])
    ]
    parts = [
        {"name": name, "label": str(PART_LABELS.get(name, name)), "value": value}
        for name, value in (explanation.get("parts") or {}).items()
    ]
    return {
        "similarity": semantic.get("similarity"),
        "parts": parts,
        "matched_section": section_label(semantic.get("matched_section")),
        "query_section": section_label(semantic.get("query_section")),
        "skills_matched": list(skills.get("matched", [])),
        "skills_missing": list(skills.get("missing", [])),
        "constraints": constraints,
        "constraints_missed": sum(not item["met"] for item in constraints),
    }
