"""An online backup of the SQLite database, safe while the bot runs.

SQLite's backup API copies the pages under one read transaction (all pages in one step):
in WAL mode the bot's writers go on meanwhile, and the copy is the database as it was at
one commit, never half a transaction. It is written beside the target and renamed over it
only when complete and checked, so a backup cut short never replaces a good one.
PostgreSQL has its own tool for this (pg_dump); see `pg_dump_command`.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup that could not be made, worded for the operator."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    source: Path
    target: Path
    size: int
    requests: int


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    return Path(parsed.database or "").resolve()


def backup_sqlite(source: Path, target: Path) -> BackupResult:
    if not source.is_file():
        raise BackupError(f"storage.url: {source} does not exist (nothing to back up)")
    target = target.resolve()
    if target == source:
        raise BackupError(f"{target}: that is the database itself; give another path")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent}: no such folder")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst, pages=-1)
            # A copy that is not whole must not replace the last good backup.
            if dst.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"{partial}: the copy failed its integrity check; kept for study")
            requests = int(dst.execute("SELECT count(*) FROM requests").fetchone()[0])
            # A restored file opens on its own: no -wal beside it to bring along.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    with partial.open("rb+") as written:
        os.fsync(written.fileno())
    os.replace(partial, target)
    return BackupResult(source, target, target.stat().st_size, requests)


def pg_dump_command(url: str, target: str) -> str:
    """The pg_dump line for this database, without the password (give it in PGPASSWORD or
    ~/.pgpass)."""
    parsed = make_url(url)
    parts = ["pg_dump", "--format=custom", f"--file={target}"]
    if parsed.host:
        parts.append(f"--host={parsed.host}")
    if parsed.port:
        parts.append(f"--port={parsed.port}")
    if parsed.username:
        parts.append(f"--username={parsed.username}")
    parts.append(parsed.database or "")
    return " ".join(parts)
