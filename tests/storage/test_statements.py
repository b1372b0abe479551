"""What the intake's faster statements must still do, on both engines: SQLite through the
one-trip driver (storage/sqlite_driver.py), statements built once and executed with
parameters, several rows in one executemany."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from storage.database import Database
from storage.repositories import Repositories
from storage.repositories.outbox import OutboxState
from storage.schema import outbox, people, scheduled_jobs
from tests.waiting import until

T0 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


async def test_sqlite_goes_through_the_one_trip_driver(database: Database) -> None:
    if database.dialect != "sqlite":
        pytest.skip("the driver is SQLite's")
    async with database.connect() as connection:
        raw = await connection.get_raw_connection()
        assert type(raw.dbapi_connection).__name__ == "OneTripConnection"


async def test_a_refused_statement_raises_and_the_savepoint_recovers(database: Database) -> None:
    async with database.transaction() as repos:
        first = await repos.people.insert(name="甲", telegram_id=501, username="jia")
        with pytest.raises(IntegrityError):
            async with repos.connection.begin_nested():
                await repos.people.insert(name="乙", telegram_id=501, username=None)
        # The transaction goes on after the refused row, and reads what it wrote.
        assert await repos.people.by_account(501, "JIA") == (first, first)
    async with database.transaction() as repos:
        count = (await repos.connection.execute(select(func.count()).select_from(people))).scalar()
        assert count == 1


async def test_one_lookup_tells_apart_the_id_and_the_username_holder(database: Database) -> None:
    async with database.transaction() as repos:
        known = await repos.people.insert(name="甲", telegram_id=601, username=None)
        listed = await repos.people.insert(name="乙", telegram_id=None, username="yi")
        assert await repos.people.by_account(601, "yi") == (known, listed)
        assert await repos.people.by_account(601, None) == (known, None)
        assert await repos.people.by_account(602, "nobody") == (None, None)


async def test_row_counts_come_back_for_each_statement(database: Database) -> None:
    async with database.transaction() as repos:
        assert await repos.inbox.remember("m:-1:1", T0)
        assert not await repos.inbox.remember("m:-1:1", T0)
        assert await repos.inbox.remember("m:-1:2", T0)


async def test_many_rows_in_one_statement_each_land_once(database: Database) -> None:
    jobs = [
        {"kind": "ack_deadline", "key": f"request:1:1:{n}", "due_at": T0 + timedelta(hours=n),
         "at": T0, "urgent": n == 0, "person_id": None}
        for n in range(3)
    ]  # fmt: skip
    async with database.transaction() as repos:
        await repos.schedule.plan_many(jobs)
        await repos.schedule.plan_many(jobs[:1])  # a key planned again is left alone
        await repos.schedule.plan_many([])
    async with database.transaction() as repos:
        rows = (
            await repos.connection.execute(
                select(scheduled_jobs.c.key, scheduled_jobs.c.urgent).order_by(scheduled_jobs.c.key)
            )
        ).all()
    assert [(row.key, bool(row.urgent)) for row in rows] == [
        ("request:1:1:0", True),
        ("request:1:1:1", False),
        ("request:1:1:2", False),
    ]


async def test_sends_marked_sent_together_keep_their_own_message_ids(database: Database) -> None:
    async with database.transaction() as repos:
        ids = [
            await repos.outbox.add(
                chat_id=-100 - n, method="sendMessage", payload={"text": str(n)}, priority=1, at=T0
            )
            for n in range(3)
        ]
        await repos.outbox.mark_sent_many([(ids[0], 70), (ids[2], None)], T0)
    async with database.transaction() as repos:
        rows = (
            await repos.connection.execute(
                select(outbox.c.id, outbox.c.state, outbox.c.message_id).order_by(outbox.c.id)
            )
        ).all()
    assert [(row.state, row.message_id) for row in rows] == [
        (OutboxState.SENT, 70),
        (OutboxState.PENDING, None),
        (OutboxState.SENT, None),
    ]


# --- writes sent with the next statement (SQLite: queued, one trip; PostgreSQL: at once) ---


async def _audit(repos: Repositories, action: str) -> None:
    await repos.audit.append(
        at=T0, actor_id=None, action=action, subject_type="request", subject_id=1
    )


async def _actions(database: Database) -> list[str]:
    async with database.transaction() as repos:
        return [entry.action for entry in await repos.audit.since(T0)]


async def test_a_write_sent_with_the_next_is_seen_by_the_next_read_and_committed(
    database: Database,
) -> None:
    async with database.transaction() as repos:
        await _audit(repos, "first")
        await repos.inbox.mark_polled(41, T0)
        assert [e.action for e in await repos.audit.since(T0)] == ["first"]
        await _audit(repos, "second")  # nothing reads after it: it goes with the commit
        await repos.inbox.mark_polled(42, T0)
    assert await _actions(database) == ["first", "second"]
    async with database.transaction() as repos:
        assert await repos.inbox.polled() == (42, T0)


async def test_a_rolled_back_transaction_leaves_no_queued_write_behind(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as repos:
            await _audit(repos, "never read")
            raise RuntimeError("the update failed")
    with pytest.raises(RuntimeError):
        async with database.transaction() as repos:
            await _audit(repos, "read, then undone")
            assert len(await repos.audit.since(T0)) == 1
            raise RuntimeError("the update failed")
    async with database.transaction() as repos:
        await _audit(repos, "kept")
    assert await _actions(database) == ["kept"]


async def test_a_refused_queued_write_fails_its_transaction_and_frees_the_database(
    database: Database,
) -> None:
    async with database.transaction() as repos:
        await repos.people.insert(name="甲", telegram_id=701, username=None)
    bad_job = {"kind": "ack_deadline", "key": "request:9:9:0", "due_at": T0, "at": T0,
               "urgent": False, "person_id": 999_999}  # fmt: skip
    with pytest.raises(IntegrityError) as refused:  # no such person: a foreign key
        async with database.transaction() as repos:
            await _audit(repos, "with the refused job")
            await repos.schedule.plan_many([bad_job])
    if database.dialect == "sqlite":  # the error shows at the commit, naming the statement
        assert "scheduled_jobs" in " ".join(getattr(refused.value.orig, "__notes__", []))
    # Nothing of it stayed, and the next transaction (a writer too) is not locked out.
    async with database.transaction() as repos:
        await _audit(repos, "after")
    assert await _actions(database) == ["after"]


def _count_trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What goes to SQLite's thread from now on, by the name of the work sent there."""
    import aiosqlite

    trips: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        work = args[1] if fn.__name__ == "_waiting" else fn
        trips.append(getattr(work, "__name__", "?"))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return trips


async def test_only_the_commit_goes_to_sqlites_thread(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    if database.dialect != "sqlite":
        pytest.skip("trips to SQLite's thread")
    async with database.transaction() as repos:  # the pool's connection, opened before
        await repos.inbox.polled()
    trips = _count_trips(monkeypatch)
    async with database.transaction() as repos:
        await _audit(repos, "one")
        await _audit(repos, "two")
        await repos.inbox.mark_polled(43, T0)
    assert trips == ["_commit"]  # BEGIN, three writes, COMMIT; no rollback after it
    trips.clear()
    async with database.transaction() as repos:
        await _audit(repos, "three")
        assert await repos.inbox.polled() == (43, T0)  # read in the event loop's thread
    assert trips == ["_commit"]
    trips.clear()
    async with database.transaction() as repos:
        pass  # began, nothing done: no trip at all
    assert trips == []
    assert await _actions(database) == ["one", "two", "three"]


async def test_a_writer_waiting_for_another_process_leaves_the_event_loop_free(
    database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Another process (here a connection of its own) holds SQLite's write lock: the bot's
    transaction waits for it in SQLite's thread, while the event loop goes on, then writes
    everything it queued exactly once."""
    if database.dialect != "sqlite":
        pytest.skip("SQLite's write lock")
    async with database.transaction() as repos:
        await repos.inbox.polled()
    other = sqlite3.connect(tmp_path / "weige.db", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    trips = _count_trips(monkeypatch)

    async def write() -> None:
        async with database.transaction() as repos:
            await _audit(repos, "queued before the lock was free")
            await repos.inbox.mark_polled(44, T0)
            assert await repos.inbox.polled() == (44, T0)

    async def waiting_in_sqlites_thread() -> bool:
        return trips == ["_execute"]

    writing = asyncio.create_task(write())
    # Polled by this very event loop: it runs while the writer waits.
    await until(waiting_in_sqlites_thread, what="the write waits in SQLite's thread")
    assert not writing.done()
    other.execute("COMMIT")
    other.close()
    await asyncio.wait_for(writing, 10)
    assert trips == ["_execute", "_commit"]
    assert await _actions(database) == ["queued before the lock was free"]


async def _synchronous(database: Database) -> int:
    async with database.connect() as connection:
        return int((await connection.exec_driver_sql("PRAGMA synchronous")).scalar_one())


async def test_a_commit_not_waiting_for_the_disk_keeps_its_writes_and_the_next_ones_wait(
    database: Database,
) -> None:
    """A send's lease commits without waiting for the disk; what it wrote is committed all
    the same, and the connection is back to waiting for the disk afterwards, whether the
    transaction committed or rolled back."""
    async with database.transaction(durable=False) as repos:
        await _audit(repos, "leased")
    with pytest.raises(RuntimeError):
        async with database.transaction(durable=False) as repos:
            await _audit(repos, "undone")
            raise RuntimeError("the lease failed")
    async with database.transaction(durable=False):
        pass  # nothing done
    assert await _actions(database) == ["leased"]
    if database.dialect == "sqlite":
        assert await _synchronous(database) == 2  # FULL, as every connection is opened


async def test_a_write_compiled_once_stores_what_sqlalchemy_would(database: Database) -> None:
    """On SQLite a write nobody reads is compiled once and queued as it is, past
    SQLAlchemy's execution: the row it leaves is the one SQLAlchemy would have written,
    datetimes, booleans and the values compiled into the statement included."""
    from sqlalchemy import event, text

    from storage.repositories.audit import _APPEND
    from storage.repositories.outbox import _MARK_SENT

    executed: list[object] = []

    def seen(_conn: object, statement: object, *_: object) -> None:
        executed.append(statement)

    async with database.transaction() as repos:
        ids = [
            await repos.outbox.add(
                chat_id=-100, method="sendMessage", payload={"text": str(n)}, priority=1, at=T0
            )
            for n in range(2)
        ]
    at = T0 + timedelta(microseconds=250)
    event.listen(database.engine.sync_engine, "before_execute", seen)
    try:
        async with database.transaction() as repos:
            await _audit(repos, "queued")
            await repos.outbox.mark_sent_many([(ids[0], 70)], at)
            await repos.schedule.plan_many(
                [
                    {
                        "kind": "ack_deadline",
                        "key": "request:1:1:0",
                        "due_at": at,
                        "at": T0,
                        "urgent": True,
                        "person_id": None,
                    }
                ]
            )
        fast = list(executed)
        async with database.transaction() as repos:
            row = {"at": T0, "actor_id": None, "action": "executed", "subject_type": "request",
                   "subject_id": 1, "before": None, "after": None}  # fmt: skip
            await repos.connection.execute(_APPEND, row)
            await repos.connection.execute(
                _MARK_SENT, {"row_id": ids[1], "at": at, "telegram_message_id": 70}
            )
    finally:
        event.remove(database.engine.sync_engine, "before_execute", seen)
    if database.dialect == "sqlite":
        assert fast == []  # none of the three went through SQLAlchemy's execution
    async with database.connect() as connection:

        async def rows(sql: str) -> list[tuple[object, ...]]:
            return [tuple(r) for r in (await connection.execute(text(sql))).all()]

        audit = await rows("SELECT at, actor_id, subject_type, subject_id FROM audit_log")
        marked = await rows("SELECT state, sent_at, message_id, error FROM outbox ORDER BY id")
        jobs = await rows("SELECT due_at, urgent, state FROM scheduled_jobs")
    assert audit[0] == audit[1]
    assert marked[0] == marked[1] and marked[0][0] == OutboxState.SENT
    assert jobs == [(jobs[0][0], True if database.dialect == "postgresql" else 1, "pending")]
    if database.dialect == "sqlite":
        assert jobs[0][0] == "2026-11-22 08:00:00.000250"  # as SQLAlchemy writes a datetime
