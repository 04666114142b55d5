"""Benchmark sanctions screening: build a synthetic OpenSanctions-style list, then screen people.

Writes a deterministic targets.simple.csv of COUNT entries (persons with Cyrillic aliases and
birth dates, some organisations), loads it through the same parsing, filtering and version build
as `talent-bridge sanctions load`, and prints the build time, the memory index load time and the
screening time per person (median and 95th percentile), also for the shipped fixture.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from web.services.sanctions import issuers
from web.services.sanctions.lists import fixture_path
from web.services.sanctions.matching import Query, screen
from web.services.sanctions.parsing import read_file
from web.services.sanctions.settings import SanctionsSettings
from web.services.sanctions.store import ListStore, build_version

HEADER = ["id", "schema", "name", "aliases", "birth_date", "countries", "sanctions", "dataset"]
FIRST = (
    ("Aleksandr", "Александр"),
    ("Dmitrii", "Дмитрий"),
    ("Sergei", "Сергей"),
    ("Andrei", "Андрей"),
    ("Aleksei", "Алексей"),
    ("Mikhail", "Михаил"),
    ("Ivan", "Иван"),
    ("Nikolai", "Николай"),
    ("Vladimir", "Владимир"),
    ("Yevgeny", "Евгений"),
    ("Olga", "Ольга"),
    ("Elena", "Елена"),
    ("Tatiana", "Татьяна"),
    ("Natalia", "Наталья"),
    ("Irina", "Ирина"),
    ("Svetlana", "Светлана"),
    ("Anna", "Анна"),
    ("Maria", "Мария"),
    ("Pavel", "Павел"),
    ("Roman", "Роман"),
    ("Oleg", "Олег"),
    ("Igor", "Игорь"),
    ("Yuri", "Юрий"),
    ("Viktor", "Виктор"),
    ("Anastasia", "Анастасия"),
    ("Boris", "Борис"),
)
SYLLABLES = (
    ("ka", "ка"),
    ("ra", "ра"),
    ("mo", "мо"),
    ("ve", "ве"),
    ("li", "ли"),
    ("shche", "ще"),
    ("zha", "жа"),
    ("bo", "бо"),
    ("du", "ду"),
    ("ne", "не"),
    ("po", "по"),
    ("ty", "ты"),
    ("kho", "хо"),
    ("sa", "са"),
    ("go", "го"),
    ("ri", "ри"),
    ("tse", "це"),
    ("mi", "ми"),
    ("che", "че"),
    ("lu", "лу"),
    ("fe", "фе"),
    ("za", "за"),
    ("vo", "во"),
    ("de", "де"),
)
SUFFIXES = (("v", "в"), ("kin", "кин"), ("nko", "нко"), ("vskii", "вский"), ("shin", "шин"))
DATASETS = (
    "US OFAC Specially Designated Nationals (SDN) List",
    "EU Financial Sanctions Files (FSF)",
    "UK FCDO Sanctions List",
    "UN Security Council Consolidated Sanctions List",
    "Russia Personal Sanctions Targeting US Citizens",
)


def synthetic_row(rng: random.Random, number: int) -> tuple[list[str], str]:
    """Return one synthetic targets.simple.csv row and the name in the other script."""
    if rng.random() < 0.15:
        words = "".join(latin for latin, _ in rng.sample(SYLLABLES, 3)).capitalize()
        name = f"{words} {rng.choice(('Trading', 'Holdings', 'Logistics', 'Bank'))} LLC"
        return [f"syn-{number}", "Company", name, "", "", "ru", "", rng.choice(DATASETS)], name
    first_latin, first_cyrillic = rng.choice(FIRST)
    picked = rng.sample(SYLLABLES, rng.randint(2, 3))
    suffix = rng.choice(SUFFIXES)
    last_latin = ("".join(latin for latin, _ in picked) + suffix[0]).upper()
    last_cyrillic = ("".join(cyr for _, cyr in picked) + suffix[1]).capitalize()
    born = str(rng.randint(1940, 2000)) if rng.random() < 0.7 else ""
    cyrillic = f"{first_cyrillic} {last_cyrillic}"
    aliases = cyrillic if rng.random() < 0.3 else ""
    name = f"{first_latin.upper()} {last_latin}"
    return [
        f"syn-{number}",
        "Person",
        name,
        aliases,
        born,
        "ru",
        "",
        rng.choice(DATASETS),
    ], cyrillic


def write_synthetic(path: Path, count: int, seed: int = 7) -> list[tuple[list[str], str]]:
    """Write a synthetic list of `count` entries and return its rows with the other spelling."""
    rng = random.Random(seed)
    rows = [synthetic_row(rng, number) for number in range(count)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, dialect=csv.unix_dialect)
        writer.writerow(HEADER)
        writer.writerows(row for row, _ in rows)
    return rows


def build(path: Path, root: Path, settings: SanctionsSettings) -> tuple[ListStore, dict]:
    """Parse, filter, build and open a list version; return it with the timings."""
    started = time.perf_counter()
    parsed = read_file(path)
    kept = [
        entry
        for entry in parsed.entries
        if not issuers.is_excluded(entry.datasets, entry.programs, settings.excluded_issuers)
    ]
    parsed_at = time.perf_counter()
    directory = build_version(root, f"bench-{parsed.sha256[:8]}", kept, {"list_date": "bench"})
    built_at = time.perf_counter()
    store = ListStore(directory)
    opened_at = time.perf_counter()
    return store, {
        "entries": len(kept),
        "parse_s": round(parsed_at - started, 2),
        "build_s": round(built_at - parsed_at, 2),
        "open_s": round(opened_at - built_at, 2),
    }


def time_queries(
    store: ListStore, queries: list[tuple[Query, str | None]], settings: SanctionsSettings
) -> dict:
    """Screen every query; return per-person timings (ms) and how often the expected entry hit.

    Each query comes with the id of the entry it should find, or None for a person on no list.
    """
    screen(store, Query("Person", ("Дмитрий Щербаков",), 1980), settings)  # loads nomenklatura
    timings, found, expected, stray = [], 0, 0, 0
    for query, entry_id in queries:
        started = time.perf_counter()
        result = screen(store, query, settings)
        timings.append((time.perf_counter() - started) * 1000)
        ids = {hit.entry.id for hit in result.hits}
        if entry_id is None:
            stray += bool(ids)
        else:
            expected += 1
            found += entry_id in ids
    timings.sort()
    return {
        "queries": len(queries),
        "listed_found": f"{found}/{expected}",
        "unlisted_with_a_hit": f"{stray}/{len(queries) - expected}",
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "max_ms": round(timings[-1], 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        settings = SanctionsSettings(root=root / "sanctions")
        fixture, fixture_times = build(fixture_path(), settings.root, settings)
        fixture_queries = [
            (Query("Person", ("Дмитрий Щербаков",), 1980), "tbfix-p-001"),
            (Query("Person", ("DMITRIY SCHERBAKOV",), 1980), "tbfix-p-001"),
            (Query("Person", ("Ольга Вымышленная",), 1975), "tbfix-p-007"),
            (Query("Organization", ("Vymysel Trading",)), "tbfix-c-008"),
        ] + [
            (Query("Person", (f"{first} {rng.choice(('Normalov', 'Ivanova'))}",), 1985), None)
            for first, _ in FIRST
        ]
        report = {"fixture": fixture_times | time_queries(fixture, fixture_queries, settings)}
        rows = write_synthetic(root / "synthetic.csv", args.count)
        store, times = build(root / "synthetic.csv", settings.root, settings)
        kept = {entry.id for entry in store.entries}
        queries: list[tuple[Query, str | None]] = []
        for row, other in rng.sample([item for item in rows if item[0][0] in kept], args.queries):
            year = int(row[4]) if row[4] else None
            schema = "Organization" if row[1] == "Company" else "Person"
            # People are screened by the spelling the list does not hold (Cyrillic for a Latin
            # entry without a Cyrillic alias): what blocking has to bridge.
            names = (row[2],) if row[3] or schema == "Organization" else (other,)
            queries.append((Query(schema, names, year), row[0]))
        # People on no list: common first names with surnames the list does not hold.
        for _ in range(args.queries):
            first, _cyr = rng.choice(FIRST)
            surname = "".join(latin for latin, _ in rng.sample(SYLLABLES, 2)).capitalize() + "ova"
            queries.append(
                (Query("Person", (f"{first} {surname}",), rng.randint(1950, 2000)), None)
            )
        report["synthetic"] = times | time_queries(store, queries, settings)
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
