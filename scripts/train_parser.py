"""Train the message parser's n-gram model and write bot/parsing/model.json.gz.

    .venv/bin/python data/parsing/make_corpus.py     # (re)generate the corpus
    .venv/bin/python scripts/train_parser.py         # train on its "train" split

Multinomial logistic regression (not-a-request + 9 categories) by plain SGD in pure
Python: a few thousand messages train in well under a minute, there is no numerical
dependency to pin, and the same ``features`` function is used here and at run time.
Deterministic: seeded shuffles, fixed epochs, gzip without a timestamp.
Only templates of the "train" split are used; a slice of them (again by template)
calibrates the softmax temperature so ``confidence`` means something.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.parsing.model import CLASSES, MODEL_PATH, Weights, features  # noqa: E402
from bot.parsing.normalize import normalize  # noqa: E402

CORPUS = ROOT / "data" / "parsing" / "corpus.jsonl"
SEED = 7
EPOCHS = 15
LEARNING_RATE = 0.05
L2 = 3e-4  # per-update weight decay; keeps rare n-grams from dominating
MIN_DOCS = 2  # an n-gram seen in one message only is noise, not vocabulary
PRUNE = 0.02  # weights smaller than this barely move a score; dropping them shrinks the file
DEV_SHARE = 0.15

Example = tuple[list[str], int]


def label_index(row: dict[str, object]) -> int:
    return 0 if not row["is_request"] else CLASSES.index(str(row["category"]))


def load(split: str) -> list[dict[str, object]]:
    with open(CORPUS, encoding="utf-8") as fh:
        return [r for r in map(json.loads, fh) if r["split"] == split]


def featurize(rows: list[dict[str, object]]) -> list[tuple[list[str], int]]:
    return [(features(normalize(str(r["text"]))), label_index(r)) for r in rows]


def train(examples: list[tuple[list[str], int]], epochs: int) -> tuple[list[float], dict[str, list[float]]]:
    k = len(CLASSES)
    df: Counter[str] = Counter()
    for feats, _ in examples:
        df.update(set(feats))
    vocab = sorted(f for f, n in df.items() if n >= MIN_DOCS)
    weights: dict[str, list[float]] = {f: [0.0] * k for f in vocab}
    bias = [0.0] * k
    data: list[Example] = [([f for f in feats if f in weights], y) for feats, y in examples]
    rng = random.Random(SEED)
    order = list(range(len(data)))
    decay = 1.0 - LEARNING_RATE * L2
    for epoch in range(epochs):
        rng.shuffle(order)
        lr = LEARNING_RATE / (1.0 + 0.3 * epoch)
        for i in order:
            feats, y = data[i]
            scores = list(bias)
            for f in feats:
                row = weights[f]
                for c in range(k):
                    scores[c] += row[c]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            z = sum(exps)
            grads = [e / z for e in exps]
            grads[y] -= 1.0
            active = [(c, lr * g) for c, g in enumerate(grads) if abs(g) > 1e-4]
            for c, step in active:
                bias[c] -= step
            for f in feats:
                row = weights[f]
                for c, step in active:
                    row[c] = row[c] * decay - step
    return bias, weights


def to_weights(bias: list[float], dense: dict[str, list[float]], temperature: float) -> Weights:
    rows = {}
    for f in sorted(dense):
        row = tuple(w if abs(w) >= PRUNE else 0.0 for w in dense[f])
        if any(row):
            rows[f] = row
    return Weights(tuple(bias), rows, temperature)


def binary_nll(model: Weights, examples: list[tuple[list[str], int]], temperature: float) -> float:
    trial = Weights(model.bias, model.rows, temperature)
    total = 0.0
    for feats, y in examples:
        p_req = 1.0 - trial.probabilities(feats)[0]
        p = p_req if y != 0 else 1.0 - p_req
        total -= math.log(max(p, 1e-9))
    return total / max(1, len(examples))


def _argmax(values: list[float]) -> int:
    return max(range(len(values)), key=values.__getitem__)


def split_dev(rows: list[dict[str, object]]) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    def is_dev(r: dict[str, object]) -> bool:
        return (zlib.crc32(f"dev:{r['template']}".encode()) % 1000) / 1000 < DEV_SHARE

    return [r for r in rows if not is_dev(r)], [r for r in rows if is_dev(r)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)

    rows = load("train")
    fit_rows, dev_rows = split_dev(rows)
    fit, dev = featurize(fit_rows), featurize(dev_rows)

    bias, dense = train(fit, EPOCHS)
    probe = to_weights(bias, dense, 1.0)
    grid = [round(0.4 + 0.1 * i, 2) for i in range(27)]
    temperature = min(grid, key=lambda t: binary_nll(probe, dev, t))
    dev_acc = sum(_argmax(probe.probabilities(f)) == y for f, y in dev) / max(1, len(dev))
    print(f"fit {len(fit)} / dev {len(dev)} messages (dev = unseen templates)")
    print(f"dev 10-class accuracy {dev_acc:.3f}; temperature {temperature} "
          f"(binary NLL {binary_nll(probe, dev, 1.0):.3f} -> {binary_nll(probe, dev, temperature):.3f})")

    bias, dense = train(fit + dev, EPOCHS)
    model = to_weights(bias, dense, temperature)
    model.save(args.out)
    print(f"wrote {args.out.relative_to(ROOT)}: {len(model.rows)} features, "
          f"{args.out.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
