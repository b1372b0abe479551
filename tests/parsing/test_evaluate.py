"""`python -m bot parser eval FILE`: the figures a labelled file gets, counted by hand."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main as bot_main
from bot.parsing.evaluate import main, score

# Five messages whose answers the parser gets right or wrong in known ways.
GOLD = [
    # a request, right category and location, urgent: all right
    {"id": "a", "lang": "zh-Hans", "text": "3栋2单元楼道里好大的煤气味", "is_request": True,
     "category": "safety", "building": "3", "unit": "2", "room": None, "urgent": True},
    # a request with a deliberately wrong gold category and room: counts against both
    {"id": "b", "lang": "zh-Hans", "text": "5栋楼道灯坏了", "is_request": True,
     "category": "parking", "building": "5", "unit": None, "room": "101", "urgent": False},
    # an alternative category is accepted
    {"id": "c", "lang": "en", "text": "The lift in building 2 is broken again", "is_request": True,
     "category": "property", "alt_categories": ["facilities"], "building": "2", "unit": None,
     "room": None, "urgent": False},
    # a non-request left alone
    {"id": "d", "lang": "en", "text": "Good morning everyone!", "is_request": False,
     "category": None, "building": None, "unit": None, "room": None, "urgent": False},
    # gold says urgent, the message gives no sign of it: a missed urgent
    {"id": "e", "lang": "en", "text": "Thanks for fixing the light", "is_request": True,
     "category": "facilities", "building": None, "unit": None, "room": None, "urgent": True},
]  # fmt: skip


def test_figures_match_a_hand_count() -> None:
    report = score(GOLD)
    f = report.figures()
    total = f["all"]
    # requests: a, b, c found; e missed; d left alone
    assert (report.total.tp, report.total.fp, report.total.fn) == (3, 0, 1)
    assert total["request_precision"] == 1.0
    assert total["request_recall"] == pytest.approx(0.75)
    assert total["category_acc"] == pytest.approx(2 / 4)  # a right, c by its alternative
    assert total["location_em"] == pytest.approx(2 / 3)  # a, c right; b's room differs
    assert total["urgent_recall"] == pytest.approx(0.5)
    assert total["urgent_precision"] == 1.0
    assert total["nonrequest_filed"] == 0.0
    assert f["zh-Hans"]["n"] == 2 and f["en"]["n"] == 3
    assert [line.split()[0] for line in report.errors["urgent_fn"]] == ["e"]


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in GOLD), "utf-8")
    return path


def test_cli_prints_table_errors_and_score_line(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main([str(_write(tmp_path)), "--errors", "3"], out) == 0
    text = out.getvalue()
    assert "zh-Hans" in text and "en" in text
    assert "-- urgent_fn: 1" in text
    last = text.strip().splitlines()[-1]
    assert last.startswith("SCORE request_f1=0.8571 category_acc=0.5000")


def test_json_output(tmp_path: Path) -> None:
    out = io.StringIO()
    main([str(_write(tmp_path)), "--json"], out)
    assert json.loads(out.getvalue())["all"]["n"] == 5


def test_wired_into_python_m_bot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bot_main(["parser", "eval", str(_write(tmp_path)), "--errors", "1"]) == 0
    assert "SCORE request_f1=" in capsys.readouterr().out


def test_a_file_without_labels_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "no label"}\n', "utf-8")
    assert main([str(path)], io.StringIO()) == 2
