"""`parse TEXT` and `parse -` (JSON Lines) through bot.parsing.cli.main."""

from __future__ import annotations

import io
import json

from bot.parsing.cli import main

FIELDS = ["is_request", "category", "building", "unit", "room", "urgent", "confidence"]


def run(args: list[str], stdin: str = "") -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    code = main(args, io.StringIO(stdin), out)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_text_mode_prints_one_object_with_the_spec_fields() -> None:
    code, lines = run(["6栋1单元楼道灯坏了"])
    assert code == 0
    assert len(lines) == 1
    assert list(lines[0]) == FIELDS
    assert lines[0]["building"] == "6" and lines[0]["category"] == "facilities"


def test_text_mode_keeps_chinese_readable() -> None:
    out = io.StringIO()
    main(["3栋煤气味"], io.StringIO(), out)
    assert "\\u" not in out.getvalue()


def test_jsonl_mode_keeps_order_and_ids() -> None:
    stdin = "\n".join(
        json.dumps(obj, ensure_ascii=False)
        for obj in [
            {"id": "a", "text": "早上好"},
            {"id": 7, "text": "3栋2单元501漏水"},
            {"text": "收到"},
        ]
    )
    code, lines = run(["-"], stdin + "\n")
    assert code == 0
    assert [line.get("id") for line in lines] == ["a", 7, None]
    assert list(lines[0]) == ["id", *FIELDS]
    assert lines[1]["room"] == "501"
    assert "id" not in lines[2]


def test_malformed_lines_report_and_continue() -> None:
    stdin = "\n".join(
        [
            '{"id": "ok1", "text": "收到"}',
            "{not json",
            '["a", "list"]',
            '{"id": "x9", "txt": "typo"}',
            "",
            '{"id": "ok2", "text": "3栋电梯坏了"}',
        ]
    )
    code, lines = run(["-"], stdin + "\n")
    assert code == 1
    assert len(lines) == 6
    assert lines[0]["id"] == "ok1" and "is_request" in lines[0]
    assert lines[1]["line"] == 2 and "error" in lines[1]
    assert lines[2]["line"] == 3 and "error" in lines[2]
    assert lines[3] == {"error": "missing or non-string 'text'", "line": 4, "id": "x9"}
    assert lines[4]["line"] == 5 and "error" in lines[4]
    assert lines[5]["id"] == "ok2" and lines[5]["building"] == "3"


def test_empty_huge_and_hostile_texts() -> None:
    texts = ["", "x" * 100_000, "\x00\x07\x1b[31m", "\u202e\u200d\ufeff", "🏢" * 1000]
    stdin = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
    code, lines = run(["-"], stdin)
    assert code == 0
    assert [line["id"] for line in lines] == list(range(len(texts)))
    assert all(line["is_request"] is False for line in lines)


def test_jsonl_stdin_is_consumed_lazily() -> None:
    # A generator stdin proves main() streams instead of reading everything first.
    seen: list[int] = []

    class Lines(io.StringIO):
        def __iter__(self):  # type: ignore[override]
            for i in range(3):
                seen.append(i)
                yield json.dumps({"id": i, "text": "ok"}) + "\n"

    out = io.StringIO()
    assert main(["-"], Lines(), out) == 0
    assert seen == [0, 1, 2]
    assert len(out.getvalue().splitlines()) == 3


def test_usage_error() -> None:
    code, lines = run([])
    assert code == 2 and "usage" in str(lines[0]["error"])
