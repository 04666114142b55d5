"""Bring embeddings and the search index up to date (the same code as `talent-bridge reindex`).

Usage: python scripts/reindex.py [--full] [--model NAME_OR_PATH]
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    """Run one re-index and print its summary to stderr; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="re-embed every record")
    parser.add_argument("--model", metavar="NAME_OR_PATH", help="move the corpus to this model")
    args = parser.parse_args(argv)

    from web import create_app, database
    from web.cli import ensure_schema
    from web.errors import TalentBridgeError
    from web.services.reindex import Reindexer
    from web.services.settings import settings_from_config

    app = create_app()
    with app.app_context():
        try:
            ensure_schema()
            settings = settings_from_config(app.config)
            report = Reindexer(database.session_factory(), settings).run(
                full=args.full, model=args.model
            )
        except TalentBridgeError as error:
            print(f"Error: {error}", file=sys.stderr)
            return 1
    for line in report.lines():
        print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
