"""Uniform access to Bot API parameters, whatever the request encoding.

aiogram's AiohttpSession posts multipart/form-data in which every scalar is a
string (``"123"``, ``"true"``) and nested objects are JSON-encoded strings; files
arrive as separate parts referenced by ``attach://<name>``. Other clients send
JSON bodies with native types, or urlencoded forms. Handlers read through this
class so that all three look the same to them.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from devtools.emulator.errors import bad_request


@dataclass(frozen=True, slots=True)
class Upload:
    """A file part from a multipart request."""

    filename: str
    content: bytes
    content_type: str


_TRUE = {"true", "1", "yes", "on"}


class Params:
    def __init__(self, values: Mapping[str, Any], files: Mapping[str, Upload]) -> None:
        self.values = dict(values)
        self.files = dict(files)

    def __contains__(self, name: builtins.str) -> builtins.bool:
        return self.values.get(name) is not None

    def raw(self, name: builtins.str) -> Any:
        return self.values.get(name)

    def str(self, name: builtins.str) -> builtins.str | None:
        value = self.values.get(name)
        if value is None:
            return None
        return value if isinstance(value, builtins.str) else json.dumps(value, ensure_ascii=False)

    def int(self, name: builtins.str, default: builtins.int | None = None) -> builtins.int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, builtins.bool):
            return builtins.int(value)
        try:
            return builtins.int(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Integer') from None

    def float(self, name: builtins.str, default: builtins.float = 0.0) -> builtins.float:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return builtins.float(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Float') from None

    def bool(self, name: builtins.str, default: builtins.bool = False) -> builtins.bool:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, builtins.str):
            return value.strip().lower() in _TRUE
        return builtins.bool(value)

    def json(self, name: builtins.str) -> Any:
        """A nested object: JSON string in forms, native value in JSON bodies."""
        value = self.values.get(name)
        if isinstance(value, builtins.str):
            if value == "":
                return None
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_id(self, name: builtins.str = "chat_id") -> builtins.int | builtins.str:
        value = self.values.get(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        if isinstance(value, builtins.int) and not isinstance(value, builtins.bool):
            return value
        text = builtins.str(value).strip()
        if text.startswith("@"):
            return text
        try:
            return builtins.int(text)
        except ValueError:
            raise bad_request("chat not found") from None


async def read_params(request: web.Request) -> Params:
    values: dict[str, Any] = dict(request.query)
    files: dict[str, Upload] = {}
    if request.can_read_body:
        ctype = request.content_type
        if ctype == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                values.update(body)
        elif ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = Upload(
                        filename=value.filename,
                        content=value.file.read(),
                        content_type=value.content_type,
                    )
                else:
                    values[key] = value
    return Params(values, files)
