"""How Russian profiles of the demo corpus are matched to listings, English ones above all.

Run after `talent-bridge demo --no-serve` (same TALENT_BRIDGE_HOME). For every profile whose
headline is mostly Cyrillic it asks for the best listings, as the exile's page does, and reports how
often the best one is in the person's field, is written in English and names matched skills, with a
few examples. Writes docs/demo-matches.md and prints the same.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from datetime import date
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "demo-matches.md"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")


def mostly_cyrillic(text: str) -> bool:
    """Return whether most letters of a text are Cyrillic."""
    letters = _LETTER.findall(text)
    return bool(letters) and 2 * sum(bool(_CYRILLIC.match(c)) for c in letters) > len(letters)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=5, help="listings per profile (default 5)")
    parser.add_argument("--examples", type=int, default=6, help="profiles shown in full")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT)
    return parser.parse_args(argv)


def _line(match: dict, listing) -> str:
    why = match["explanation"]
    skills = why.get("skills", {})
    parts = ", ".join(f"{name} {value:.2f}" for name, value in why["parts"].items())
    return (
        f"  - {match['score']:.3f} **{listing.title}** ({listing.field or '—'}, {listing.kind}); "
        f"matched: {', '.join(skills.get('matched', [])) or '—'}; "
        f"missing: {', '.join(skills.get('missing', [])[:3]) or '—'}; parts: {parts}"
    )


def main(argv: list[str] | None = None) -> int:
    """Match every Russian demo profile and write the summary and examples."""
    from sqlalchemy import select

    from web import create_app, database
    from web.models import Listing, Profile
    from web.services.matching import Matcher
    from web.services.settings import settings_from_config

    args = parse_args(argv)
    app = create_app()
    counts: Counter[str] = Counter()
    examples: list[str] = []
    with app.app_context(), database.session_scope() as session:
        matcher = Matcher(session, settings_from_config(app.config))
        listings = {item.external_id: item for item in session.scalars(select(Listing))}
        profiles = session.scalars(select(Profile).order_by(Profile.id))
        for person in (p for p in profiles if mostly_cyrillic(p.headline)):
            found = matcher.listings_for_profile(person.external_id, args.k)
            counts["profiles"] += 1
            if not found:
                continue
            counts["matched"] += 1
            best, top = (
                listings[found[0]["external_id"]],
                [listings[m["external_id"]] for m in found],
            )
            counts["best in field"] += best.field == person.field
            counts["best in English"] += not mostly_cyrillic(best.title)
            counts["best names matched skills"] += bool(
                found[0]["explanation"].get("skills", {}).get("matched")
            )
            counts["best has full-text part > 0"] += (
                found[0]["explanation"]["parts"].get("lexical", 0) > 0
            )
            counts[f"an English listing in field in top {args.k}"] += any(
                item.field == person.field and not mostly_cyrillic(item.title) for item in top
            )
            if len(examples) < args.examples:
                examples.append(
                    f"- **{person.headline}** ({person.field}; {', '.join(person.skills)})"
                )
                examples.extend(_line(m, listings[m["external_id"]]) for m in found[:3])
    matched = counts["matched"] or 1
    rows = [
        f"| {name} | {counts[name]} | {counts[name] / matched:.0%} |"
        for name in counts
        if name not in ("profiles", "matched")
    ]
    text = "\n".join(
        [
            "# Russian demo profiles and the listings they are offered",
            "",
            f"Written by `python -m scripts.check_demo_matches` on {date.today().isoformat()}"
            " over the demo corpus (`talent-bridge demo --no-serve`, default counts and seed),"
            f" as an exile's page ranks listings (top {args.k}, closed listings left out).",
            "",
            f"{counts['profiles']} profiles have a mostly Cyrillic headline;"
            f" {counts['matched']} got at least one listing.",
            "",
            "| of those matched | profiles | share |",
            "|---|---|---|",
            *rows,
            "",
            "## Examples (best three listings each)",
            "",
            *examples,
            "",
        ]
    )
    print(text)
    args.out.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
