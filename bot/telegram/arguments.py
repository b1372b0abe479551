"""Command arguments as residents and members type them."""

from __future__ import annotations


def parse_number(args: str | None) -> tuple[int, str | None] | None:
    """'12 note', '#12 note' or '＃12' -> (12, 'note'); anything else -> None."""
    if not args:
        return None
    head, _, rest = args.strip().partition(" ")
    head = head.lstrip("#＃")
    if not head.isascii() or not head.isdigit() or len(head) > 9:
        return None
    return int(head), (rest.strip() or None)
