"""Score the parser on any labelled JSON Lines file: `python -m bot parser eval FILE`.

Each line holds ``text`` and the gold fields of docs/parsing.md (``is_request``,
``category``, optional ``alt_categories``, ``building``, ``unit``, ``room``,
``urgent``; ``id`` and ``lang`` when known). The figures are defined exactly as the
spec's scorer defines them, so the two agree on the same file:

* request precision / recall / F1 over all messages, and how many non-requests were filed;
* category accuracy over gold requests, the gold slug or one of its alternatives counting;
* location exact match over gold requests that carry a location (all three fields),
  and the false-location rate over gold requests without one;
* urgent recall and precision over all messages.

Every figure is also given per language (``lang``; "all" when absent).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from bot.parsing.parser import Parser, ParseResult

LOC_FIELDS = ("building", "unit", "room")
LANG_ORDER = ("zh-Hans", "zh-Hant", "en", "mixed")


def _norm_loc(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        value = str(int(value))
    if not isinstance(value, str):
        return None
    return value.strip() or None


@dataclass
class Tally:
    """Counts for one slice of the gold file; the ratios are derived on demand."""

    n: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    cat_ok: int = 0
    cat_n: int = 0
    loc_ok: int = 0
    loc_n: int = 0
    false_loc: int = 0
    no_loc_n: int = 0
    u_tp: int = 0
    u_fp: int = 0
    u_fn: int = 0

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    @property
    def request_precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def request_recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def request_f1(self) -> float:
        p, r = self.request_precision, self.request_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def category_acc(self) -> float:
        return self._ratio(self.cat_ok, self.cat_n)

    @property
    def location_em(self) -> float:
        return self._ratio(self.loc_ok, self.loc_n)

    @property
    def false_location_rate(self) -> float:
        return self._ratio(self.false_loc, self.no_loc_n)

    @property
    def urgent_recall(self) -> float:
        return self._ratio(self.u_tp, self.u_tp + self.u_fn)

    @property
    def urgent_precision(self) -> float:
        return self._ratio(self.u_tp, self.u_tp + self.u_fp)

    @property
    def nonrequest_filed(self) -> float:
        return self._ratio(self.fp, self.fp + self.tn)

    def figures(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "request_precision": self.request_precision,
            "request_recall": self.request_recall,
            "request_f1": self.request_f1,
            "category_acc": self.category_acc,
            "location_em": self.location_em,
            "false_location_rate": self.false_location_rate,
            "urgent_recall": self.urgent_recall,
            "urgent_precision": self.urgent_precision,
            "urgent_n": self.u_tp + self.u_fn,
            "nonrequest_filed": self.nonrequest_filed,
            "nonrequests_filed": self.fp,
            "nonrequests": self.fp + self.tn,
        }


@dataclass
class Report:
    by_lang: dict[str, Tally] = field(default_factory=dict)
    total: Tally = field(default_factory=Tally)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def figures(self) -> dict[str, dict[str, float | int]]:
        out = {lang: self.by_lang[lang].figures() for lang in _ordered(self.by_lang)}
        out["all"] = self.total.figures()
        return out


def _ordered(langs: Iterable[str]) -> list[str]:
    known = [lang for lang in LANG_ORDER if lang in langs]
    return known + sorted(set(langs) - set(known))


def _short(text: str, n: int = 90) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def _loc(values: Sequence[str | None]) -> str:
    return "/".join("-" if v is None else v for v in values)


def score(gold: Iterable[dict[str, Any]], parser: Parser | None = None) -> Report:
    """Parse every gold ``text`` and tally the spec's figures, overall and per language."""
    parser = parser or Parser()
    report = Report()
    errs: dict[str, list[str]] = {
        k: []
        for k in (
            "request_fp",
            "request_fn",
            "category",
            "location",
            "false_location",
            "urgent_fn",
            "urgent_fp",
        )
    }
    for row in gold:
        got: ParseResult = parser.parse(str(row["text"]))
        lang = str(row.get("lang") or "all")
        tag = f"{row.get('id', '?')} [{lang}]"
        text = _short(str(row["text"]))
        tallies = [report.total, report.by_lang.setdefault(lang, Tally())]
        gold_req = bool(row["is_request"])
        gold_urgent = bool(row.get("urgent", False))
        gold_loc = tuple(_norm_loc(row.get(k)) for k in LOC_FIELDS)
        got_loc = (got.building, got.unit, got.room)
        accepted = {row.get("category"), *row.get("alt_categories", [])}
        cat_ok = got.is_request and got.category in accepted
        for t in tallies:
            t.n += 1
            t.tp += got.is_request and gold_req
            t.fp += got.is_request and not gold_req
            t.fn += gold_req and not got.is_request
            t.tn += not got.is_request and not gold_req
            t.u_tp += got.urgent and gold_urgent
            t.u_fp += got.urgent and not gold_urgent
            t.u_fn += gold_urgent and not got.urgent
            if gold_req:
                t.cat_n += 1
                t.cat_ok += cat_ok
                if any(gold_loc):
                    t.loc_n += 1
                    t.loc_ok += got_loc == gold_loc
                else:
                    t.no_loc_n += 1
                    t.false_loc += any(got_loc)
        if got.is_request and not gold_req:
            errs["request_fp"].append(f"{tag} filed, gold not a request | {text}")
        if gold_req and not got.is_request:
            errs["request_fn"].append(f"{tag} missed request ({row.get('category')}) | {text}")
        if gold_req and not cat_ok:
            errs["category"].append(
                f"{tag} gold={'|'.join(str(c) for c in accepted)} got={got.category} | {text}"
            )
        if gold_req and any(gold_loc) and got_loc != gold_loc:
            errs["location"].append(f"{tag} gold={_loc(gold_loc)} got={_loc(got_loc)} | {text}")
        if gold_req and not any(gold_loc) and any(got_loc):
            errs["false_location"].append(f"{tag} got={_loc(got_loc)} | {text}")
        if gold_urgent and not got.urgent:
            errs["urgent_fn"].append(f"{tag} missed urgent ({row.get('category')}) | {text}")
        if got.urgent and not gold_urgent:
            errs["urgent_fp"].append(f"{tag} false alarm | {text}")
    report.errors = errs
    return report


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row, dict) or "text" not in row or "is_request" not in row:
                raise ValueError(f"{path}:{lineno}: need an object with 'text' and 'is_request'")
            rows.append(row)
    return rows


_COLUMNS = (
    ("n", "n", "{:>5}"),
    ("req P", "request_precision", "{:>6.3f}"),
    ("req R", "request_recall", "{:>6.3f}"),
    ("req F1", "request_f1", "{:>6.3f}"),
    ("cat", "category_acc", "{:>6.3f}"),
    ("loc EM", "location_em", "{:>6.3f}"),
    ("falseL", "false_location_rate", "{:>6.3f}"),
    ("urg R", "urgent_recall", "{:>6.3f}"),
    ("urg P", "urgent_precision", "{:>6.3f}"),
    ("urg n", "urgent_n", "{:>5}"),
    ("nonreq filed", "nonrequest_filed", "{:>12.3f}"),
)


def format_table(figures: dict[str, dict[str, float | int]]) -> str:
    head = f"{'set':9}" + "".join(f" {name:>{len(fmt.format(0))}}" for name, _, fmt in _COLUMNS)
    lines = [head, "-" * len(head)]
    for name, f in figures.items():
        lines.append(f"{name:9}" + "".join(" " + fmt.format(f[key]) for _, key, fmt in _COLUMNS))
    return "\n".join(lines)


def print_report(report: Report, out: TextIO, n_errors: int = 0) -> None:
    figures = report.figures()
    print(format_table(figures), file=out)
    t = report.total
    print(f"non-requests filed: {t.fp} of {t.fp + t.tn}", file=out)
    if n_errors > 0:
        for key, items in report.errors.items():
            print(f"\n-- {key}: {len(items)} (showing {min(n_errors, len(items))})", file=out)
            for line in items[:n_errors]:
                print("   " + line, file=out)
    # The spec scorer's machine-readable line, so the two can be compared verbatim.
    print(
        f"SCORE request_f1={t.request_f1:.4f} category_acc={t.category_acc:.4f} "
        f"location_em={t.location_em:.4f} urgent_recall={t.urgent_recall:.4f} "
        f"urgent_precision={t.urgent_precision:.4f} request_precision={t.request_precision:.4f} "
        f"request_recall={t.request_recall:.4f} nonrequest_filed={t.nonrequest_filed:.4f}",
        file=out,
    )


def main(args: Sequence[str], stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    ap = argparse.ArgumentParser(
        prog="python -m bot parser eval",
        description="score the parser on a labelled JSON Lines file (fields of docs/parsing.md)",
    )
    ap.add_argument("file", type=Path)
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="show N mistakes per kind")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead")
    ns = ap.parse_args(list(args))
    try:
        gold = read_jsonl(ns.file)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = score(gold)
    if ns.json:
        json.dump(report.figures(), stdout, indent=2)
        stdout.write("\n")
    else:
        print_report(report, stdout, ns.errors)
    return 0
