"""Who owns a new request and who else must hear of it at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.domain.models import Level, Person

# A consultation goes to the legal adviser too when it is about law.
_LEGAL = re.compile(
    r"法律|法援|律师|律師|合同|起诉|起訴|诉讼|訴訟|仲裁|纠纷|糾紛|赔偿|賠償|维权|維權|房东|房東|押金|遗嘱|遺囑"
    r"|继承|繼承|离婚|離婚|欠薪|工资|工資"
    r"|\blegal\b|\blaw(?:yer)?\b|\blandlord\b|\bdeposit\b|\bcontract\b|\bsue\b|\bcourt\b",
    re.IGNORECASE,
)


def is_legal(text: str) -> bool:
    return _LEGAL.search(text) is not None


@dataclass(frozen=True, slots=True)
class Posts:
    """The people around one building whom routing can choose from."""

    members: list[Person] = field(default_factory=list)
    leaders: list[Person] = field(default_factory=list)
    admins: list[Person] = field(default_factory=list)
    health_workers: list[Person] = field(default_factory=list)
    legal_advisers: list[Person] = field(default_factory=list)
    police: list[Person] = field(default_factory=list)


# Dangers the community police officer hears of at once, beside the grid leader.
POLICE_DANGERS = frozenset({"gas", "fire", "missing"})


@dataclass(frozen=True, slots=True)
class Routing:
    assignee: Person | None
    level: Level
    # (person, why): told at once but not owners.
    also: list[tuple[Person, str]]


def owner_at(level: Level, posts: Posts) -> tuple[Person | None, Level]:
    """The first level at or above `level` that has somebody on it."""
    chain = [
        (Level.MEMBER, posts.members),
        (Level.LEADER, posts.leaders),
        (Level.ADMIN, posts.admins),
    ]
    reached = False
    for candidate_level, people in chain:
        reached = reached or candidate_level == level
        if reached and people:
            return people[0], candidate_level
    return None, Level.ADMIN


def route(
    category: str, urgent: bool, text: str, posts: Posts, danger: str | None = None
) -> Routing:
    assignee, level = owner_at(Level.MEMBER, posts)
    also: list[tuple[Person, str]] = []
    if category == "care":
        also += [(person, "health") for person in posts.health_workers]
    if category == "consultation" and is_legal(text):
        also += [(person, "legal") for person in posts.legal_advisers]
    if category == "safety" or urgent:
        also += [(person, "urgent" if urgent else "safety") for person in posts.leaders]
    if danger in POLICE_DANGERS:
        also += [(person, "police") for person in posts.police]
    seen = {assignee.id} if assignee else set()
    unique = []
    for person, why in also:
        if person.id not in seen:
            seen.add(person.id)
            unique.append((person, why))
    return Routing(assignee=assignee, level=level, also=unique)
