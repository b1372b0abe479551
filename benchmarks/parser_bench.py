"""Accuracy and speed of the message parser on held-out data.

    .venv/bin/python benchmarks/parser_bench.py [--json PATH] [--stream-lines N]

Accuracy is measured on the corpus's "test" split: whole TEMPLATES the training
script never saw (see data/parsing/make_corpus.py), per language, plus the spec's
24 examples. Speed: messages/s on one core (single process, one thread), peak
traced memory while streaming N JSON lines through the CLI, model file size, and
the import time of ``bot.parsing`` in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.parsing import Parser  # noqa: E402
from bot.parsing.cli import main as cli_main  # noqa: E402
from bot.parsing.model import MODEL_PATH  # noqa: E402

CORPUS = ROOT / "data" / "parsing" / "corpus.jsonl"
SPEC_SAMPLES = ROOT.parent / "shared" / "spec" / "parsing-samples.jsonl"
TARGETS = {
    "request_f1": 0.95,
    "category_acc": 0.92,
    "location_exact": 0.97,
    "urgent_recall": 0.97,
    "urgent_precision": 0.85,
}


@dataclass
class Scores:
    n: int
    request_precision: float
    request_recall: float
    request_f1: float
    category_acc: float
    location_exact: float
    false_location_rate: float
    urgent_recall: float
    urgent_precision: float
    urgent_n: int


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def score(rows: list[dict[str, Any]], parser: Parser) -> tuple[Scores, list[dict[str, Any]]]:
    tp = fp = fn = 0
    cat_ok = cat_n = 0
    loc_ok = 0
    no_loc = false_loc = 0
    u_tp = u_fp = u_fn = 0
    errors = []
    for row in rows:
        got = parser.parse(row["text"])
        gold_req = bool(row["is_request"])
        tp += got.is_request and gold_req
        fp += got.is_request and not gold_req
        fn += gold_req and not got.is_request
        wrong = got.is_request != gold_req
        if gold_req:
            cat_n += 1
            accepted = {row["category"], *row.get("alt_categories", [])}
            ok = got.category in accepted
            cat_ok += ok
            wrong = wrong or not ok
        gold_loc = (row["building"], row["unit"], row["room"])
        got_loc = (got.building, got.unit, got.room)
        loc_ok += gold_loc == got_loc
        wrong = wrong or gold_loc != got_loc
        if gold_loc == (None, None, None):
            no_loc += 1
            false_loc += got_loc != (None, None, None)
        u_tp += got.urgent and row["urgent"]
        u_fp += got.urgent and not row["urgent"]
        u_fn += row["urgent"] and not got.urgent
        wrong = wrong or got.urgent != row["urgent"]
        if wrong:
            errors.append(
                {
                    "id": row.get("id"),
                    "text": row["text"],
                    "got": got.to_dict(),
                    "want": {
                        k: row.get(k)
                        for k in ("is_request", "category", "building", "unit", "room", "urgent")
                    },
                }
            )
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return (
        Scores(
            n=len(rows),
            request_precision=p,
            request_recall=r,
            request_f1=f1,
            category_acc=_ratio(cat_ok, cat_n),
            location_exact=_ratio(loc_ok, len(rows)),
            false_location_rate=_ratio(false_loc, no_loc),
            urgent_recall=_ratio(u_tp, u_tp + u_fn),
            urgent_precision=_ratio(u_tp, u_tp + u_fp),
            urgent_n=u_tp + u_fn,
        ),
        errors,
    )


def throughput(parser: Parser, texts: list[str], total: int, passes: int = 3) -> dict[str, float]:
    """Messages per second of one core's CPU time (process_time), best of ``passes``.

    CPU time rather than wall time: this runs on shared machines where other jobs take
    turns on the core; wall-clock figures are printed alongside for comparison.
    """
    best_cpu = best_wall = 0.0
    for _ in range(passes):
        n = 0
        cpu0, wall0 = time.process_time(), time.perf_counter()
        while n < total:
            for t in texts:
                parser.parse(t)
            n += len(texts)
        best_cpu = max(best_cpu, n / (time.process_time() - cpu0))
        best_wall = max(best_wall, n / (time.perf_counter() - wall0))
    return {"messages_per_s_one_core": best_cpu, "messages_per_s_wall": best_wall}


def stream_memory(texts: list[str], lines: int) -> dict[str, float]:
    """Peak traced memory while the CLI streams N JSON lines, for N = lines/10 and lines.

    stdin is a lazy generator, so equal peaks for both N show the stream does not grow.
    """

    class _Lines(io.TextIOBase):
        def __init__(self, n: int) -> None:
            self.n = n

        def __iter__(self) -> Iterator[str]:  # type: ignore[override]
            for i in range(self.n):
                yield (
                    json.dumps({"id": i, "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n"
                )

    class _Sink(io.TextIOBase):
        def write(self, s: str) -> int:
            return len(s)

    out = {}
    Parser()  # model loaded before tracing: we measure the stream, not the load
    for n in (lines // 10, lines):
        tracemalloc.start()
        cli_main(["-"], _Lines(n), _Sink())  # type: ignore[arg-type]
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out[f"peak_traced_kib_{n}_lines"] = peak / 1024
    return out


def import_time() -> dict[str, float]:
    code = (
        "import time; t=time.perf_counter(); import bot.parsing; a=time.perf_counter()-t;"
        "t=time.perf_counter(); bot.parsing.Parser(); b=time.perf_counter()-t; print(a, b)"
    )
    runs = []
    for _ in range(5):
        res = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        runs.append(tuple(map(float, res.stdout.split())))
    return {"import_s": min(r[0] for r in runs), "model_load_s": min(r[1] for r in runs)}


def _fmt(x: float) -> str:
    return "  n/a" if x != x else f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="parser accuracy and speed")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument("--stream-lines", type=int, default=100_000)
    ap.add_argument("--errors", type=int, default=0, help="print up to N held-out mistakes")
    ap.add_argument("--split", default="test", help="corpus split to score (default: test)")
    ap.add_argument(
        "--concepts", type=int, default=0, help="print the N held-out concepts scored worst"
    )
    args = ap.parse_args(argv)

    with open(CORPUS, encoding="utf-8") as fh:
        corpus = [json.loads(line) for line in fh]
    held_out = [r for r in corpus if r["split"] == args.split]
    templates = {r["template"] for r in held_out}
    parser = Parser()

    results: dict[str, Any] = {"split": args.split, "by_language": {}}
    concepts = {r.get("concept") for r in held_out}
    print(
        f"held-out = {len(held_out)} messages from {len(templates)} templates that training "
        f"never saw, covering {len(concepts)} concepts of the spec's category table.\n"
        "How the split is made (data/parsing/make_corpus.py): by TEMPLATE, not by message, "
        "stratified by (language, label, concept): a quarter of each concept's templates is "
        "held out, and only where the concept has >= 3, so at least two other shapes of the "
        'same concept stay in training; the problem phrases of the "*" frames are split the '
        "same way and a held-out frame is filled only with held-out phrases. Training picks "
        "its settings on a dev split carved the same way from the TRAINING templates; the "
        "test split is read only here.\n"
    )
    header = (
        f"{'set':9} {'n':>5} {'req P':>6} {'req R':>6} {'req F1':>6} {'cat':>6} "
        f"{'loc EM':>6} {'falseL':>6} {'urg R':>6} {'urg P':>6} {'urg n':>5}"
    )
    print(header)
    print("-" * len(header))
    sets: list[tuple[str, list[dict[str, Any]]]] = [
        (lang, [r for r in held_out if r["lang"] == lang]) for lang in ("zh-Hans", "zh-Hant", "en")
    ]
    sets.append(("all", held_out))
    if SPEC_SAMPLES.exists():
        with open(SPEC_SAMPLES, encoding="utf-8") as fh:
            sets.append(("spec-24", [json.loads(line) for line in fh]))
    all_errors = []
    for name, rows in sets:
        s, errors = score(rows, parser)
        if name != "spec-24":
            all_errors.extend(errors)
        results["by_language"][name] = asdict(s)
        print(
            f"{name:9} {s.n:5d} {_fmt(s.request_precision):>6} {_fmt(s.request_recall):>6} "
            f"{_fmt(s.request_f1):>6} {_fmt(s.category_acc):>6} {_fmt(s.location_exact):>6} "
            f"{_fmt(s.false_location_rate):>6} {_fmt(s.urgent_recall):>6} "
            f"{_fmt(s.urgent_precision):>6} {s.urgent_n:5d}"
        )
    misses = [
        f"{lang} {k}={v:.3f} < {t}"
        for lang in ("zh-Hans", "zh-Hant", "en")
        for k, t in TARGETS.items()
        if not (v := results["by_language"][lang][k]) >= t
    ]
    print("\ntargets: " + ("all met" if not misses else "MISSED: " + "; ".join(misses)))
    if args.concepts:
        worst = []
        for lang in ("zh-Hans", "zh-Hant", "en"):
            by_concept: dict[str, list[dict[str, Any]]] = {}
            for r in held_out:
                if r["lang"] == lang and r["is_request"]:
                    by_concept.setdefault(str(r.get("concept")), []).append(r)
            for concept, rows in by_concept.items():
                s, _ = score(rows, parser)
                worst.append((s.category_acc, lang, concept, s.n))
        print(f"\n{args.concepts} held-out concepts with the lowest category accuracy:")
        for acc, lang, concept, n in sorted(worst)[: args.concepts]:
            print(f"  {lang:8} {concept:28} {acc:.2f} (n={n})")
    results["targets_missed"] = misses

    texts = [r["text"] for r in held_out]
    speed = throughput(parser, texts, 50_000, passes=5)
    perf: dict[str, float] = {
        **speed,
        "load_average_1min": os.getloadavg()[0],
        "model_file_kib": MODEL_PATH.stat().st_size / 1024,
        **import_time(),
        **stream_memory(texts, args.stream_lines),
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cpu": float(os.cpu_count() or 1),
    }
    results["performance"] = perf
    print(
        f"\nthroughput      {speed['messages_per_s_one_core']:,.0f} messages per CPU-second "
        f"(one core, single thread, held-out texts; wall clock {speed['messages_per_s_wall']:,.0f}/s "
        f"at load average {perf['load_average_1min']:.1f} on {os.cpu_count()} CPUs)"
    )
    print(f"model file      {perf['model_file_kib']:.0f} KiB ({MODEL_PATH.name})")
    print(
        f"import time     {perf['import_s'] * 1000:.0f} ms for `import bot.parsing` "
        f"(model load on first Parser(): {perf['model_load_s'] * 1000:.0f} ms)"
    )
    keys = sorted(k for k in perf if k.startswith("peak_traced"))
    print(
        "stream memory   "
        + ", ".join(f"{k.split('_')[3]} lines: {perf[k]:.0f} KiB peak traced" for k in keys)
    )
    print(f"max RSS         {perf['max_rss_mib']:.0f} MiB (whole benchmark process)")

    if args.errors:
        print(f"\nfirst {args.errors} held-out mistakes:")
        for e in all_errors[: args.errors]:
            print(json.dumps(e, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
