from __future__ import annotations

from bot.domain.models import State


class ServiceError(Exception):
    """A refusal the user should read about; `key` names the catalogue text."""

    key = "error-generic"

    def __init__(self, **args: object) -> None:
        super().__init__(self.key, args)
        # Numbers here are identifiers (#12345), not quantities: no digit grouping.
        self.args_for_text = {k: str(v) if isinstance(v, int) else v for k, v in args.items()}


class NotFound(ServiceError):
    key = "error-request-not-found"


class NotAllowed(ServiceError):
    key = "error-not-allowed"


class NotReporter(ServiceError):
    key = "error-not-reporter"


class NotWriter(ServiceError):
    """A question about a message is answered by whoever wrote it."""

    key = "error-not-writer"


class InvalidTransition(ServiceError):
    key = "error-invalid-transition"

    def __init__(self, state: State, action: str) -> None:
        super().__init__(state=state.value, action=action)
        self.state = state
        self.action = action


class AlreadyTop(ServiceError):
    key = "error-already-top"


class NotBound(ServiceError):
    key = "error-chat-not-bound"


class Anonymous(ServiceError):
    key = "error-anonymous-sender"


class BuildingNotFound(ServiceError):
    key = "error-building-not-found"


class BuildingAmbiguous(ServiceError):
    key = "error-building-ambiguous"


class InvalidRating(ServiceError):
    """Only from altered button data: the buttons offer the valid ratings alone."""

    key = "error-invalid-rating"


class UnknownCategory(ServiceError):
    key = "error-unknown-category"
