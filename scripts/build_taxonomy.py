"""Build the shipped skills taxonomy (matcher/data/skills_taxonomy.json.gz) from ESCO and O*NET.

Usage: python -m scripts.build_taxonomy [--bench ../shared/bench] [--out matcher/data/...]

Only ESCO v1.2.0 (EU reuse, attribution) and O*NET 29.2 (CC BY 4.0) are read; see
matcher/data/ATTRIBUTION.md. The output is deterministic: same input, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
from collections import Counter
from pathlib import Path

from matcher.taxonomy import DATA_DIR, TAXONOMY_FILE, slug

FORMAT = 1
# O*NET lists 8,768 products; those named for one occupation only are mostly niche vendor tools.
ONET_MIN_OCCUPATIONS = 2
VENDORS = (
    "The MathWorks",
    "MathWorks",
    "Microsoft",
    "Adobe Systems",
    "Adobe",
    "Oracle",
    "Apache",
    "Google",
    "Amazon",
    "IBM",
    "SAP",
    "Autodesk",
    "Atlassian",
    "Apple",
    "Red Hat",
    "Salesforce",
    "Intuit",
    "Corel",
    "Cisco",
    "VMware",
    "Esri",
    "Facebook",
    "Meta",
    "Avid Technology",
    "Avid",
    "Trimble",
    "Bentley",
    "Dassault Systemes",
    "Siemens",
    "Hewlett Packard",
    "Unity Technologies",
    "Epic Games",
    "JetBrains",
    "Elastic",
    "Mozilla",
    "Linux",
)
_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*\((?P<qualifier>[^()]+)\)$")
_ACRONYM_TAIL = re.compile(r"^(?P<name>.+\s\S+)\s+(?P<acronym>[A-Z][A-Z0-9+#]{1,9})$")


def _clean(label: str) -> str:
    return re.sub(r"\s+", " ", label).strip()


def _esco_labels(bench: Path) -> dict[str, set[str]]:
    """Return {preferred label: alt labels} for every ESCO skill."""
    import duckdb

    skills: dict[str, set[str]] = {}
    path = str(bench / "esco/esco_occupation_profiles.parquet")
    rows = (
        duckdb.connect()
        .execute(
            "select list_concat(essential_skills, optional_skills) from read_parquet(?)", [path]
        )
        .fetchall()
    )
    for (labels,) in rows:
        for label in labels or ():
            skills.setdefault(_clean(label), set())
    with open(bench / "esco/digitalSkillsCollection_en.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            alts = skills.setdefault(_clean(row["preferredLabel"]), set())
            for alt in re.split(r"\s*\|\s*|\n", row["altLabels"] or ""):
                if _clean(alt):
                    alts.add(_clean(alt))
    return skills


def _xlsx_rows(path: Path):
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    rows = book.active.iter_rows(values_only=True)
    header = next(rows)
    for row in rows:
        yield dict(zip(header, row, strict=True))
    book.close()


def _onet_products(bench: Path) -> list[str]:
    """Return O*NET technology examples used by enough occupations or marked hot/in demand."""
    counts: Counter[str] = Counter()
    flagged = set()
    for row in _xlsx_rows(bench / "onet/Technology_Skills.xlsx"):
        name = _clean(str(row["Example"]))
        counts[name] += 1
        if row["Hot Technology"] == "Y" or row["In Demand"] == "Y":
            flagged.add(name)
    return sorted(
        name for name, n in counts.items() if n >= ONET_MIN_OCCUPATIONS or name in flagged
    )


def product_forms(name: str) -> list[str]:
    """Return shorter names a product is known by: without vendor, without its acronym tail."""
    forms = [name]
    for vendor in VENDORS:
        if name.startswith(vendor + " ") and len(name) > len(vendor) + 2:
            forms.append(name[len(vendor) + 1 :])
            break
    for form in list(forms):
        if form.endswith(" software") and re.search(r"[A-Z]", form[1:-9]):
            forms.append(form[: -len(" software")])
    for form in list(forms):
        match = _ACRONYM_TAIL.match(form)
        if match:
            forms += [match["name"], match["acronym"]]
    return list(dict.fromkeys(forms))


def _display_label(label: str) -> tuple[str, list[str]]:
    # "Python (computer programming)" is shown as "Python"; too short a name keeps its qualifier.
    match = _QUALIFIED.match(label)
    if match and len(match["name"]) >= 3:
        return match["name"], [label]
    if match:
        return label, [match["name"]]
    return label, []


def _key(label: str) -> str:
    return label.casefold()


def build(bench: Path) -> dict:
    """Merge ESCO skills and O*NET products into one list of canonical skills."""
    esco = _esco_labels(bench)
    skills: dict[str, dict] = {}
    by_key: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for preferred in sorted(esco):
        label, extra = _display_label(preferred)
        skill_id = _unique(f"esco:{slug(label)}", skills)
        aliases = sorted(set(extra) | esco[preferred] - {label})
        skills[skill_id] = {"label": label, "source": "esco", "aliases": aliases}
        for name in [label, *extra]:
            by_key.setdefault(_key(name), skill_id)
            by_name.setdefault(name, skill_id)
    for skill_id, skill in skills.items():
        for alias in skill["aliases"]:
            by_key.setdefault(_key(alias), skill_id)
            by_name.setdefault(alias, skill_id)
    for product in _onet_products(bench):
        forms = product_forms(product)
        # Merge into an ESCO skill by the full name, or by a short form spelt exactly the same:
        # "Oracle Java" is ESCO's "Java", but "Apache Spark" is not ESCO's "SPARK" (a Java library).
        target = by_key.get(_key(product)) or next(
            (by_name[form] for form in forms[1:] if form in by_name), None
        )
        if target is None:
            target = _unique(f"onet:{slug(product)}", skills)
            skills[target] = {"label": product, "source": "onet", "aliases": []}
        skill = skills[target]
        new = [f for f in forms if f != skill["label"] and f not in skill["aliases"]]
        skill["aliases"] = sorted(set(skill["aliases"]) | set(new))
        for form in forms:
            by_key.setdefault(_key(form), target)
    return {
        "format": FORMAT,
        "sources": {
            "esco": "ESCO classification v1.2.0, (c) European Union, https://esco.ec.europa.eu",
            "onet": "O*NET 29.2 Database, USDOL/ETA, CC BY 4.0 (modified)",
        },
        "skills": [
            [skill_id, s["label"], s["source"], s["aliases"]]
            for skill_id, s in sorted(skills.items())
        ],
    }


def _unique(skill_id: str, taken: dict) -> str:
    candidate, n = skill_id, 2
    while candidate in taken:
        candidate, n = f"{skill_id}-{n}", n + 1
    return candidate


def write(data: dict, path: Path) -> int:
    """Write the taxonomy as gzip-compressed JSON with a fixed timestamp; return its size."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as f:
        f.write(text.encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    """Build the taxonomy file from the benchmark folder's ESCO and O*NET data."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--out", type=Path, default=DATA_DIR / TAXONOMY_FILE)
    args = parser.parse_args(argv)
    data = build(args.bench)
    size = write(data, args.out)
    aliases = sum(len(s[3]) for s in data["skills"])
    print(f"{len(data['skills'])} skills, {aliases} aliases, {size / 1024:.0f} KiB -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
