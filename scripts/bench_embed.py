"""Embedding speed here: the product's encoder backends, torch against ONNX fp32 and int8.

Each backend is the `Encoder` the product loads for TALENT_BRIDGE_EMBED_BACKEND (torch, onnx,
onnx-int8; matcher/onnx_encoder.py exports the shipped model here, no hub). Texts are the demo
corpus's profile sections and listings, as the re-index embeds them (cut at the model's 256 word
pieces). Prints texts per second by batch size, load and export time, token lengths and the
cosine agreement of each backend's vectors with torch's; writes JSON.

    python -m scripts.bench_embed --texts 2000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "bench_embed.json"
MAX_TOKENS = 256


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=2000, help="section texts to embed")
    parser.add_argument("--batches", type=int, nargs="+", default=[8, 16, 32, 64])
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads, all backends")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    return parser.parse_args(argv)


def demo_texts(count: int) -> list[str]:
    """Return section texts of demo profiles and listings, as the re-index cuts them."""
    from matcher.documents import ListingDoc
    from matcher.sections import listing_sections, profile_sections
    from scripts.bench_load_corpus import new_profile
    from web.demo.corpus import generate_listings, generate_profiles
    from web.records.schemas import ProfileRecord
    from web.services.documents import profile_doc

    texts: list[str] = []
    for number, record in enumerate(generate_listings(max(1, count // 8))):
        doc = ListingDoc(
            id=number,
            kind=record["kind"],
            title=record["title"],
            description=record.get("description"),
            skills=tuple(record.get("skills", ())),
            field=record.get("field"),
        )
        texts.extend(section.text for section in listing_sections(doc))
    for record in generate_profiles(count // 4):
        doc = profile_doc(new_profile(ProfileRecord.model_validate(record)))
        texts.extend(section.text for section in profile_sections(doc))
    return texts[:count]


def rate(encode, texts: list[str], batch: int) -> float:
    """Return texts per second for one pass over texts (after a warm-up batch)."""
    encode(texts[:batch])
    started = time.perf_counter()
    encode(texts)
    return len(texts) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    """Measure every backend and batch size, print a table and write JSON."""
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    from matcher.encoder import EncoderConfig, load_encoder

    torch.set_num_threads(args.threads)
    texts = demo_texts(args.texts)
    with tempfile.TemporaryDirectory() as folder:
        encoders, loads = {}, {}
        for backend in ("torch", "onnx", "onnx-int8"):
            started = time.perf_counter()
            for batch in args.batches:
                config = EncoderConfig(backend=backend, batch_size=batch, export_dir=folder)
                encoders[backend, batch] = load_encoder(config)
            # The first load of an ONNX backend includes exporting (and quantising) the model.
            loads[backend] = time.perf_counter() - started
        reference_encoder = encoders["torch", args.batches[0]]
        lengths = reference_encoder.count_tokens(texts)
        reference = reference_encoder.encode(texts)
        result = {
            "date": date.today().isoformat(),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, threads {args.threads}",
            "texts": len(texts),
            "word_pieces": {
                "median": float(np.median(lengths)),
                "p90": float(np.percentile(lengths, 90)),
                "over_256": float(np.mean(np.array(lengths) > MAX_TOKENS - 2)),
            },
            "backends": {},
        }
        for backend in ("torch", "onnx", "onnx-int8"):
            vectors = encoders[backend, args.batches[0]].encode(texts)
            cosine = np.sum(vectors * reference, axis=1)
            result["backends"][backend] = {
                "load_and_export_s": round(loads[backend], 2),
                "texts_per_s": {
                    str(b): round(rate(encoders[backend, b].encode, texts, b), 1)
                    for b in args.batches
                },
                "cosine_to_torch": {"min": float(cosine.min()), "mean": float(cosine.mean())},
            }
    base = result["backends"]["torch"]["texts_per_s"]
    print(f"{len(texts)} texts; word pieces {result['word_pieces']}")
    print(
        "| backend | load (+ export) s | "
        + " | ".join(f"texts/s b={b}" for b in args.batches)
        + " | × torch, same batch | cosine min / mean |"
    )
    print("|---|---|" + "---|" * len(args.batches) + "---|---|")
    for name, row in result["backends"].items():
        speeds = row["texts_per_s"]
        best = max(speeds[b] / base[b] for b in speeds)
        cells = " | ".join(f"{speeds[str(b)]:.1f}" for b in args.batches)
        cos = row["cosine_to_torch"]
        print(
            f"| {name} | {row['load_and_export_s']} | {cells} | {best:.2f} | {cos['min']:.4f} / "
            f"{cos['mean']:.4f} |"
        )
    args.output.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
