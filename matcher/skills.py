"""Skill names compared after normalisation, and found in free text as whole phrases."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")
# Keep the symbols that make skills distinct: C++, C#, .NET, Node.js.
_EDGE = re.compile(r"^[^\w+#.]+|[^\w+#]+$")


def normalise_skill(name: str) -> str:
    """Return the comparable form of a skill name: case-folded, single-spaced, trimmed."""
    return _EDGE.sub("", _SPACE.sub(" ", name.casefold()).strip())


def _mentions(phrase: str, text: str) -> bool:
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


def skill_overlap(wanted: Iterable[str], offered: Iterable[str], text: str = "") -> SkillOverlap:
    """Compare wanted skills with offered ones, also accepting a mention in the free text."""
    offered_forms = {normalise_skill(name) for name in offered}
    folded_text = _SPACE.sub(" ", text.casefold())
    matched, missing = [], []
    for name in wanted:
        form = normalise_skill(name)
        if not form:
            continue
        if form in offered_forms or (folded_text and _mentions(form, folded_text)):
            matched.append(name)
        else:
            missing.append(name)
    return SkillOverlap(tuple(matched), tuple(missing))
