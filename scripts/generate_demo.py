"""Write a deterministic demo corpus: profiles.jsonl and listings.jsonl in the contract format."""

import argparse
import sys
from pathlib import Path

from web.demo.corpus import generate_listings, generate_profiles, write_jsonl


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser for this script."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=400, help="number of profiles")
    parser.add_argument("--listings", type=int, default=120, help="number of listings")
    parser.add_argument("--seed", type=int, default=7, help="same seed, same corpus")
    parser.add_argument("--out", type=Path, default=Path("demo"), help="output folder")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Generate the demo corpus and write both files into the output folder."""
    args = build_parser().parse_args(argv)
    if args.profiles < 0 or args.listings < 0:
        build_parser().error("counts must not be negative")
    args.out.mkdir(parents=True, exist_ok=True)
    profiles = write_jsonl(generate_profiles(args.profiles, args.seed), args.out / "profiles.jsonl")
    listings = write_jsonl(generate_listings(args.listings, args.seed), args.out / "listings.jsonl")
    print(f"wrote {profiles} profiles and {listings} listings to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
