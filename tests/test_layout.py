"""The package is laid out as its pipeline, and imports only go down it.

Every import is read from the source (function-level and ``TYPE_CHECKING`` ones too), so
a cycle hidden inside a function still fails here.
"""

from __future__ import annotations

import ast
import functools
import importlib
import subprocess
import sys
import types
from pathlib import Path

import pytest

import letters

PACKAGE = Path(letters.__file__).parent

#: The steps, lowest first. A module may import its own step and the steps before it.
LAYERS: list[tuple[str, ...]] = [
    ("letters.locale",),  # messages in the user's language: imports nothing of letters
    ("letters.errors",),
    ("letters.paths",),
    ("letters.phrasebook",),
    ("letters.fsio",),  # file-system primitives: atomic files, temporary names, the lock
    ("letters.output",),
    ("letters.cache", "letters.rx"),  # rx: our regular expressions, compiled once per Python build
    ("letters.casefile",),
    ("letters.plan",),
    ("letters.viewmodel",),
    ("letters.render",),
    ("letters.templating",),
    ("letters.pipeline",),
    ("letters.batch", "letters.manifest"),
    ("letters.interview",),
    ("letters.serve",),  # the local web app: the same steps behind web pages
    ("letters.cli", "letters.__main__"),
]


def layer_of(module: str) -> int:
    if module == "letters":  # the public API: it may name anything (lazily, by string)
        return len(LAYERS)
    for index, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{module} belongs to no step of the pipeline: add it to LAYERS")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def tree_of(path: Path) -> ast.Module:
    """The module's syntax tree, parsed once for every test of this file."""
    return ast.parse(path.read_text(encoding="utf-8"))


def imports_of(path: Path) -> list[tuple[int, str]]:
    """``(line, module)`` for every import of a ``letters`` module in the file, at any depth."""
    tree = tree_of(path)
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            if base == "letters":  # from letters import cache → the submodule letters.cache
                found += [(node.lineno, f"letters.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, base))
    return [(line, name) for line, name in found if name == "letters" or name.startswith("letters.")]


SOURCES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_at_most_a_dozen_modules_stay_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(top) <= 12, top


def test_every_module_belongs_to_a_step() -> None:
    for path in SOURCES:
        layer_of(module_name(path))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: module_name(p))
def test_imports_only_go_down_the_pipeline(path: Path) -> None:
    here = module_name(path)
    mine = layer_of(here)
    upward = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name} ({LAYERS[layer_of(name)][0]} is after {LAYERS[mine][0]})"
        for line, name in imports_of(path)
        if name != "letters" and layer_of(name) > mine
    ]
    assert upward == []


def test_no_import_cycle_between_modules() -> None:
    graph: dict[str, set[str]] = {}
    names = {module_name(p) for p in SOURCES}
    for path in SOURCES:
        graph[module_name(path)] = {n for _, n in imports_of(path) if n in names and n != module_name(path)}
    seen: dict[str, int] = {}  # 1 visiting, 2 done
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if seen.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in seen:
                visit(nxt, trail + [nxt])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [node])
    # a package importing its own submodules (and they it, for the package docstring) is not a cycle
    real = [c for c in cycles if not any(a.startswith(b + ".") or b.startswith(a + ".") for a, b in zip(c, c[1:]))]
    assert real == []


def test_no_private_name_is_imported_from_another_module() -> None:
    offenders = []
    for path in SOURCES:
        for node in ast.walk(tree_of(path)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("letters"):
                offenders += [
                    f"{module_name(path)}:{node.lineno}: {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and alias.name != "_"
                ]  # gettext's _
    assert offenders == []


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_letters_help_does_not_build_the_case_model() -> None:
    # sys.modules is read after --help ran, so a lazily imported model would show
    """``letters --help`` must stay fast: pydantic and the case model are not imported for it."""
    out = _run(
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from letters.cli import cli\n"
        "result = CliRunner().invoke(cli, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'letters.casefile.model', 'docx', 'docxtpl', 'babel'))))\n"
    )
    assert out.strip() == "[]"


def test_importing_letters_pulls_in_nothing_heavy() -> None:
    out = _run(
        "import sys, letters\nprint(sorted(m for m in sys.modules if m.startswith(('pydantic', 'click', 'yaml', 'docx', 'jinja2', 'babel'))))\n"
    )
    assert out.strip() == "[]"


PUBLIC = [name for name in letters.__all__ if name != "__version__"]


@pytest.mark.parametrize("name", PUBLIC)
def test_each_public_name_is_the_same_object_on_every_use(name: str) -> None:
    """No submodule import can replace a public function (``letters.generate`` once did)."""
    first = getattr(letters, name)
    for step in ("letters.batch", "letters.pipeline", "letters.casefile.logbook", "letters.plan.stages"):
        importlib.import_module(step)

    assert getattr(letters, name) is first
    assert not isinstance(first, types.ModuleType)
