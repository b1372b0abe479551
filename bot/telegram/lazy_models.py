"""aiogram's Telegram types built when first used, not all at import: about 110 MB less per worker.

aiogram declares its ~600 types and methods with pydantic's `defer_build`, then rebuilds
every one of them at the end of `aiogram.types` (to resolve their forward references),
which builds all their validators at once. A bot that reads a handful of update kinds and
calls a dozen methods carries the rest for nothing; with several workers a host pays it
once per worker. Here the namespace that loop hands over is kept instead of building, and
a model is built on its first use with that namespace, as `defer_build` intends.

Installed by `bot/__init__.py`, before anything imports aiogram; it touches aiogram's
models only.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

_namespace: dict[str, Any] = {}
_rebuild = BaseModel.model_rebuild.__func__  # type: ignore[attr-defined]


def _aiogram(cls: type[BaseModel]) -> bool:
    return cls.__module__.startswith("aiogram.")


def _model_rebuild(
    cls: type[BaseModel],
    *,
    force: bool = False,
    raise_errors: bool = True,
    _parent_namespace_depth: int = 2,
    _types_namespace: Any = None,
) -> bool | None:
    if _aiogram(cls) and not force:
        if _types_namespace is not None and cls.__module__.startswith("aiogram.types"):
            _namespace.update(_types_namespace)  # the import-time loop: remember, build later
            return None
        if _types_namespace is None and _namespace:
            _types_namespace = _namespace  # a first use: build with the names it needs
    result: bool | None = _rebuild(
        cls,
        force=force,
        raise_errors=raise_errors,
        _parent_namespace_depth=_parent_namespace_depth + 1,
        _types_namespace=_types_namespace,
    )
    return result


def install() -> None:
    if getattr(BaseModel.model_rebuild, "__func__", None) is not _model_rebuild:
        BaseModel.model_rebuild = classmethod(_model_rebuild)  # type: ignore[method-assign,assignment]
