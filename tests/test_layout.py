"""The package's shape: no import cycle between report_miner's modules, a light ``import
report_miner``, and every subpackage shipped in the wheel.

Written for the tree before and after ``tools/relayout.py``: the module names below are plain
dotted names, which the script rewrites with the rest of the tree.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parent.parent
PKG_DIR = ROOT / "report_miner"

#: imports that point back up the data flow, each with its reason. They are left out before
#: looking for cycles, and each must stay lazy (inside a function): an import-time cycle would
#: make the import order matter. Everything else must form no cycle, whether imported at import
#: time or inside a function (the CLI modules that imported each other lazily were a cycle).
_RULESET_BUILDS = ("RuleSet builds each stage's compiled object from its rules on first use "
                   "(and asks the audit's check registry what a check's params are); the stages "
                   "read the RuleSet they are given. Issue 11 item 7: these builders move to a "
                   "ruleset compiled module, and only it imports the stages.")
ALLOWED_EDGES: dict[tuple[str, str], str] = {
    ("report_miner.ruleset.load", "report_miner.mining.context"): _RULESET_BUILDS,
    # RuleSet.split_numbers: the units that mend a number a line break cut (rules/units.yaml)
    ("report_miner.ruleset.load", "report_miner.mining.normalise"): _RULESET_BUILDS,
    ("report_miner.ruleset.load", "report_miner.mining.figures"): _RULESET_BUILDS,
    ("report_miner.ruleset.load", "report_miner.mining.blanks"): _RULESET_BUILDS,
    ("report_miner.ruleset.load", "report_miner.mining.structure"): _RULESET_BUILDS,
    ("report_miner.ruleset.load", "report_miner.mining.audit"): _RULESET_BUILDS,
    ("report_miner.ruleset.load", "report_miner.mining.document"): _RULESET_BUILDS,
    # RuleSet.blank_patterns: each blank pattern compiled once, guarded by its required characters
    ("report_miner.ruleset.load", "report_miner.mining.prefilter"): _RULESET_BUILDS,
    ("report_miner.ruleset.load", "report_miner.analysis.topics"): _RULESET_BUILDS,
    ("report_miner.ruleset.load", "report_miner.analysis.archive_audit"): _RULESET_BUILDS,
}

#: what ``import report_miner`` must not load: the heavy libraries and anything that compiles
#: or reads rules (regex, yaml) — they load on first use.
HEAVY = ("pandas", "numpy", "jieba", "regex", "yaml", "sklearn", "scipy", "opencc", "openpyxl",
         "pyarrow", "docx", "pdfminer", "lxml", "charset_normalizer", "jinja2", "spacy", "dask",
         "distributed", "matplotlib", "tqdm")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PKG_DIR.rglob("*.py") if "__pycache__" not in p.parts}


def _enclosing(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> tuple[bool, bool]:
    """(under ``if TYPE_CHECKING:``, inside a function) for an import statement."""
    type_only = lazy = False
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only = True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            lazy = True
    return type_only, lazy


def import_edges() -> dict[tuple[str, str], bool]:
    """(importer, imported) -> True when every such import is lazy (inside a function).

    Imports under ``if TYPE_CHECKING:`` never run and are left out."""
    modules = _modules()
    edges: dict[tuple[str, str], bool] = {}
    for mod, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            type_only, lazy = _enclosing(node, parents)
            if type_only:
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                if node.level:
                    base = package.split(".")
                    base = base[:len(base) - node.level + 1]
                    full = ".".join(base + ([node.module] if node.module else []))
                else:
                    full = node.module or ""
                # from pkg import submodule imports the submodule; from mod import name, mod
                targets = [f"{full}.{a.name}" if f"{full}.{a.name}" in modules else full
                           for a in node.names]
            for t in targets:
                parts = t.split(".")  # the longest prefix that is one of our modules
                while parts and ".".join(parts) not in modules:
                    parts.pop()
                target = ".".join(parts)
                if parts and target != mod:
                    edges[(mod, target)] = edges.get((mod, target), True) and lazy
    return edges


def import_graph(skip: Iterable[tuple[str, str]] = ()) -> dict[str, set[str]]:
    """module -> the report_miner modules it imports, at import time or inside functions."""
    graph: dict[str, set[str]] = {m: set() for m in _modules()}
    skip = set(skip)
    for (a, b) in import_edges():
        if (a, b) not in skip:
            graph[a].add(b)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = set()
                    while True:
                        m = stack.pop()
                        on_stack.discard(m)
                        comp.add(m)
                        if m == node:
                            break
                    if len(comp) > 1:
                        found.append(frozenset(comp))
    return found


def test_layout_import_graph_sees_the_package():
    graph = import_graph()
    assert "report_miner.api" in graph and "report_miner.tables" in graph
    # relative imports are followed: the API imports the result tables (at least)
    assert "report_miner.tables" in graph["report_miner.api"] or graph["report_miner.api"]
    assert sum(len(v) for v in graph.values()) > len(graph)


def test_layout_cycles_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_layout_no_import_cycle():
    graph = import_graph(skip=ALLOWED_EDGES)
    found = cycles(graph)
    described = [" ; ".join(f"{a} -> {', '.join(sorted(graph[a] & c))}" for a in sorted(c))
                 for c in found]
    assert not found, (
        "import cycles between report_miner modules (break them, or list the import that "
        "points back up the data flow in ALLOWED_EDGES with the reason):\n" + "\n".join(described))


def test_layout_allowed_back_imports_stay_lazy():
    edges = import_edges()
    eager = sorted(e for e in ALLOWED_EDGES if e in edges and not edges[e])
    assert not eager, f"imports allowed to point back up the data flow must be lazy: {eager}"


def test_layout_import_report_miner_loads_nothing_heavy():
    code = ("import sys, json; import report_miner; report_miner.__version__; dir(report_miner); "
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    loaded = set(json.loads(out))
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert not heavy, f"import report_miner loads {heavy}: import them on first use"
    ours = sorted(m for m in loaded if m.startswith("report_miner.") and m != "report_miner.rules")
    assert not ours, f"import report_miner loads {ours}: the public API is lazy (_LAZY)"


def test_layout_every_subpackage_is_in_the_wheel():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    on_disk = {_module_name(p) for p in PKG_DIR.rglob("__init__.py") if "__pycache__" not in p.parts}
    assert on_disk <= listed, f"packages missing from pyproject.toml: {sorted(on_disk - listed)}"
    assert "report_miner.rules" in listed


def test_layout_every_report_miner_reference_resolves():
    """Imports, ``mock.patch``/``monkeypatch`` targets, doctest imports, ``:mod:`` roles and
    file paths that name report_miner's modules (in the package, tests, bench, README,
    pyproject) all name something that exists: what ``tools/relayout.py --check`` checks after
    moving modules, kept true in between."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("relayout", ROOT / "tools" / "relayout.py")
    relayout = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(relayout)
    assert relayout.check(ROOT) == []
