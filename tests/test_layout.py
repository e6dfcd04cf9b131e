"""The layout keeps its shape: dependencies run one way (app → reports → analyzer; rules is data), no
import cycle between modules, and the cache key covers all the code that decides a cached result.

Imports are read with ``ast`` from the installed packages' files, including those inside functions (a
lazy import is still a dependency). Importing a module also runs its packages' ``__init__``, so an import
of ``kiyaku.analyzer.engine.rulepack`` depends on ``kiyaku.analyzer.engine`` too.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

# Higher layers may import lower ones, never the reverse; data packages import nothing of ours.
LAYERS = {"kiyaku.analyzer": 0, "kiyaku.reports": 1}
DATA = ("kiyaku.rules", "kiyaku.corpora")
APP = 2
OLD_NAMES = {"analyzer", "reports", "rules", "corpora", "app"}  # the pre-kiyaku top-level names


def _modules() -> dict[str, Path]:
    """Every module of the installed kiyaku packages, by dotted name."""
    out: dict[str, Path] = {}
    for top in ("kiyaku", "kiyaku.analyzer", "kiyaku.reports", "kiyaku.rules"):
        package = importlib.import_module(top)
        root = Path(package.__file__).parent
        for path in root.rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join([top, *parts])] = path
    return out


MODULES = _modules()


def _layer(module: str) -> int | None:
    if module.startswith(DATA):
        return None
    for prefix, layer in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return APP


def _package_of(module: str) -> str:
    return module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def _imports(module: str) -> set[str]:
    """Dotted names this module imports (anywhere in it), as written, relative ones resolved."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = _package_of(module).split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return out


def _edges(module: str) -> set[str]:
    """Our modules that importing ``module`` runs: each import and the packages above it not yet running."""
    own = {module.rsplit(".", k)[0] for k in range(module.count(".") + 1)}
    out = set()
    for name in _imports(module):
        if not name.startswith("kiyaku"):
            continue
        parts = name.split(".")
        for k in range(1, len(parts) + 1):
            prefix = ".".join(parts[:k])
            if prefix in MODULES and prefix not in own:
                out.add(prefix)
    return out


GRAPH = {module: _edges(module) for module in MODULES}


def test_the_layout_is_installed_under_kiyaku():
    assert "kiyaku.cli" in MODULES and "kiyaku.analyzer.engine.document" in MODULES
    assert "kiyaku.reports.compare.diff" in MODULES and "kiyaku.reports.render.analysis" in MODULES
    assert Path(MODULES["kiyaku.rules"]).parent.joinpath("macros.yaml").is_file()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_of_the_old_top_level_names(module):
    """From the repository root, ``import analyzer`` would still work by accident: nothing may rely on it."""
    old = sorted(name for name in _imports(module) if name.split(".")[0] in OLD_NAMES)
    assert not old, f"{module} imports {old}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_dependencies_run_one_way(module):
    layer = _layer(module)
    wrong = sorted(
        target
        for target in GRAPH[module]
        if target != "kiyaku"  # the top package's __init__ only (empty), run by every import
        and (layer is None or (_layer(target) is not None and _layer(target) > layer))
    )
    assert not wrong, f"{module} (layer {layer}) imports a higher layer: {wrong}"


def test_the_app_layer_is_imported_by_no_lower_layer():
    app = {m for m in MODULES if _layer(m) == APP and m != "kiyaku"}
    importers = sorted(m for m in MODULES if _layer(m) != APP and GRAPH[m] & app)
    assert not importers


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module, or a module importing itself (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


def test_the_cycle_check_finds_a_cycle():
    """The check itself: a two-module loop and a loop through a package's __init__ are found."""
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    assert _cycles({"p": {"p.x"}, "p.x": {"q"}, "q": {"p"}}) == [["p", "p.x", "q"]]


def test_the_cache_key_covers_every_engine_module():
    """A module split out of the engine that the key did not hash would let stale cached results survive."""
    from kiyaku.analyzer import engine, nlp
    from kiyaku.analyzer.cache import code_files

    hashed = {path.resolve() for path in code_files()}
    engine_files = {Path(engine.__file__).resolve()} | {
        (Path(engine.__file__).parent / f"{info.name}.py").resolve() for info in pkgutil.iter_modules(engine.__path__)
    }
    assert len(engine_files) >= 7
    assert engine_files | {Path(nlp.__file__).resolve()} <= hashed


def test_no_word_lists_in_the_engines_python():
    """Vocabulary lives in rules/macros.yaml (`vocabularies:`), beside the term lists: a collection of three or
    more Japanese words written in an engine module is a word list in the wrong place."""
    from kiyaku.analyzer import engine

    def japanese(node) -> bool:
        """A Japanese word; a single kana or mark (particles に, へ, が; 。) is grammar, not vocabulary."""
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            return False
        text = node.value
        return any(ord(c) > 0x3000 for c in text) and not (len(text) == 1 and not "\u4e00" <= text <= "\u9fff")

    found = []
    for path in sorted(Path(engine.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and sum(map(japanese, node.elts)) >= 3:
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
