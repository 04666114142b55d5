"""Skill names compared through the canonical taxonomy, and found in free text as whole phrases.

A wanted skill the taxonomy knows matches any alias of it, in English or Russian, in the offered
list or in the text ("PostgreSQL" is met by "postgres", "Machine learning" by "машинного
обучения"), and is reported by its English label. A skill the taxonomy does not know is compared
by its normalised wording and reported as the user wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from matcher.taxonomy import Taxonomy, load_taxonomy

_SPACE = re.compile(r"\s+")
# Keep the symbols that make skills distinct: C++, C#, .NET, Node.js.
_EDGE = re.compile(r"^[^\w+#.]+|[^\w+#]+$")


def normalise_skill(name: str) -> str:
    """Return the comparable form of a skill name: case-folded, single-spaced, trimmed."""
    return _EDGE.sub("", _SPACE.sub(" ", name.casefold()).strip())


def _mentions(phrase: str, text: str) -> bool:
    if phrase not in text:
        return False
    return re.search(rf"(?<![\w+#]){re.escape(phrase)}(?![\w+#])", text) is not None


@dataclass(frozen=True)
class SkillOverlap:
    """Which wanted skills a candidate offers and which are missing."""

    matched: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def score(self) -> float | None:
        """Return the share of wanted skills matched, or None when none were wanted."""
        wanted = len(self.matched) + len(self.missing)
        return len(self.matched) / wanted if wanted else None


def offered_skill_ids(
    offered: Iterable[str], text: str = "", taxonomy: Taxonomy | None = None
) -> frozenset[str]:
    """Return the canonical ids a candidate offers: listed skills and skills named in its text."""
    return _offered_ids(tuple(offered), text, taxonomy or load_taxonomy())


# Each query ranks about a hundred candidates, mostly the same people query after query, and
# finding skills in their texts was half of ranking them; ten thousand texts are ~15 MB.
@lru_cache(maxsize=10_000)
def _offered_ids(offered: tuple[str, ...], text: str, taxonomy: Taxonomy) -> frozenset[str]:
    ids = set()
    for name in offered:
        skill = taxonomy.lookup(name)
        # An entry like "Python/Django" or "опыт с PostgreSQL" names skills without being one.
        ids.update([skill.id] if skill else (s.id for s in taxonomy.find_in_text(name)))
    if text:
        ids.update(skill.id for skill in taxonomy.find_in_text(text))
    return frozenset(ids)


def skill_overlap(wanted: Iterable[str], offered: Iterable[str], text: str = "") -> SkillOverlap:
    """Compare wanted skills with offered ones, also accepting a mention in the free text."""
    taxonomy = load_taxonomy()
    offered = list(offered)
    offered_ids = offered_skill_ids(offered, text, taxonomy)
    seen: set[str] = set()
    matched, missing = [], []
    unknown_forms: frozenset[str] | None = None
    folded_text = ""
    for name in wanted:
        skill = _wanted_skill(name, taxonomy)
        if skill is None:
            continue
        if skill.known:
            met = skill.key in offered_ids
        else:
            if unknown_forms is None:
                # Only skills the taxonomy lacks need the old comparison by wording.
                unknown_forms = _forms(tuple(offered))
                folded_text = " ".join(text.casefold().split())
            met = (
                skill.key in unknown_forms
                or bool(folded_text and _mentions(skill.key, folded_text))
                or bool(skill.named and skill.named <= offered_ids)
            )
        if skill.key not in seen:
            seen.add(skill.key)
            (matched if met else missing).append(skill.label)
    return SkillOverlap(tuple(matched), tuple(missing))


@dataclass(frozen=True)
class _WantedSkill:
    """How a wanted skill is compared: by canonical id (known) or by its normalised wording."""

    key: str
    label: str
    known: bool
    named: frozenset[str] = frozenset()


# A query compares the same wanted skills with a hundred candidates, and a listing's or a
# profile's skills recur query after query: each name is normalised and looked up once.
@lru_cache(maxsize=50_000)
def _wanted_skill(name: str, taxonomy: Taxonomy) -> _WantedSkill | None:
    form = normalise_skill(name)
    if not form:
        return None
    skill = taxonomy.lookup(name)
    if skill is not None:
        return _WantedSkill(skill.id, skill.label, known=True)
    named = frozenset(s.id for s in taxonomy.find_in_text(name))
    return _WantedSkill(form, name, known=False, named=named)


@lru_cache(maxsize=10_000)
def _forms(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_skill(name) for name in names)
