"""Bot API error answers with the exact wording real Telegram uses.

Bot code branches on these descriptions (and aiogram maps status codes and
``parameters`` to exception classes), so the texts are copied verbatim.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Raised anywhere inside a Bot API handler; rendered as ``{"ok": false, ...}``."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str, parameters: dict[str, Any] | None = None) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}", parameters)


def forbidden(detail: str) -> ApiError:
    return ApiError(403, f"Forbidden: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        {"retry_after": retry_after},
    )


def not_found_method() -> ApiError:
    return ApiError(404, "Not Found: method not found")


CHAT_NOT_FOUND = "chat not found"
CANT_INITIATE = "bot can't initiate conversation with a user"
BLOCKED = "bot was blocked by the user"
UPGRADED = "group chat was upgraded to a supergroup chat"
TEXT_EMPTY = "message text is empty"
TOO_LONG = "message is too long"
CAPTION_TOO_LONG = "message caption is too long"
EDIT_NOT_FOUND = "message to edit not found"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
REPLY_NOT_FOUND = "message to be replied not found"
DELETE_NOT_FOUND = "message to delete not found"
CANT_DELETE = "message can't be deleted"
CANT_EDIT = "message can't be edited"
COPY_NOT_FOUND = "message to copy not found"
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
WRONG_FILE = "wrong file identifier/HTTP URL specified"
BUTTON_DATA_INVALID = "BUTTON_DATA_INVALID"
