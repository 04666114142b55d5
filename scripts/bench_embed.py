"""Embedding speed here: sentence-transformers (torch) against ONNX Runtime, fp32 and int8.

The ONNX model is exported here from the shipped all-MiniLM-L6-v2 (`torch.onnx.export`, no hub);
int8 is onnxruntime's dynamic quantisation of that export. Texts are the demo corpus's profile
sections and listings, as the re-index embeds them (cut at the model's 256 word pieces). Prints
texts per second by batch size, model load time, token lengths and the cosine agreement of each
backend's vectors with torch's; writes JSON. Needs `pip install onnx onnxruntime` (the `bench`
extra does not pin them: sentence-transformers' own ONNX backend needs optimum-onnx, whose
releases here require transformers < 4.58 while sentence-transformers 6 needs 5).

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
    parser.add_argument("--batches", type=int, nargs="+", default=[16, 64])
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


class OnnxEncoder:
    """all-MiniLM-L6-v2 through ONNX Runtime: the same tokenizer, mean pooling and normalising."""

    def __init__(self, path: Path, tokenizer, threads: int) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = tokenizer

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Return unit vectors of texts, embedded batch by batch, longest texts together."""
        # As sentence-transformers does: batches of similar length pad little.
        order = np.argsort([-len(text) for text in texts], kind="stable")
        ordered = [texts[i] for i in order]
        out = []
        for start in range(0, len(ordered), batch_size):
            enc = self.tokenizer(
                ordered[start : start + batch_size],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="np",
            )
            feeds = {name: enc[name].astype(np.int64) for name in ("input_ids", "attention_mask")}
            feeds["token_type_ids"] = enc["token_type_ids"].astype(np.int64)
            hidden = self.session.run(None, feeds)[0]
            mask = feeds["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        vectors = np.empty((len(texts), out[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(out)
        return vectors


def export_onnx(model, folder: Path) -> tuple[Path, Path]:
    """Export the transformer of a SentenceTransformer to ONNX, and an int8 copy of it."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Transformer(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    sample = model.tokenizer(["a short text", "another one"], padding=True, return_tensors="pt")
    axes = {"0": "batch", "1": "tokens"}
    names = ["input_ids", "attention_mask", "token_type_ids"]
    fp32, int8 = folder / "model.onnx", folder / "model-int8.onnx"
    torch.onnx.export(
        Transformer(model[0].auto_model.eval()),
        tuple(sample[name] for name in names),
        str(fp32),
        input_names=names,
        output_names=["last_hidden_state"],
        dynamic_axes={name: {0: axes["0"], 1: axes["1"]} for name in [*names, "last_hidden_state"]},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    return fp32, int8


def rate(encode, texts: list[str], batch: int) -> float:
    """Return texts per second for one pass over texts (after a warm-up batch)."""
    encode(texts[:batch], batch)
    started = time.perf_counter()
    encode(texts, batch)
    return len(texts) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    """Measure every backend and batch size, print a table and write JSON."""
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    from matcher.encoder import DEFAULT_MODEL, resolve_model_path

    torch.set_num_threads(args.threads)
    texts = demo_texts(args.texts)
    started = time.perf_counter()
    model = SentenceTransformer(str(resolve_model_path(DEFAULT_MODEL)), device="cpu")
    load_torch = time.perf_counter() - started
    lengths = [len(ids) for ids in model.tokenizer(texts)["input_ids"]]
    reference = model.encode(texts, batch_size=64, normalize_embeddings=True)
    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, threads {args.threads}",
        "texts": len(texts),
        "word_pieces": {
            "median": float(np.median(lengths)),
            "p90": float(np.percentile(lengths, 90)),
            "over_256": float(np.mean(np.array(lengths) > MAX_TOKENS)),
        },
        "backends": {},
    }

    def torch_encode(batch_texts, batch):
        return model.encode(batch_texts, batch_size=batch, normalize_embeddings=True)

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        fp32, int8 = export_onnx(model, Path(folder))
        export_s = time.perf_counter() - started
        backends = {"torch": (torch_encode, load_torch)}
        for name, path in (("onnx", fp32), ("onnx-int8", int8)):
            started = time.perf_counter()
            encoder = OnnxEncoder(path, model.tokenizer, args.threads)
            backends[name] = (encoder.encode, time.perf_counter() - started)
        for name, (encode, load_s) in backends.items():
            vectors = encode(texts, 64)
            cosine = np.sum(vectors * reference, axis=1)
            result["backends"][name] = {
                "load_s": round(load_s, 2),
                "texts_per_s": {str(b): round(rate(encode, texts, b), 1) for b in args.batches},
                "cosine_to_torch": {"min": float(cosine.min()), "mean": float(cosine.mean())},
            }
        result["export_s"] = round(export_s, 1)
    base = result["backends"]["torch"]["texts_per_s"]
    print(f"{len(texts)} texts; word pieces {result['word_pieces']}; export {result['export_s']} s")
    print(
        "| backend | load s | "
        + " | ".join(f"texts/s b={b}" for b in args.batches)
        + " | × torch | cosine min / mean |"
    )
    print("|---|---|" + "---|" * len(args.batches) + "---|---|")
    for name, row in result["backends"].items():
        speeds = row["texts_per_s"]
        best = max(speeds[b] / base[b] for b in speeds)
        cells = " | ".join(f"{speeds[str(b)]:.1f}" for b in args.batches)
        cos = row["cosine_to_torch"]
        print(
            f"| {name} | {row['load_s']} | {cells} | {best:.2f} | {cos['min']:.4f} / "
            f"{cos['mean']:.4f} |"
        )
    args.output.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
