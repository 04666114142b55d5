"""Loaders that turn the benchmark folders into retrieval tasks over one shared text."""

from __future__ import annotations

import ast
import csv
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20221  # fixed so every run samples the same queries
MAX_QUERIES = 2000
# Hand-made: hh.ru professional role -> ISCO-08 unit groups (see docs/quality.md).
ROLE_ISCO = Path(__file__).with_name("hh_role_isco.csv")
# A role mapped to groups holding more ESCO occupations than this is too broad to be a label.
MAX_RELEVANT = 150


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
    # Graded relevance (corpus row -> gain) where the labels are graded, else None.
    gains: list[dict[int, float]] | None = None
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


def esco_isco_groups(bench: Path) -> list[str]:
    """Return each ESCO occupation's ISCO-08 unit group, in esco_occupations order."""
    return [row["iscoGroup"] for row in _read_csv(bench / "esco" / "occupations_en.csv")]


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


def role_isco_groups(bench: Path, path: Path | None = None) -> dict[str, frozenset[str]]:
    """Return ISCO groups by hh role id: mapped roles only, none over MAX_RELEVANT occupations."""
    sizes: dict[str, int] = {}
    for group in esco_isco_groups(bench):
        sizes[group] = sizes.get(group, 0) + 1
    rows = _read_csv(path or ROLE_ISCO)
    if (bench / "hh_ru_titles" / "professional_roles.json").exists():
        # The mapping was written against this dictionary; a renamed role needs a fresh look.
        names = hh_roles(bench)
        stale = [row["role_id"] for row in rows if names.get(row["role_id"]) != row["role_name"]]
        if stale or len(rows) != len(names):
            raise ValueError(f"hh_role_isco.csv does not match the hh role dictionary: {stale}")
    mapping = {}
    for row in rows:
        groups = frozenset(row["isco"].split())
        if groups and sum(sizes.get(group, 0) for group in groups) <= MAX_RELEVANT:
            mapping[row["role_id"]] = groups
    return mapping


def _hh_titles(bench: Path) -> list[tuple[str, str]]:
    rows = _read_csv(bench / "hh_ru_titles" / "hh_vacancies.csv")
    return [(row["title"].strip(), row["role_id"]) for row in rows if row["title"].strip()]


def load_cross_lingual_dev(bench: Path, limit: int = MAX_QUERIES) -> Task:
    """Russian hh.ru vacancy title -> English ESCO occupations in the title's role's ISCO groups."""
    _, corpus = esco_occupations(bench)
    groups = esco_isco_groups(bench)
    mapping = role_isco_groups(bench)
    titles = _hh_titles(bench)
    known = [(title, role) for title, role in titles if role in mapping]
    picked = [known[i] for i in sample_indices(len(known), limit)]
    relevant = [
        frozenset(row for row, group in enumerate(groups) if group in mapping[role])
        for _, role in picked
    ]
    return Task(
        name="cross_lingual_dev",
        queries=[title for title, _ in picked],
        relevant=relevant,
        corpus=corpus,
        labels="every ESCO occupation whose ISCO group the title's hh role maps to "
        "(hand-made scripts/evaluation/hh_role_isco.csv); unmapped or too broad roles dropped",
        dropped=len(titles) - len(known),
    )


def load_cross_lingual_reverse(bench: Path, limit: int = MAX_QUERIES) -> Task:
    """English ESCO occupation label -> the distinct Russian hh.ru titles of roles mapped to it."""
    mapping = role_isco_groups(bench)
    roles_of: dict[str, set[str]] = {}
    for title, role in _hh_titles(bench):
        if role in mapping:
            roles_of.setdefault(title, set()).add(role)
    corpus = sorted(roles_of)
    labels = [row["preferredLabel"] for row in _read_csv(bench / "esco" / "occupations_en.csv")]
    relevant_by_group: dict[str, set[int]] = {}
    for row, title in enumerate(corpus):
        for role in roles_of[title]:
            for group in mapping[role]:
                relevant_by_group.setdefault(group, set()).add(row)
    groups = esco_isco_groups(bench)
    usable = [row for row, group in enumerate(groups) if group in relevant_by_group]
    picked = [usable[i] for i in sample_indices(len(usable), limit)]
    return Task(
        name="cross_lingual_reverse",
        queries=[labels[row] for row in picked],
        relevant=[frozenset(relevant_by_group[groups[row]]) for row in picked],
        corpus=corpus,
        labels="the same hand-made role -> ISCO mapping read backwards: every distinct hh title "
        "whose role maps to the occupation's ISCO group",
        dropped=len(groups) - len(usable),
    )


_ANNOTATIONS = re.compile(r"ANNOTATOR_\d+_RANKINGS\s*=\s*(\[.*?\]\])", re.DOTALL)
VACANCIES = 5
ANNOTATED_CVS = 30  # CV files 1-30 carry annotations


def vanetik_orders(folder: Path) -> tuple[dict[int, list[list[int]]], int]:
    """Return the valid vacancy orders (best first) per CV number, and how many were invalid.

    The README reads each array as places: entry p names the vacancy (1-5, rows of
    5_vacancies.csv) the annotator put at place p. Arrays naming a vacancy twice cannot be
    read that way and are skipped.
    """
    text = (folder / "annotations-for-the-first-30-vacancies.txt").read_text("utf-8")
    orders: dict[int, list[list[int]]] = {}
    invalid = 0
    for match in _ANNOTATIONS.finditer(text):
        arrays = ast.literal_eval(re.sub(r"#[^\n]*", "", match.group(1)))
        for cv, order in enumerate(arrays, start=1):
            if sorted(order) != list(range(1, VACANCIES + 1)):
                invalid += 1
                continue
            orders.setdefault(cv, []).append(order)
    return orders, invalid


def vanetik_gains(orders: list[list[int]]) -> dict[int, float]:
    """Return each vacancy row's gain, 4 at place 1 down to 0 at place 5, mean of annotators."""
    gains = dict.fromkeys(range(VACANCIES), 0.0)
    for order in orders:
        for place, vacancy in enumerate(order):
            gains[vacancy - 1] += (VACANCIES - 1 - place) / len(orders)
    return gains


def _vanetik(bench: Path) -> tuple[list[str], list[int], list[str], list[dict[int, float]], int]:
    folder = bench / "vanetik_cv_vacancy"
    vacancies = [
        f"{row['job_title'].strip()}. {row['job_description'].strip()}"
        for row in _read_csv(folder / "5_vacancies.csv")
    ]
    orders, invalid = vanetik_orders(folder)
    cvs = sorted(orders)
    texts = [(folder / "CV_txt" / f"{cv}.txt").read_text("utf-8").strip() for cv in cvs]
    return texts, cvs, vacancies, [vanetik_gains(orders[cv]) for cv in cvs], invalid


def _best(gains: dict[int, float]) -> frozenset[int]:
    top = max(gains.values())
    return frozenset(item for item, gain in gains.items() if gain == top)


def load_vanetik_cv_vacancy(bench: Path, limit: int = MAX_QUERIES) -> Task:
    """CV -> the 5 vacancies, graded by the annotators' places (the direction they ranked in)."""
    texts, _, vacancies, gains, invalid = _vanetik(bench)
    picked = sample_indices(len(texts), limit)
    return Task(
        name="vanetik_cv_vacancy",
        queries=[texts[i] for i in picked],
        relevant=[_best(gains[i]) for i in picked],
        corpus=vacancies,
        labels="per CV the annotators' order of the 5 vacancies; gain 4 (place 1) .. 0 (place 5), "
        "mean of the annotators; relevant (MRR) = the vacancies with the top mean gain; "
        f"{invalid} arrays naming a vacancy twice skipped",
        gains=[gains[i] for i in picked],
        dropped=ANNOTATED_CVS - len(texts),
    )


def load_vanetik_vacancy_cv(bench: Path, limit: int = MAX_QUERIES) -> Task:
    """Vacancy -> the annotated CVs, graded by the place each CV's annotators gave the vacancy."""
    texts, _, vacancies, gains, invalid = _vanetik(bench)
    cvs = range(len(texts))
    by_vacancy = [{cv: gains[cv][v] for cv in cvs} for v in range(VACANCIES)]
    tops = [frozenset(cv for cv in cvs if v in _best(gains[cv])) for v in range(VACANCIES)]
    usable = [v for v in range(VACANCIES) if tops[v]]
    return Task(
        name="vanetik_vacancy_cv",
        queries=[vacancies[v] for v in usable],
        relevant=[tops[v] for v in usable],
        corpus=texts,
        labels="the same annotations read per vacancy: a CV's gain is 4 .. 0 by the place its "
        "annotators gave this vacancy; relevant (MRR) = CVs whose top vacancy it is",
        gains=[by_vacancy[v] for v in usable],
        dropped=VACANCIES - len(usable),
    )


LOADERS = {
    "jobbert_titles": load_jobbert_titles,
    "melo_en": load_melo,
    "esco_skills_to_occupation": load_esco_skills_to_occupation,
    "hh_ru_role": load_hh_ru_role,
    "cross_lingual_dev": load_cross_lingual_dev,
    "cross_lingual_reverse": load_cross_lingual_reverse,
    "vanetik_cv_vacancy": load_vanetik_cv_vacancy,
    "vanetik_vacancy_cv": load_vanetik_vacancy_cv,
}
