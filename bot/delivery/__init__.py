"""Getting updates from Telegram and messages to it: polling, the outbox writer, the limiter, the sender."""
