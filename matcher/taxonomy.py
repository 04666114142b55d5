"""Canonical skills from ESCO and O*NET with English and Russian aliases, found by name or in text.

The data (matcher/data/skills_taxonomy.json.gz) is built by scripts/build_taxonomy.py; the
hand-curated aliases (matcher/data/skill_aliases_ru.tsv) are merged in when it is loaded.
Names are compared after case folding, and words after Snowball stemming (Russian for
Cyrillic words, English for Latin ones), so "машинного обучения" finds "машинное обучение".
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matcher.errors import MatcherError

DATA_DIR = Path(__file__).parent / "data"
TAXONOMY_FILE = "skills_taxonomy.json.gz"
ALIASES_FILE = "skill_aliases_ru.tsv"

_EDGE = re.compile(r"^[^\w+#.]+|[^\w+#]+$")
# A word, keeping the symbols that make skills distinct: C++, C#, .NET, Node.js, 3D.
_TOKEN = re.compile(r"\.?[^\W_]+(?:[.'’][^\W_]+)*[+#]*")
_LATIN = re.compile(r"[a-z]+")
_CYRILLIC = re.compile(r"[а-я]+")
# What a skills list adds to a name: "Python 3", "Java (advanced)", "SQL - expert".
_VERSION = re.compile(r"(?:\s*\([^()]*\)?|\s+v?\d+(?:\.x|\.\d+)*\+?|\s+[-:]\s.*)$")
_TRANSLATE = str.maketrans({"ё": "е", "’": "'", "‘": "'", "–": "-", "—": "-", "\u00a0": " "})
# One-word aliases that are ordinary words far more often than skills: found by lookup, never in
# running text ("Project" is Microsoft Project in a skills list, not in "a project I led").
_NO_FREE_TEXT = frozenset(
    """a an and art arts as at be by do for go in is it of on or our the to up us we with use
    using work team time data design support service services office project word basic access
    air ant architect assembly bars betting bind blast blink calendar call calm cameras canvas
    captivate chef chips classroom clinical computer consultation controllers designer dies
    director docs drive dynamics edge email energy etc exchange expo ferret flex forth grass hack
    hair harvest icon imagine inventor julia less logic logging loom magic maintenance mars maya
    meet migration mocha myrtle notes pass paint painter pest pig presentation presenter pro
    publisher rage reports safari salt scheme sheets she shiva sites slides software source swim
    tax teams therapist treat trojan turing urban wonder google illustrator premiere rails spring
    shell editor networking embedded compliance sam com cis mis doe nec sis cops paws pow
    analytics audition act ecosystems
    и в во на с со по для это как не или из к у о от за мо""".split()
)
# Product names that are also common words count in running text only as written: "React", "Excel".
_CASE_ONLY = frozenset(
    """excel spark react angular swift ruby rust unity zoom chrome windows outlook slack blender
    hive flask delphi elixir puppet scratch""".split()
)
# Short capitalised words that are ordinary English even when written in capitals.
_CASE_DENY = frozenset(
    "AN AS AT BE BY DO GO IF IN IS IT ME MY NO OF OK ON OR SO TO UP US WE".split()
)
_MAX_STEM_CACHE = 200_000
_MAX_LOOKUP_CACHE = 100_000
_MAX_TEXT_CACHE = 4_096


class TaxonomyError(MatcherError):
    """The skills taxonomy data is missing or inconsistent."""


@dataclass(frozen=True)
class CanonicalSkill:
    """One skill of the taxonomy: a stable id, its English label and where it comes from."""

    id: str
    label: str
    source: str  # "esco", "onet" or "custom"


def slug(label: str) -> str:
    """Return an id-safe form of a label: "C++" -> "c-plus-plus", "Node.js" -> "node-js"."""
    text = label.casefold().replace("+", " plus ").replace("#", " sharp ").replace("&", " and ")
    return re.sub(r"[\W_]+", "-", text).strip("-")


def normalise(name: str) -> str:
    """Return the comparable form of a name: case-folded, ё as е, single-spaced, trimmed."""
    text = name.casefold()
    if not text.isascii():
        text = text.translate(_TRANSLATE)
    return _EDGE.sub("", " ".join(text.split()))


class _Stems(threading.local):
    # Stemmer objects are not thread-safe; each thread gets its own pair.
    def __init__(self) -> None:
        import Stemmer

        self.en = Stemmer.Stemmer("english")
        self.ru = Stemmer.Stemmer("russian")


_stemmers = _Stems()
_stem_cache: dict[str, str] = {}


def _stem(word: str) -> str:
    # Keyed by the word as written, so a text's words need no case folding once seen.
    folded = word.casefold()
    if "ё" in folded:
        folded = folded.replace("ё", "е")
    if len(folded) <= 3:
        key = folded  # "ATS" is not "at", nor "AWS" "aw".
    elif _LATIN.fullmatch(folded):
        key = _stemmers.en.stemWord(folded)
    elif _CYRILLIC.fullmatch(folded):
        key = _stemmers.ru.stemWord(folded)
    else:
        key = folded
    if len(_stem_cache) > _MAX_STEM_CACHE:
        _stem_cache.clear()
    _stem_cache[word] = key
    return key


def tokens(text: str) -> tuple[list[str], list[str]]:
    """Return the words of a text as written and their stemmed, case-folded keys."""
    raw = _TOKEN.findall(text)
    cached = _stem_cache.get
    return raw, [cached(word) or _stem(word) for word in raw]


class Taxonomy:
    """Canonical skills with their aliases, looked up by name and found in free text."""

    def __init__(self, skills: list[CanonicalSkill], aliases: list[tuple[int, str, int]]) -> None:
        """Index skills and their aliases: (skill index, alias, priority; lower wins).

        An alias written "=name" is matched as a whole skill name only, never in running text.
        """
        self._skills = skills
        self._by_id = {skill.id: i for i, skill in enumerate(skills)}
        self._lookups: dict[str, int | None] = {}
        self._mentions: dict[str, tuple[int, ...]] = {}
        self._exact: dict[str, tuple[int, int]] = {}
        self._stemmed: dict[tuple[str, ...], tuple[int, int]] = {}
        self._free_entries: dict[tuple[str, ...], tuple[int, int]] = {}
        self._case_entries: dict[str, tuple[int, int]] = {}
        self._word_entries: dict[str, tuple[int, int]] = {}
        self.alias_counts = {"en": 0, "ru": 0}
        for index, alias, priority in aliases:
            self._add(index, alias, priority)
        # Matching needs the skill only, not the priority that chose it.
        self._free = {key: entry[1] for key, entry in self._free_entries.items()}
        self._case = {word: entry[1] for word, entry in self._case_entries.items()}
        self._words = {word: entry[1] for word, entry in self._word_entries.items()}
        word_stems = {_stem(word) for word in self._words}
        self._prefixes = {key[:n] for key in self._free for n in range(1, len(key) + 1)}
        self._first = {key[0] for key in self._free} | word_stems

    def _add(self, index: int, alias: str, priority: int) -> None:
        lookup_only = alias.startswith("=")
        alias = alias.removeprefix("=")
        form = normalise(alias)
        raw, keys = tokens(alias)
        if not form or not keys:
            return
        self.alias_counts["ru" if re.search("[а-яё]", form) else "en"] += 1
        entry = (priority, index)
        _keep_best(self._exact, form, entry)
        key = tuple(keys)
        _keep_best(self._stemmed, key, entry)
        where = None if lookup_only else _free_text_use(raw, keys)
        if where == "stem":
            _keep_best(self._free_entries, key, entry)
        elif where == "case":
            _keep_best(self._case_entries, raw[0], entry)
        elif where == "word":
            word = raw[0].casefold()
            plural = word[:-1] if word.endswith("s") and not word.endswith("ss") else word + "s"
            for variant in (word, plural):
                _keep_best(self._word_entries, variant, entry)

    def __len__(self) -> int:
        return len(self._skills)

    def get(self, skill_id: str) -> CanonicalSkill | None:
        """Return the skill with this id, or None."""
        index = self._by_id.get(skill_id)
        return None if index is None else self._skills[index]

    def label(self, skill_id: str) -> str:
        """Return the English preferred label of a skill id."""
        index = self._by_id.get(skill_id)
        if index is None:
            raise KeyError(skill_id)
        return self._skills[index].label

    def lookup(self, name: str) -> CanonicalSkill | None:
        """Return the skill a whole name stands for (any alias, English or Russian), or None."""
        # Skill lists repeat the same few thousand names; remember the answers.
        index = self._lookups.get(name, -1)
        if index == -1:
            index = self._lookup_index(name)
            if len(self._lookups) >= _MAX_LOOKUP_CACHE:
                self._lookups.clear()
            self._lookups[name] = index
        return None if index is None else self._skills[index]

    def _lookup_index(self, name: str) -> int | None:
        form = normalise(name)
        for candidate in (form, _VERSION.sub("", form)):
            if candidate in self._exact:
                return self._exact[candidate][1]
            entry = self._stemmed.get(tuple(tokens(candidate)[1]))
            if entry is not None:
                return entry[1]
        return None

    def canonical_ids(self, names: Iterable[str]) -> set[str]:
        """Return the ids of the names the taxonomy knows; unknown names are left out."""
        return {skill.id for skill in map(self.lookup, names) if skill is not None}

    def find_in_text(self, text: str) -> list[CanonicalSkill]:
        """Return the skills a text mentions as whole phrases, longest phrase winning, in order."""
        # Ranking scans the same profile and listing texts for query after query.
        found = self._mentions.get(text)
        if found is None:
            found = self._scan(text)
            if len(self._mentions) >= _MAX_TEXT_CACHE:
                self._mentions.clear()
            self._mentions[text] = found
        return [self._skills[index] for index in found]

    def _scan(self, text: str) -> tuple[int, ...]:
        raw, keys = tokens(text)
        first, prefixes, free, case, words = (
            self._first,
            self._prefixes,
            self._free,
            self._case,
            self._words,
        )
        # Most words start no alias: visit only the positions that may.
        starts = [i for i, key in enumerate(keys) if key in first or raw[i] in case]
        found: dict[int, None] = {}
        n, end = len(keys), 0
        for i in starts:
            if i < end:
                continue
            index = None
            key = (keys[i],)
            j = i + 1
            while key in prefixes:
                if key in free:
                    end, index = j, free[key]
                if j >= n:
                    break
                key += (keys[j],)
                j += 1
            if index is None:
                word = raw[i].casefold()
                if word in words:
                    end, index = i + 1, words[word]
                elif raw[i] in case:
                    end, index = i + 1, case[raw[i]]
            if index is not None:
                found[index] = None
        return tuple(found)


def _keep_best(table: dict, key, entry: tuple[int, int]) -> None:
    if key not in table or entry < table[key]:
        table[key] = entry


def _free_text_use(raw: list[str], keys: list[str]) -> str | None:
    """Say how an alias may be found in running text: by stem, by case, as a word, or not at all."""
    folded = [word.casefold() for word in raw]
    if len(raw) > 1:
        return None if all(word in _NO_FREE_TEXT for word in folded) else "stem"
    word, folded = raw[0], folded[0]
    if len(folded) == 1 or folded in _NO_FREE_TEXT:
        return None
    if folded in _CASE_ONLY:
        return "case"
    if len(folded) == 2 and folded.isalpha():
        # "ML", "UX", "ИИ" stand for skills when written in capitals; "ml" need not.
        return "case" if word.isupper() and word not in _CASE_DENY else None
    if _LATIN.fullmatch(folded) and keys[0] != folded:
        # English stems conflate too much for a lone word ("audition" and "audit", "securities"
        # and "security"); a phrase's other words keep stemmed matches apart, a lone word must
        # be written as it is.
        return "word"
    return "stem"


def _read_curated(path: Path) -> list[tuple[str, list[str]]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        target, _, names = line.partition("\t")
        aliases = [name.strip() for name in names.split(";") if name.strip()]
        if not target.strip() or not aliases:
            raise TaxonomyError(f"{path.name} line {number}: expected 'skill<TAB>alias; alias'")
        rows.append((target.strip(), aliases))
    return rows


def build_taxonomy(data: dict, curated: list[tuple[str, list[str]]]) -> Taxonomy:
    """Build a taxonomy from the shipped data and the curated alias rows."""
    skills, aliases = [], []
    names_seen: dict[str, tuple[int, int]] = {}
    for index, (skill_id, label, source, names) in enumerate(data["skills"]):
        skills.append(CanonicalSkill(skill_id, label, source))
        aliases.append((index, label, 1))
        aliases += [(index, name, 2) for name in names]
    for index, name, priority in aliases:
        _keep_best(names_seen, name.casefold(), (priority, index))
    by_id = {skill.id: i for i, skill in enumerate(skills)}
    for target, names in curated:
        if target.startswith("new:"):
            skill = CanonicalSkill(f"custom:{slug(target[4:])}", target[4:].strip(), "custom")
            if skill.id in by_id:
                raise TaxonomyError(f"{ALIASES_FILE}: {skill.id} is defined twice")
            by_id[skill.id] = len(skills)
            skills.append(skill)
            names = [skill.label, *names]
        elif target in by_id:
            skill = skills[by_id[target]]
        elif target.casefold() in names_seen:
            skill = skills[names_seen[target.casefold()][1]]
        else:
            raise TaxonomyError(f"{ALIASES_FILE}: no skill named {target!r}")
        aliases += [(by_id[skill.id], name, 0) for name in names]
    return Taxonomy(skills, aliases)


@lru_cache(maxsize=4)
def load_taxonomy(directory: Path = DATA_DIR) -> Taxonomy:
    """Load the taxonomy once per process from the package data."""
    try:
        with gzip.open(directory / TAXONOMY_FILE, "rt", encoding="utf-8") as f:
            data = json.load(f)
        curated = _read_curated(directory / ALIASES_FILE)
    except (OSError, ValueError) as error:
        raise TaxonomyError(
            f"cannot read the skills taxonomy in {directory}: {error}; "
            "rebuild it with `python -m scripts.build_taxonomy`"
        ) from error
    return build_taxonomy(data, curated)
