"""How many households a problem affects, and when its owner hears the count grow."""

from __future__ import annotations

# The owner is told when the count reaches one of these, not at every "+1": a building's
# water cut would otherwise send them a message per flat.
MILESTONES = frozenset({2, 3, 5, 10, 20, 50, 100, 200, 500})


def worth_telling(households: int) -> bool:
    return households in MILESTONES
