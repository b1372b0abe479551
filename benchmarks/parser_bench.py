"""Accuracy and speed of the message parser on held-out data.

    .venv/bin/python benchmarks/parser_bench.py [--dev FILE.jsonl] [--loco-folds K] [--json PATH]

Three accuracy figures, each labelled in the output, from the most to the least
independent of the people who wrote the parser:

1. DEV SET, written apart: a labelled JSON Lines file nobody on this project wrote
   (default ../shared/spec/parsing-dev.jsonl), per language, scored by
   ``bot.parsing.evaluate`` exactly as the spec's score.py scores it. It measures;
   nothing is trained or tuned on it.
2. LEAVE-CONCEPTS-OUT on the project's own corpus: the concepts (gas smell, lift
   fault, lost pet, forwarded notice, ...) are dealt into K folds; for each fold the
   model is retrained without any message of its concepts and scored, rules included,
   on exactly those messages. Every message is thus judged by a model that never saw
   its concept: what the parser knows beyond the phrasings it was taught. (Needs
   numpy, the training extra; ``--loco-folds 0`` skips it.)
3. HELD-OUT TEMPLATES of the own corpus (the "test" split): new sentence shapes of
   concepts training has seen. This measures memory more than understanding.

Speed: messages/s on one core (single process, one thread), p99 latency per message,
peak traced memory while streaming N JSON lines through the CLI, model file size, and
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
from bot.parsing.evaluate import format_table, read_jsonl  # noqa: E402
from bot.parsing.evaluate import score as evaluate_rows  # noqa: E402
from bot.parsing.model import MODEL_PATH  # noqa: E402

CORPUS = ROOT / "data" / "parsing" / "corpus.jsonl"
SPEC_SAMPLES = ROOT.parent / "shared" / "spec" / "parsing-samples.jsonl"
DEV_SET = ROOT.parent / "shared" / "spec" / "parsing-dev.jsonl"
MAX_NONREQUEST_FILED = 0.05
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


def latency(parser: Parser, texts: list[str]) -> dict[str, float]:
    """Per-message latency percentiles, best of two passes.

    CPU time of this thread (``thread_time``), like ``throughput``: on a shared machine a
    wall clock mostly measures the other jobs. The wall-clock p99 is reported beside it.
    """
    best_cpu: list[float] | None = None
    best_wall: list[float] | None = None
    q = 0.99
    for _ in range(2):
        cpu, wall = [], []
        for t in texts:
            c0, w0 = time.thread_time(), time.perf_counter()
            parser.parse(t)
            cpu.append(time.thread_time() - c0)
            wall.append(time.perf_counter() - w0)
        cpu.sort()
        wall.sort()
        if best_cpu is None or cpu[int(len(cpu) * q)] < best_cpu[int(len(best_cpu) * q)]:
            best_cpu = cpu
        if best_wall is None or wall[int(len(wall) * q)] < best_wall[int(len(best_wall) * q)]:
            best_wall = wall
    assert best_cpu is not None and best_wall is not None
    return {
        "p50_ms": best_cpu[len(best_cpu) // 2] * 1000,
        "p99_ms": best_cpu[int(len(best_cpu) * q)] * 1000,
        "max_ms": best_cpu[-1] * 1000,
        "p99_wall_ms": best_wall[int(len(best_wall) * q)] * 1000,
    }


def leave_concepts_out(corpus: list[dict[str, Any]], folds: int) -> dict[str, Any]:
    """Retrain without each fold of concepts and score the parser on those concepts only."""
    import zlib

    sys.path.insert(0, str(ROOT / "scripts"))
    import train_parser as tp  # the training extra (numpy); imported only when asked

    concepts = sorted({str(r["concept"]) for r in corpus})
    fold_of = {c: zlib.crc32(c.encode()) % folds for c in concepts}
    scored: list[dict[str, Any]] = []
    predictions: list[Any] = []
    for k in range(folds):
        train_rows = [r for r in corpus if fold_of[str(r["concept"])] != k]
        test_rows = [r for r in corpus if fold_of[str(r["concept"])] == k]
        if not test_rows:
            continue
        t0 = time.perf_counter()
        model = tp.train(tp.Data(train_rows), *tp.DEFAULT_SETTING)
        weights = tp.Weights(model.bias, model.rows, tp.DEFAULT_TEMPERATURE)
        parser = Parser(weights=weights)
        predictions.extend(parser.parse(str(r["text"])) for r in test_rows)
        scored.extend(test_rows)
        held = sorted({str(r["concept"]) for r in test_rows})
        print(
            f"  fold {k + 1}/{folds}: {len(held)} concepts, {len(test_rows)} messages held out "
            f"({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )

    class _Replay:
        """Hands back the fold models' answers in order, so one scorer serves both sets."""

        def __init__(self) -> None:
            self._it = iter(predictions)

        def parse(self, _text: str) -> Any:
            return next(self._it)

    report = evaluate_rows(scored, _Replay())  # type: ignore[arg-type]
    return {"folds": folds, "concepts": len(concepts), "figures": report.figures()}


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
    ap.add_argument("--dev", type=Path, default=DEV_SET, help="labelled set written apart")
    ap.add_argument(
        "--loco-folds", type=int, default=8, help="folds of concepts to leave out (0: skip)"
    )
    args = ap.parse_args(argv)

    with open(CORPUS, encoding="utf-8") as fh:
        corpus = [json.loads(line) for line in fh]
    held_out = [r for r in corpus if r["split"] == args.split]
    templates = {r["template"] for r in held_out}
    parser = Parser()

    results: dict[str, Any] = {"split": args.split, "by_language": {}}
    if args.dev.exists():
        dev_report = evaluate_rows(read_jsonl(args.dev), parser)
        results["dev_set"] = dev_report.figures()
        print(
            f"== 1. DEV SET, written apart from this project ({args.dev.name}; never trained on; "
            "its errors are read only to learn which kinds of message fail) ==\n"
            + format_table(results["dev_set"])
        )
        overall = results["dev_set"]["all"]
        dev_misses = [
            f"{k}={overall[k]:.3f} < {t}"
            for k, t in {**TARGETS, "location_em": TARGETS["location_exact"]}.items()
            if k != "location_exact" and not overall[k] >= t
        ]
        if overall["nonrequest_filed"] > MAX_NONREQUEST_FILED:
            dev_misses.append(f"nonrequest_filed={overall['nonrequest_filed']:.3f}")
        print(
            "targets on the dev set, overall: "
            + ("all met" if not dev_misses else "MISSED: " + "; ".join(dev_misses))
            + "\n"
        )
    else:
        print(f"== 1. DEV SET: {args.dev} not found, skipped ==\n")
    if args.loco_folds > 0:
        print(
            f"== 2. LEAVE-CONCEPTS-OUT on the project's own corpus ({args.loco_folds} folds of "
            "concepts; each message scored by a model retrained without its concept) =="
        )
        loco = leave_concepts_out(corpus, args.loco_folds)
        results["leave_concepts_out"] = loco
        print(format_table(loco["figures"]) + "\n")
    print("== 3. HELD-OUT TEMPLATES of the own corpus (new shapes of taught concepts) ==")
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
    print(
        "\ntargets on held-out templates, per language: "
        + ("all met" if not misses else "MISSED: " + "; ".join(misses))
    )
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
    lat = latency(parser, texts)
    perf: dict[str, float] = {
        **speed,
        **lat,
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
    print(
        f"latency         p50 {lat['p50_ms']:.3f} ms, p99 {lat['p99_ms']:.3f} ms, "
        f"max {lat['max_ms']:.3f} ms per message (CPU time, held-out texts; "
        f"wall-clock p99 {lat['p99_wall_ms']:.3f} ms)"
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
