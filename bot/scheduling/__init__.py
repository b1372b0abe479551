"""Scheduling: meetings, reminders, deadlines and digests, with the database as the source of truth.

Every due thing is a row in `scheduled_jobs`; APScheduler is only the clock that claims
due rows and acts on them in one transaction with the outbox messages they cause.
"""
