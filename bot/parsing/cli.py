"""`python -m bot parse TEXT` / `python -m bot parse -` (JSON Lines, streamed).

Exit code: 0 when every input was parsed, 1 when at least one JSONL line was
malformed (its error object is still printed in place, so output lines stay aligned
with input lines), 2 for bad usage.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from bot.parsing.parser import Parser

USAGE = "usage: parse TEXT | parse -   (JSON Lines on stdin, each with a 'text' field)"


def _dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _parse_line(parser: Parser, line: str, lineno: int) -> tuple[dict[str, Any], bool]:
    """(output object, ok) for one JSONL line."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        return {"error": f"invalid JSON: {exc}", "line": lineno}, False
    if not isinstance(record, dict):
        return {"error": "expected a JSON object", "line": lineno}, False
    ident = record.get("id")
    text = record.get("text")
    if not isinstance(text, str):
        err: dict[str, Any] = {"error": "missing or non-string 'text'", "line": lineno}
        if ident is not None:
            err["id"] = ident
        return err, False
    out = parser.parse(text).to_dict()
    if ident is not None:
        out = {"id": ident, **out}
    return out, True


def main(args: list[str], stdin: TextIO, stdout: TextIO) -> int:
    if len(args) != 1:
        print(_dump({"error": USAGE}), file=stdout)
        return 2
    parser = Parser()
    if args[0] != "-":
        print(_dump(parser.parse(args[0]).to_dict()), file=stdout)
        return 0

    status = 0
    # Line by line, never readlines(): memory stays flat however long the stream is.
    for lineno, line in enumerate(stdin, start=1):
        if not line.strip():
            out: dict[str, Any] = {"error": "empty line", "line": lineno}
            ok = False
        else:
            out, ok = _parse_line(parser, line, lineno)
        if not ok:
            status = 1
        stdout.write(_dump(out) + "\n")
    stdout.flush()
    return status
