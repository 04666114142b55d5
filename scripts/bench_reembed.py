"""Full re-embed of real-length profiles, every section: sections cut to the model, then vectors.

Profiles are as long as real CVs (scripts/real_length_profiles.py). Each is cut as the re-index
cuts it (matcher.sections + matcher.chunking.fit_sections) and every chunk is embedded by the
product's encoder on the device given (TALENT_BRIDGE_DEVICE; half precision on a GPU). Stages:
cutting in the main process; cutting and tokenising in a matcher.fitting_pool of worker
processes; the model run from texts and from the workers' ids, by batch size; the whole
re-embed as `reindex` runs it without workers (TALENT_BRIDGE_EMBED_FIT_WORKERS=0: cut, then
encode texts) and with them (workers prepare a block, then the model runs from ids), and with
the next block prepared while the model runs; agreement with float32 CPU vectors written by
--write-reference. Database reads and writes are not included. Prints a table, writes JSON
after every stage.

    python -m scripts.bench_reembed --profiles 300 --write-reference .bench_data/reference.npz
    python -m scripts.bench_reembed --device cuda --profiles 12000 --model .bench_data/model \
        --workers 15 --block 2048 --batches 256 512 1024 --sweep-chunks 12000 \
        --reference .bench_data/reference.npz --output docs/bench_reembed_gpu.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
MILLION = 1_000_000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=300)
    parser.add_argument("--device", default="cpu", help="cpu, cuda, cuda:1 …")
    parser.add_argument("--model", default="", help="a model folder; empty: the shipped model")
    parser.add_argument("--batches", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    parser.add_argument("--block", type=int, default=512, help="profiles per re-index batch")
    parser.add_argument("--sample", type=int, default=300, help="profiles fitted in process")
    parser.add_argument("--in-process", type=int, default=300, help="profiles re-embedded so")
    parser.add_argument("--sweep-chunks", type=int, default=2000, help="chunks per batch size")
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="../shared/bench")
    parser.add_argument("--reference", type=Path, help="float32 CPU vectors to compare with")
    parser.add_argument("--write-reference", type=Path, help="write CPU vectors here and stop")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "bench_reembed.json")
    return parser.parse_args(argv)


def projected_minutes(profiles_per_s: float) -> float:
    """Return the minutes a million profiles take at this rate."""
    return round(MILLION / profiles_per_s / 60, 1)


def texts_of(fitted: list[list]) -> list[str]:
    """Return every fitted section's text, record after record."""
    return [section.text for sections in fitted for section in sections]


def run_blocks(pool, encoder, sections: list[list], block: int, overlap: bool) -> dict:
    """Re-embed all records as `reindex` does with a fitting pool, block by block: the workers
    fit and tokenise a block, the model runs it from the ids; with overlap the next block is
    prepared while this one runs."""
    blocks = [sections[start : start + block] for start in range(0, len(sections), block)]
    started, encode_s, chunks = time.perf_counter(), 0.0, 0
    pending = pool.prepare_async(blocks[0])
    for number in range(len(blocks)):
        prepared = pending.get()
        if number + 1 < len(blocks) and overlap:
            pending = pool.prepare_async(blocks[number + 1])
        texts = texts_of([record.sections for record in prepared])
        ids = [item for record in prepared for item in record.ids]
        encode_started = time.perf_counter()
        encoder.encode_prepared(texts, ids)
        encode_s += time.perf_counter() - encode_started
        chunks += len(texts)
        if number + 1 < len(blocks) and not overlap:
            pending = pool.prepare_async(blocks[number + 1])
    return rates(len(sections), chunks, time.perf_counter() - started, encode_s)


def run_in_process(encoder, sections: list[list]) -> dict:
    """Re-embed records as `reindex` does without a pool: fit here, then encode the texts."""
    from matcher.chunking import fit_sections

    started = time.perf_counter()
    fitted = [fit_sections(s, encoder.count_tokens, encoder.chunk_tokens) for s in sections]
    texts = texts_of(fitted)
    encode_started = time.perf_counter()
    encoder.encode(texts)
    now = time.perf_counter()
    return rates(len(sections), len(texts), now - started, now - encode_started)


def rates(profiles: int, chunks: int, seconds: float, encode_s: float) -> dict:
    """Return a re-embed run's figures and its projection to a million profiles."""
    return {
        "profiles": profiles,
        "seconds": round(seconds, 2),
        "encode_s": round(encode_s, 2),
        "chunks": chunks,
        "profiles_per_s": round(profiles / seconds, 1),
        "chunks_per_s": round(chunks / seconds, 1),
        "million_profiles_min": projected_minutes(profiles / seconds),
    }


def write_reference(encoder, texts: list[str], path: Path) -> None:
    """Write texts with their vectors from this (CPU, float32) encoder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, texts=np.array(texts), vectors=encoder.encode(texts))
    print(f"wrote {len(texts)} reference vectors to {path}")


def agreement(encoder, path: Path) -> dict:
    """Return the cosine between this encoder's vectors, from texts and from ids, and the
    reference ones."""
    saved = np.load(path)
    texts = [str(text) for text in saved["texts"]]
    limit = encoder.max_tokens
    ids = [
        np.asarray(item)
        for item in encoder._tokenizer(texts, truncation=True, max_length=limit)["input_ids"]
    ]
    result = {"texts": len(texts)}
    for name, vectors in (
        ("from_texts", encoder.encode(texts)),
        ("from_ids", encoder.encode_prepared(texts, ids)),
    ):
        cosine = np.sum(vectors * saved["vectors"], 1)
        result[name] = {
            "min": round(float(cosine.min()), 5),
            "mean": round(float(cosine.mean()), 6),
        }
    return result


def machine(device: str) -> str:
    """Describe the CPU and, on a GPU, the card and library versions."""
    import sentence_transformers
    import torch

    text = f"{platform.machine()}, {os.cpu_count()} CPUs, torch {torch.__version__}"
    text += f", sentence-transformers {sentence_transformers.__version__}"
    if device.startswith("cuda"):
        text += f", {torch.cuda.get_device_name(torch.device(device))}"
    return text


def main(argv: list[str] | None = None) -> int:
    """Measure every stage, writing the JSON after each, then print the table."""
    args = parse_args(argv)
    from matcher.chunking import fit_sections
    from matcher.encoder import EncoderConfig, load_encoder
    from matcher.fitting_pool import FittingPool
    from matcher.sections import profile_sections
    from scripts.real_length_profiles import real_length_profiles, resume_texts, sentence_pool

    def encoder_for(batch: int):
        return load_encoder(EncoderConfig(model=args.model, device=args.device, batch_size=batch))

    started = time.perf_counter()
    encoder = encoder_for(args.batches[-1])
    result: dict = {
        "date": date.today().isoformat(),
        "machine": machine(args.device),
        "device": args.device,
        "model_load_s": round(time.perf_counter() - started, 2),
        "workers": args.workers,
        "block": args.block,
    }

    def save(stage: str) -> None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
        print(f"[{time.perf_counter() - started:7.1f} s] {stage}", flush=True)

    pool_of_sentences = sentence_pool(resume_texts(args.bench), encoder.count_tokens)
    profiles = real_length_profiles(args.profiles, pool_of_sentences)
    sections = [profile_sections(profile) for profile in profiles]
    sample = sections[: args.sample]
    in_process_started = time.perf_counter()
    fitted_here = [fit_sections(s, encoder.count_tokens, encoder.chunk_tokens) for s in sample]
    in_process = (time.perf_counter() - in_process_started) / len(sample)
    if args.write_reference:
        write_reference(encoder, texts_of(fitted_here)[:512], args.write_reference)
        return 0
    pieces = [sum(encoder.count_tokens([s.text for s in record])) for record in fitted_here]
    chunks = [len(record) for record in fitted_here]
    result["profiles"] = args.profiles
    result["sample"] = {
        "profiles": len(sample),
        "word_pieces_p50": float(np.median(pieces)),
        "word_pieces_p90": float(np.percentile(pieces, 90)),
        "chunks_mean": round(float(np.mean(chunks)), 2),
        "chunks_p90": float(np.percentile(chunks, 90)),
    }
    result["fit_in_process"] = {
        "ms_per_profile": round(in_process * 1000, 3),
        "million_profiles_min": projected_minutes(1 / in_process),
    }
    save("fitted in process")

    pool_started = time.perf_counter()
    with FittingPool(encoder, args.workers) as pool:
        pool.prepare(sections[: args.workers])  # the workers are up and warm
        start_s = time.perf_counter() - pool_started
        fit_started = time.perf_counter()
        prepared = pool.prepare(sections)
        rate = len(sections) / (time.perf_counter() - fit_started)
        result["fit_pool"] = {
            "start_s": round(start_s, 2),
            "profiles_per_s": round(rate, 1),
            "million_profiles_min": projected_minutes(rate),
            "same_as_in_process": [p.sections for p in prepared[: len(fitted_here)]] == fitted_here,
        }
        save("fitted and tokenised in the pool")

        texts = texts_of([record.sections for record in prepared])
        ids = [item for record in prepared for item in record.ids]
        texts, ids = texts[: args.sweep_chunks], ids[: args.sweep_chunks]
        tokenise_started = time.perf_counter()
        encoder._tokenizer(texts, padding=True, truncation=True, max_length=encoder.max_tokens)
        result["tokenise_in_main_chunks_per_s"] = round(
            len(texts) / (time.perf_counter() - tokenise_started), 1
        )
        result["encode"] = {}
        for batch in args.batches:
            batch_encoder = encoder_for(batch)
            row = {}
            for name, run, arguments in (
                ("texts", batch_encoder.encode, (texts,)),
                ("ids", batch_encoder.encode_prepared, (texts, ids)),
            ):
                run(*(items[: batch * 2] for items in arguments))  # warm-up
                encode_started = time.perf_counter()
                run(*arguments)
                row[f"{name}_chunks_per_s"] = round(
                    len(texts) / (time.perf_counter() - encode_started), 1
                )
            result["encode"][str(batch)] = row
            save(f"encoded {len(texts)} chunks, batch {batch}")

        if args.reference:
            result["cosine_to_cpu_float32"] = agreement(encoder, args.reference)
            save("compared with the CPU's vectors")

        result["reindex_in_process"] = run_in_process(encoder, sections[: args.in_process])
        save("reindex_in_process")
        for name, overlap in (("reindex_pool", False), ("reindex_pool_overlapped", True)):
            result[name] = run_blocks(pool, encoder, sections, args.block, overlap)
            save(name)
    print_table(result)
    return 0


def print_table(result: dict) -> None:
    """Print what was measured."""
    sample = result["sample"]
    print(f"\n{result['machine']}; {result['profiles']} profiles")
    print(
        f"word pieces a profile p50 {sample['word_pieces_p50']:.0f}, p90 "
        f"{sample['word_pieces_p90']:.0f}; chunks a profile mean {sample['chunks_mean']}"
    )
    print("| stage | rate | a million profiles |\n|---|---|---|")
    fit = result["fit_in_process"]
    print(
        f"| fit, main process | {fit['ms_per_profile']} ms a profile | "
        f"{fit['million_profiles_min']} min |"
    )
    pool = result["fit_pool"]
    print(
        f"| fit and tokenise, {result['workers']} workers | {pool['profiles_per_s']} profiles/s "
        f"| {pool['million_profiles_min']} min |"
    )
    tokenise = result["tokenise_in_main_chunks_per_s"]
    print(f"| tokenise in the main process | {tokenise} chunks/s | |")
    for batch, row in result["encode"].items():
        print(
            f"| encode, batch {batch} | texts {row['texts_chunks_per_s']}, ids "
            f"{row['ids_chunks_per_s']} chunks/s | |"
        )
    for name in ("reindex_in_process", "reindex_pool", "reindex_pool_overlapped"):
        row = result[name]
        print(
            f"| {name} ({row['profiles']} profiles) | {row['profiles_per_s']} profiles/s, "
            f"{row['chunks_per_s']} chunks/s (model {row['encode_s']} of {row['seconds']} s) | "
            f"{row['million_profiles_min']} min |"
        )
    if "cosine_to_cpu_float32" in result:
        print(f"cosine to the CPU's float32 vectors: {result['cosine_to_cpu_float32']}")


if __name__ == "__main__":
    raise SystemExit(main())
