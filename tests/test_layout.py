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

ROOT = Path(__file__).resolve().parent.parent
PKG_DIR = ROOT / "report_miner"

#: import cycles that are allowed, each with the reason. An entry is the set of modules in one
#: strongly connected component of the import graph (imports inside functions count: a cycle
#: through a lazy import is still two modules that cannot be understood one without the other).
ALLOWED_CYCLES: dict[frozenset[str], str] = {
    frozenset({"report_miner.cli", "report_miner.cli_ingest", "report_miner.cli_review"}):
        "the subcommand modules borrow cli's input options; branch audit moves them to "
        "cli_common (issue 11 item 5): delete this entry once that is merged",
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


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def import_graph() -> dict[str, set[str]]:
    """module -> the report_miner modules it imports (at import time or inside functions;
    imports under ``if TYPE_CHECKING:`` do not run and are left out)."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for mod, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(tree):
            if _type_checking_only(node, parents):
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
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
                # the longest prefix that is a module of ours
                parts = t.split(".")
                while parts and ".".join(parts) not in modules:
                    parts.pop()
                if parts and ".".join(parts) != mod:
                    graph[mod].add(".".join(parts))
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
    # the API imports the mining stages: the graph follows relative imports
    assert any("figures" in m for m in graph["report_miner.api"]), graph["report_miner.api"]


def test_layout_cycles_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_layout_no_import_cycle():
    graph = import_graph()
    unexpected = [sorted(c) for c in cycles(graph) if c not in ALLOWED_CYCLES]
    assert not unexpected, (
        "import cycles between report_miner modules (break them, or list them in "
        f"ALLOWED_CYCLES with the reason): {unexpected}")


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
