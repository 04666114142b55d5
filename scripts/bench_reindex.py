"""Re-index time on a big corpus: a rebuild from stored vectors, and a run after 1% changed.

The corpus: a seed built as the load benchmark builds one (scripts/bench_load_corpus.py: demo
records, real vectors for some profiles, reused ones for the rest, indexed by the real
re-indexer), then copied in SQL until it holds --profiles profiles. A copy has a new id and
external id and no account; its texts, content hash and section vectors are its original's, so
every row is current and nothing needs embedding. Then, timed with the real `Reindexer`:

1. a rebuild from stored vectors (no record changed, the index is stale): what `reindex` does
   after a bulk import of vectors, or to recover a lost index;
2. a run after --changed of the profiles got a new summary: only those sections are embedded,
   then the index is rebuilt.

Each prints where the time went and is written to JSON.

    python -m scripts.bench_reindex --home /tmp/tb-reindex --profiles 100000
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import resource
import shutil
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from scripts.bench_load import FRESHNESS_MARGIN_S
from scripts.bench_match import StageClock, add_corpus_arguments

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "bench_reindex.json"
# Tables holding a profile's content, copied with it; accounts and host activity are not.
CONTENT_TABLES = ("profile_private", "profile_languages", "profile_experience", "profile_education")
log = logging.getLogger("bench_reindex")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_arguments(parser, profiles_help="profiles after copying")
    parser.set_defaults(profiles=100_000)
    parser.add_argument("--seed-profiles", type=int, default=20_000, help="profiles generated")
    parser.add_argument("--changed", type=float, default=0.01, help="share of profiles changed")
    parser.add_argument(
        "--only-changed", action="store_true", help="skip the rebuild: time the changed run only"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    return parser.parse_args(argv)


def copy_profiles(engine, wanted: int) -> int:
    """Copy the seed profiles, content and vectors, until there are `wanted`; return the count."""
    from sqlalchemy import func, select

    from web.models import Base

    tables = Base.metadata.tables
    profiles = tables["profiles"]
    with engine.begin() as connection:
        seed = connection.scalar(select(func.count()).select_from(profiles))
        top = connection.scalar(select(func.max(profiles.c.id)))
        seed_ids = list(connection.scalars(select(profiles.c.id).order_by(profiles.c.id)))
    copies = -(-wanted // seed) - 1
    for number in range(1, copies + 1):
        offset, take = number * top, min(seed, wanted - number * seed)
        last = seed_ids[take - 1]
        with engine.begin() as connection:
            _copy(connection, profiles, profiles.c.id <= last, offset, number)
            # Vectors and search words are stored when a profile is embedded: a copy has its
            # original's.
            for name in (*CONTENT_TABLES, "section_vectors", "search_words"):
                table = tables[name]
                _copy(connection, table, table.c.profile_id <= last, offset, number)
        log.info("copy %s of %s written", number, copies)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # As after any bulk load: without fresh statistics the planner scanned whole tables
            # for the per-query look-ups (fresh records: 79 ms instead of 2 ms at 100k).
            connection.exec_driver_sql("ANALYZE")
        return connection.scalar(select(func.count()).select_from(profiles))


def _copy(connection, table, where, offset: int, number: int) -> None:
    """Insert a copy of the rows `where` selects, their profile id moved by `offset`."""
    from sqlalchemy import insert, literal, null, select

    columns, values = [], []
    for column in table.columns:
        if column.primary_key and column.name != "profile_id" and table.name != "profiles":
            continue  # a child row's own id: the database numbers the copy
        columns.append(column.name)
        if column.name in ("profile_id",) or (table.name == "profiles" and column.name == "id"):
            values.append(column + offset)
        elif table.name == "profiles" and column.name == "external_id":
            values.append(column + literal(f"~{number}"))
        elif table.name == "profiles" and column.name == "user_id":
            values.append(null())
        else:
            values.append(column)
    connection.execute(insert(table).from_select(columns, select(*values).where(where)))


def change_profiles(sessions, share: float, seed: int = 7) -> int:
    """Give a random share of profiles a new summary, as an edit would; return how many."""
    from sqlalchemy import select

    from web.models import Profile, utcnow
    from web.services.documents import refresh_content_hash

    with sessions() as session:
        ids = list(session.scalars(select(Profile.id)))
    chosen = sorted(random.Random(seed).sample(ids, max(1, int(len(ids) * share))))
    for start in range(0, len(chosen), 1000):
        with sessions() as session:
            for profile in session.scalars(
                select(Profile).where(Profile.id.in_(chosen[start : start + 1000]))
            ):
                profile.summary = f"{profile.summary or ''} Updated: open to remote contracts."
                profile.updated_at = utcnow()
                refresh_content_hash(profile)
            session.commit()
    return len(chosen)


@contextmanager
def timed_reindex(clock: StageClock):
    """Time the re-index's stages (embedding, reading and building, full text, publishing)."""
    from matcher.index import VectorIndex
    from matcher.index_store import IndexStore
    from matcher.lexical import LexicalIndex
    from web.services import (
        companion_writers,
        full_text,
        index_build,
        profile_documents,
        profile_facts,
        reindex,
    )

    changed = VectorIndex.changed

    functions = ("embed_records", "store_words", "build_index", "change_index")
    functions += ("companion_writers",)
    # Bookkeeping around them: what is pending, whether anything changed, clean-up.
    functions += ("pending_ids", "vector_fingerprint", "usable_current")
    functions += ("serving_model", "drop_older_texts")
    patched = [(reindex, name) for name in functions]
    # Inside a change and a full-text build: which vectors, their reading, the words made again.
    patched += [(index_build, "current_vector_ids"), (index_build, "vectors_by_id")]
    # The full text: built in a spawned process beside the vectors' build (not timed here) when
    # it must be built afresh; lexical_writer is what is left to this process.
    patched += [(full_text, "lexical_writer"), (full_text, "record_ids")]
    patched += [(full_text, "refresh_stale")]
    patched += [(profile_facts, "read_facts")]
    patched += [(profile_documents, "read_documents")]
    # The facts and documents: each brought up to date, or both read in one pass.
    patched += [(companion_writers, name) for name in ("facts_writer", "documents_writer")]
    patched += [(companion_writers, "read_documents_and_facts")]
    patched += [(IndexStore, "publish"), (IndexStore, "cleanup")]
    patched += [(reindex.Reindexer, "_drop_other_models"), (reindex.Reindexer, "_new_index")]
    originals = [(owner, name, getattr(owner, name)) for owner, name in patched]
    methods = [(VectorIndex, "build", "faiss_build")]
    methods += [(LexicalIndex, "from_words", "bm25_from_stored_words")]
    methods += [(LexicalIndex, "load_changeable", "bm25_load_previous")]
    bound = [(owner, name, owner.__dict__[name]) for owner, name, _ in methods]
    for owner, name, function in originals:
        setattr(owner, name, clock.wrap(name, function))
    for (owner, name, label), (_, _, method) in zip(methods, bound, strict=True):
        setattr(owner, name, classmethod(clock.wrap(label, method.__func__)))
    VectorIndex.changed = clock.wrap("faiss_change", VectorIndex.changed)
    lexical_changed = LexicalIndex.changed
    LexicalIndex.changed = clock.wrap("bm25_change", LexicalIndex.changed)
    try:
        yield
    finally:
        for owner, name, function in originals + bound:
            setattr(owner, name, function)
        VectorIndex.changed = changed
        LexicalIndex.changed = lexical_changed


def timed_run(app, label: str) -> dict:
    """Run the re-indexer once and return its report and where the time went."""
    from web import database
    from web.services.reindex import Reindexer
    from web.services.settings import settings_from_config

    clock = StageClock()
    with app.app_context(), timed_reindex(clock):
        settings = settings_from_config(app.config)
        started = time.monotonic()
        report = Reindexer(database.session_factory(), settings).run()
        seconds = time.monotonic() - started
    stages = dict(clock.seconds)
    # build_index reads the stored vectors, then calls VectorIndex.build.
    stages["read_vectors"] = stages.pop("build_index", 0.0) - stages.get("faiss_build", 0.0)
    # A change first loads the served index privately (into memory): the rest of _new_index.
    stages["load_private"] = stages.pop("_new_index", 0.0) - stages.get("change_index", 0.0)
    stages["load_private"] -= stages.get("read_vectors", 0.0) + stages.get("faiss_build", 0.0)
    profiles = report.kinds["profiles"]
    row = {
        "run": label,
        "seconds": round(seconds, 1),
        "profiles_embedded": profiles.embedded.records,
        "sections_encoded": profiles.embedded.encoded,
        "sections_reused": profiles.embedded.reused,
        "profile_vectors": profiles.vectors,
        "changed_in_place": profiles.changed_in_place,
        "stages_s": {name: round(value, 1) for name, value in sorted(stages.items())},
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    log.info("%s: %s", label, row)
    return row


def format_table(rows: list[dict]) -> str:
    """Return the runs as a markdown table."""
    names = sorted({name for row in rows for name in row["stages_s"]})
    lines = [
        "| run | total s | profiles embedded | sections encoded | vectors | "
        + " | ".join(f"{name} s" for name in names)
        + " | peak RSS MiB |",
        "|---|---|---|---|---|" + "---|" * len(names) + "---|",
    ]
    for row in rows:
        cells = " | ".join(f"{row['stages_s'].get(name, 0.0):.1f}" for name in names)
        lines.append(
            f"| {row['run']} | {row['seconds']:.1f} | {row['profiles_embedded']} | "
            f"{row['sections_encoded']} | {row['profile_vectors']} | {cells} | "
            f"{row['peak_rss_mib']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Build and grow the corpus, time both re-index runs, print and write the results."""
    import numpy as np
    from sqlalchemy import func, select

    from scripts.bench_match import open_corpus
    from web import database
    from web.models import Profile
    from web.services.search_words import refresh_stale

    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    args = parse_args(argv)
    app, timings = open_corpus(argparse.Namespace(**vars(args) | {"profiles": args.seed_profiles}))
    with app.app_context():
        sessions = database.session_factory()
        have = sessions().scalar(select(func.count(Profile.id)))
        if have < args.profiles:
            # As the re-index stores them when it embeds: the seed's words, copied with it.
            started = time.monotonic()
            with sessions() as session:
                refresh_stale(
                    session, "profiles", np.array(list(session.scalars(select(Profile.id))))
                )
                session.commit()
            timings["seed_words_s"] = time.monotonic() - started
            started = time.monotonic()
            have = copy_profiles(database.engine(), args.profiles)
            timings["copy_s"] = time.monotonic() - started
    runs = []
    if not args.only_changed:
        # Without a profiles index the re-indexer rebuilds it from the stored vectors.
        shutil.rmtree(args.home / "index" / "profiles", ignore_errors=True)
        runs.append(timed_run(app, "rebuild from stored vectors"))
    with app.app_context():
        started = time.monotonic()
        changed = change_profiles(database.session_factory(), args.changed)
        timings["change_s"] = time.monotonic() - started
    # As edits made a while before a nightly run: an index counts records changed within a
    # minute of its snapshot as changed since (scored exactly at every query until the next
    # rebuild), which would leave every edited profile on the query path of later benchmarks.
    time.sleep(FRESHNESS_MARGIN_S)
    runs.append(timed_run(app, f"after {changed} profiles changed ({args.changed:.0%})"))
    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "database": "PostgreSQL" if args.database else "SQLite",
        "profiles": have,
        "embed_backend": app.config["EMBED_BACKEND"],
        "setup_timings_s": {name: round(value, 1) for name, value in timings.items()},
        "runs": runs,
    }
    print(f"\n{have} profiles, {result['database']}\n\n{format_table(runs)}")
    args.output.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
