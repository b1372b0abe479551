"""The grid teaches the parser: corrections become labelled examples, `learn` fits each
community's adjustment from them (bot/parsing/corrections.py) on top of the shipped model."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.parsing.corrections import Correction, fit
from storage.repositories import Repositories

PAYLOAD_VERSION = 1


@dataclass(frozen=True, slots=True)
class Fitted:
    community: str
    examples: int  # labelled examples read
    kept: int  # distinct texts kept (the latest label of each)


async def learn(repos: Repositories, now: datetime) -> list[Fitted]:
    """Fit and store every community's adjustment from all its examples."""
    by_community: dict[int, tuple[str, list[Correction]]] = {}
    for example in await repos.examples.all():
        _, labelled = by_community.setdefault(example.community_id, (example.community, []))
        labelled.append(
            Correction(example.text, example.is_request, example.category, example.urgent)
        )
    fitted = []
    for community_id, (name, labelled) in sorted(by_community.items()):
        kept = fit(labelled)
        payload = {"version": PAYLOAD_VERSION, "examples": [c.to_dict() for c in kept]}
        await repos.examples.save_adjustment(
            community_id, json.dumps(payload, ensure_ascii=False), now
        )
        fitted.append(Fitted(name, len(labelled), len(kept)))
    return fitted


async def adjustments(repos: Repositories) -> dict[str, list[Correction]]:
    """The stored adjustments, by community name, for ParserBook.load."""
    loaded: dict[str, list[Correction]] = {}
    for row in await repos.examples.adjustments():
        payload = json.loads(row.payload)
        if payload.get("version") != PAYLOAD_VERSION:
            continue  # written by another version: the next learn rewrites it
        loaded[row.community] = [Correction.from_dict(e) for e in payload["examples"]]
    return loaded


async def export_examples(repos: Repositories) -> list[dict[str, Any]]:
    """The examples in the fields of docs/parsing.md, plus community and source."""
    return [
        {
            "text": e.text,
            "is_request": e.is_request,
            "category": e.category,
            "urgent": e.urgent,
            "community": e.community,
            "source": e.source,
        }
        for e in await repos.examples.all()
    ]
