"""Pure time logic (time expressions, recurrence, quiet hours) and the runner that claims due rows.

Every due thing is a row in `scheduled_jobs`; APScheduler is only the clock that claims
due rows and acts on them in one transaction with the outbox messages they cause.
"""
