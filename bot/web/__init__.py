"""The bot's HTTP side: the webhook, health, metrics and the Open311 read API. It renders
what the services and storage give it and holds no rules of its own."""
