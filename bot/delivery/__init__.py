"""Getting messages to Telegram: the outbox writer, the rate limiter and the sender."""
