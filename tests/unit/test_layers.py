"""The layers as the folders promise them: no package imports one that imports it back,
the rules never see aiogram, storage knows only the domain, and `bot/` keeps few loose modules."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ("bot", "handlers", "storage")


def _modules() -> dict[str, Path]:
    found = {}
    for top in PRODUCTION:
        for path in (ROOT / top).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _imports(path: Path) -> set[str]:
    """Every module named in an import, at any depth (a lazy import is a dependency too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _unit(module: str, packages: set[str]) -> str:
    """The package a module belongs to: bot's subpackages each count alone, as do its loose modules."""
    parts = module.split(".")
    if parts[0] != "bot":
        return parts[0]
    if len(parts) > 1 and f"bot.{parts[1]}" in packages:
        return f"bot.{parts[1]}"
    return module


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    packages = {name for name, path in modules.items() if path.name == "__init__.py"}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        source = _unit(name, packages)
        for imported in _imports(path):
            if imported.split(".")[0] in PRODUCTION and imported in modules:
                target = _unit(imported, packages)
                if target != source:
                    graph[source].add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_package_imports_one_that_imports_it_back() -> None:
    assert _cycle(_graph()) is None, " -> ".join(_cycle(_graph()) or [])


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_rules_and_storage_never_see_aiogram() -> None:
    modules = _modules()
    for name, path in modules.items():
        if name.startswith(("bot.domain", "bot.services", "bot.scheduling", "storage")):
            assert not any(i.split(".")[0] == "aiogram" for i in _imports(path)), name


def test_storage_knows_only_the_domain_of_the_bot() -> None:
    for name, path in _modules().items():
        if name.startswith("storage"):
            bot_imports = {i for i in _imports(path) if i.split(".")[0] == "bot"}
            assert all(i.startswith("bot.domain") for i in bot_imports), (name, bot_imports)


def test_production_never_imports_the_devtools_at_load_time() -> None:
    # `python -m bot demo` is the one door into devtools, opened inside the command.
    for name, path in _modules().items():
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("devtools"), name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("devtools") for a in node.names), name


def test_bot_keeps_few_loose_modules() -> None:
    loose = sorted(p.name for p in (ROOT / "bot").glob("*.py"))
    assert len(loose) <= 8, loose
