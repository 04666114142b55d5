"""Loaders that turn the benchmark folders into retrieval tasks over one shared text."""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20221  # fixed so every run samples the same queries
MAX_QUERIES = 2000


@dataclass(frozen=True)
class Task:
    """Queries, a corpus and which corpus rows are relevant to each query."""

    name: str
    queries: list[str]
    relevant: list[frozenset[int]]
    corpus: list[str]
    labels: str
    query_skills: list[list[str]] | None = None
    corpus_skills: list[list[str]] | None = None
    dropped: int = 0
    extra: dict = field(default_factory=dict)


def sample_indices(count: int, limit: int = MAX_QUERIES, seed: int = SEED) -> list[int]:
    """Return a sorted, deterministic sample of at most limit positions out of count."""
    if count <= limit:
        return list(range(count))
    return sorted(random.Random(seed).sample(range(count), limit))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def esco_occupations(bench: Path) -> tuple[list[str], list[str]]:
    """Return ESCO occupation URIs and texts: label, alternative labels and description."""
    uris, texts = [], []
    for row in _read_csv(bench / "esco" / "occupations_en.csv"):
        alt = "; ".join(_lines(row.get("altLabels") or ""))
        parts = [row["preferredLabel"], alt, (row.get("description") or "").strip()]
        uris.append(row["conceptUri"])
        texts.append(". ".join(part for part in parts if part))
    return uris, texts


def load_jobbert_titles(bench: Path, limit: int = MAX_QUERIES) -> Task:
    """English vacancy title -> ESCO occupation (label + alt labels + description)."""
    uris, corpus = esco_occupations(bench)
    position = {uri: row for row, uri in enumerate(uris)}
    rows = _read_csv(bench / "jobbert_titles" / "titles.csv")
    known = [row for row in rows if row["conceptUri"] in position and row["vacancyTitle"].strip()]
    picked = [known[i] for i in sample_indices(len(known), limit)]
    return Task(
        name="jobbert_titles",
        queries=[row["vacancyTitle"].strip() for row in picked],
        relevant=[frozenset({position[row["conceptUri"]]}) for row in picked],
        corpus=corpus,
        labels="each title's conceptUri as tagged in the JobBERT dev split (titles.csv)",
        dropped=len(rows) - len(known),
    )


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if row]


def melo_baselines(folder: Path) -> dict[str, dict[str, float]]:
    """Return the published baseline metrics found in the folder's *.summary.tsv files."""
    baselines = {}
    for path in sorted(folder.glob("baseline_*.summary.tsv")):
        name = path.name.removeprefix("baseline_").removesuffix(".summary.tsv")
        rows = _read_tsv(path)[1:]
        baselines[name] = {metric: float(value) for metric, value in rows}
    return baselines


def load_melo(bench: Path, limit: int = MAX_QUERIES) -> Task:
    """MELO usa_q_en_c_en: O*NET title -> ESCO occupation surface forms (several relevant)."""
    folder = bench / "melo" / "usa_q_en_c_en"
    query_rows = _read_tsv(folder / "queries.tsv")
    corpus_rows = _read_tsv(folder / "corpus_elements.tsv")
    position = {row[0]: index for index, row in enumerate(corpus_rows)}
    relevant: dict[str, set[int]] = {}
    for query_id, _, element_id, grade in _read_tsv(folder / "annotations.tsv"):
        if int(grade) > 0 and element_id in position:
            relevant.setdefault(query_id, set()).add(position[element_id])
    usable = [row for row in query_rows if row[0] in relevant]
    picked = [usable[i] for i in sample_indices(len(usable), limit)]
    return Task(
        name="melo_en",
        queries=[row[1] for row in picked],
        relevant=[frozenset(relevant[row[0]]) for row in picked],
        corpus=[row[1] for row in corpus_rows],
        labels="MELO annotations.tsv: every ESCO surface form of the query's linked occupations",
        dropped=len(query_rows) - len(usable),
        extra={"baselines": melo_baselines(folder)},
    )


def _split_skills(value: str) -> list[str]:
    return [skill.strip() for skill in value.split(" | ") if skill.strip()]


def load_esco_skills_to_occupation(bench: Path, limit: int = MAX_QUERIES) -> Task:
    """Profile of an occupation's essential skills -> occupation (label + description only)."""
    rows = _read_csv(bench / "esco" / "DERIVED_occupation_skills.csv")
    corpus = [". ".join(p for p in (row["label"], row["description"].strip()) if p) for row in rows]
    usable = [index for index, row in enumerate(rows) if _split_skills(row["essential_skills"])]
    picked = [usable[i] for i in sample_indices(len(usable), limit)]
    query_skills = [_split_skills(rows[index]["essential_skills"]) for index in picked]
    return Task(
        name="esco_skills_to_occupation",
        queries=["Skills: " + ", ".join(skills) for skills in query_skills],
        relevant=[frozenset({index}) for index in picked],
        corpus=corpus,
        labels="the occupation whose essential skills form the query profile",
        query_skills=query_skills,
        # The occupation's essential skills would leak the answer; its optional ones stand in.
        corpus_skills=[_split_skills(row["optional_skills"]) for row in rows],
        dropped=len(rows) - len(usable),
    )


def hh_roles(bench: Path) -> dict[str, str]:
    """Return hh.ru professional role names by role id."""
    data = json.loads((bench / "hh_ru_titles" / "professional_roles.json").read_text("utf-8"))
    return {role["id"]: role["name"] for group in data["categories"] for role in group["roles"]}


def load_hh_ru_role(bench: Path, limit: int = MAX_QUERIES) -> Task:
    """Russian hh.ru vacancy title -> hh.ru professional role name."""
    roles = hh_roles(bench)
    ids = sorted(roles, key=int)
    position = {role_id: row for row, role_id in enumerate(ids)}
    rows = _read_csv(bench / "hh_ru_titles" / "hh_vacancies.csv")
    known = [row for row in rows if row["role_id"] in position and row["title"].strip()]
    picked = [known[i] for i in sample_indices(len(known), limit)]
    return Task(
        name="hh_ru_role",
        queries=[row["title"].strip() for row in picked],
        relevant=[frozenset({position[row["role_id"]]}) for row in picked],
        corpus=[roles[role_id] for role_id in ids],
        labels="role_id given by the employer on hh.ru; roles not in the dictionary are dropped",
        dropped=len(rows) - len(known),
    )


LOADERS = {
    "jobbert_titles": load_jobbert_titles,
    "melo_en": load_melo,
    "esco_skills_to_occupation": load_esco_skills_to_occupation,
    "hh_ru_role": load_hh_ru_role,
}
