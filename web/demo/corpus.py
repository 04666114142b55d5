"""Generate a deterministic, realistic demo corpus of profiles and listings (CONTRACT.md shape)."""

import json
import random
from collections.abc import Iterable
from pathlib import Path

from web.demo import vocabulary_catalogue as catalogue
from web.demo.listings import build_listing
from web.demo.profiles import build_profile


def generate_profiles(count: int = 400, seed: int = 7) -> list[dict]:
    """Generate demo profiles; the same count and seed always give the same records."""
    rng = random.Random(seed)
    roles = _spread(catalogue.ROLE_SHARES, count, rng)
    voices = _spread(catalogue.VOICE_SHARES, count, rng)
    return [
        build_profile(
            rng, f"demo-p-{number:04d}", catalogue.ROLE_BY_KEY[role], catalogue.VOICES[voice]
        )
        for number, (role, voice) in enumerate(zip(roles, voices, strict=True), start=1)
    ]


def generate_listings(count: int = 120, seed: int = 7) -> list[dict]:
    """Generate demo listings; the same count and seed always give the same records."""
    rng = random.Random(seed)
    used: set[tuple[str, str]] = set()
    return [
        build_listing(rng, f"demo-l-{number:04d}", kind, used)
        for number, kind in enumerate(_spread(catalogue.KIND_SHARES, count, rng), start=1)
    ]


def write_jsonl(records: Iterable[dict], path: str | Path) -> int:
    """Write records to a UTF-8 JSON Lines file; return how many lines were written."""
    written = 0
    with Path(path).open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def _spread(shares: dict[str, float], count: int, rng: random.Random) -> list[str]:
    """Return `count` keys in shuffled order, each as often as its share says."""
    total = sum(shares.values())
    exact = {key: count * share / total for key, share in shares.items()}
    counts = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(shares, key=lambda key: exact[key] - counts[key], reverse=True)
    for key in by_remainder[: count - sum(counts.values())]:
        counts[key] += 1
    if count >= len(shares):
        # Small corpora still show every category.
        for key in shares:
            if counts[key] == 0:
                counts[max(counts, key=counts.__getitem__)] -= 1
                counts[key] = 1
    keys = [key for key, times in counts.items() for _ in range(times)]
    rng.shuffle(keys)
    return keys
