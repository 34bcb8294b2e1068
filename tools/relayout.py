#!/usr/bin/env python3
"""Move report_miner's flat modules into subpackages that show the data flow (issue 11, item 7).

Run it at the root of a checkout (standard library only; moves go through ``git mv`` so
``git log --follow`` and ``git blame`` keep each file's history)::

    python3 tools/relayout.py --dry-run       # what would move, which files would change
    python3 tools/relayout.py                 # move, rewrite every reference, then --check
    python3 dev.py test -q && git commit -qam "relayout: subpackages that show the data flow"
    python3 tools/relayout.py --split         # then split io.py and ingest.py (SPLIT_PLAN)
    python3 dev.py test -q && git add -A && git commit -qm "relayout: split readers and store"
    python3 tools/relayout.py --check         # only check that every reference resolves
    python3 tools/relayout.py --split-report  # check SPLIT_PLAN, list the lines a split touches

Two commits, so git sees each module's move as a rename (commit 1) and the split as edits to
the moved file (commit 2); ``git blame -C -C`` follows the definitions into the new parts.

Meant to run on main once the helpers' branches are merged: it works on whatever modules the
tree holds, and running it twice is a no-op (the second run finds nothing to move and every
reference already new). Exit status: 0 done, 1 ``--check`` found references that do not
resolve (listed as file:line), 2 not a checkout, 3 done but some modules have no line in
``MOVES`` (listed loudly; see below).

The target layout (``MOVES`` below; ``report_miner.`` omitted), in the order data flows::

    api errors tables                 stay: the thin public API, errors, the result tables
    ruleset/   load                    rules as data: loader, validator, RuleData (RuleSet)
    readers/   load                    file -> Document (encodings, docx, pdf, html, doc, walking)
    mining/    normalise numerals context prefilter figures blanks structure audit
               document explain        the stages, a Doc through components, provenance
    store/     writers ingest          tables -> xlsx/SQLite/CSV/JSONL; the incremental archive
    analysis/  compare similarity topics charts      applications on the tables
    render/    review review_model review_html terminal templates/   what a person looks at
    integrations/ spacy dask           the spaCy component, the Dask engine (optional extras)
    cli/       app ingest review common  ``report-miner`` (entry point ``cli.app:main``)

The subpackages' ``__init__.py`` hold a docstring and import nothing, so ``import
report_miner`` stays as light as before (``tests/test_layout.py`` checks it, and that no
import cycle appears and every subpackage is listed in ``pyproject.toml``).

What it rewrites, in ``report_miner/``, ``tests/``, ``bench/``, ``tools/``, ``docs/``,
``.ci/``, ``README.md``, ``pyproject.toml`` and ``dev.py`` (not in this file):

- relative imports (``from .figures import X``, ``from . import figures``, ``from .. import
  __version__``): resolved from the file's place before the move, written again relative to
  its place after it;
- absolute imports (``from report_miner.io import X``, ``import report_miner.ingest as ing``,
  ``from report_miner import context, figures`` -> ``from report_miner.mining import …``);
- every dotted name in any text: ``importlib.import_module("report_miner.api")``, the lazy
  table in ``report_miner/__init__.py``, ``mock.patch``/``monkeypatch`` targets
  ``"report_miner.io.read_document"``, doctest imports, ``:mod:``/``:func:`` roles,
  ``python -m report_miner.cli_ingest``, entry points in ``pyproject.toml``;
- file paths (``report_miner/ingest.py``) and, in Markdown, bare old file names
  (``review_model.py`` -> ``render/review_model.py``);
- the templates folder (``report_miner/templates`` -> ``report_miner/render/templates``): the
  ``jinja2.PackageLoader`` call, ``importlib.resources.files(…) / "templates"``,
  ``package-data`` and the test that reads it (``TEXT_REWRITES``);
- ``packages = [...]`` in ``pyproject.toml``, regenerated from the layout (the wheel must
  list every subpackage; ``report_miner.rules`` stays the rules folder as package data).

A dotted name is old when its first part is a key of ``MOVES``. Three old modules become
packages of the same name (``store``, ``ruleset``, ``cli``): there a name followed by one of the
package's new submodules (``report_miner.store.writers``; ``from report_miner.store import
writers``) is already new and left alone. That is what makes a second run a no-op.

Modules with no line in ``MOVES`` (a branch added ``report_miner/foo.py``) are reported loudly
and left where they are; their imports are rewritten like every other file's, so the tree
works. Add one line (``"foo": "mining.foo",``) and run again: foo moves and its imports are
written relative to its new place.

What it cannot do:

- relative imports in a file that sits at its new place but was written for its old one (a
  branch merged *after* the relayout whose hunks git carries into ``mining/figures.py``):
  merge every branch first, then run it; ``--check`` names any import that no longer resolves;
- dotted names built at run time (``"report_miner." + name``, ``f"report_miner.{m}"``: the
  CLI tests now list full names for this reason), prose naming a module without its package
  (``the ingest module``), and lines it makes longer than 100 characters (docstrings, README).

The split (``--split``) moves named top-level definitions (with their decorators and the
comment lines right above them) out of ``readers/load.py`` (ex io.py) and ``store/ingest.py``
(ex ingest.py) into new modules, each with the imports its code uses, and:

- imports back into the old module what its own code, its ``__all__``, its doctests and any
  caller reading ``alias.name`` (also in code held in a string) still need, so
  ``rio.read_text`` and ``ing.open_archive`` keep working;
- rewrites ``from M import a, b`` per name to each name's new home (relative stays relative);
- rewrites ``report_miner.M.a`` in any text (``mock.patch`` targets, docs) to the new home;
- rewrites ``monkeypatch.setattr(alias, "a", v)`` to ``monkeypatch.setattr("report_miner.home.a",
  v)``, so a patch lands in the module whose functions read the name (``SPLIT_PATCH_HOMES``
  says where for names that are not the module's own, such as the builtin ``open``);
- refuses a plan whose parts would import each other in a circle (``--split-report`` shows
  the imports between the parts before anything is touched).

It cannot redirect ``alias.a = value`` assignments to a moved name (it names each such line;
none exists today), and the old module keeps imports its remaining code no longer uses
(callers reach some names through it; a linter lists them).
"""
from __future__ import annotations

import argparse
import ast
import builtins
import re
import subprocess
import sys
import textwrap
from pathlib import Path

PKG = "report_miner"

#: old top-level module -> new module (both relative to ``report_miner``). One line per module;
#: a module that a branch adds gets a line here (the script says which ones are missing).
MOVES: dict[str, str] = {
    # rules as data
    "ruleset": "ruleset.load",
    # file -> Document
    "io": "readers.load",
    # the mining stages, in pipeline order
    "normalise": "mining.normalise",
    "numerals": "mining.numerals",
    "context": "mining.context",          # clause, sentence, subject/action, the private segmenter
    "prefilter": "mining.prefilter",      # branch speed
    "figures": "mining.figures",
    "blanks": "mining.blanks",
    "structure": "mining.structure",
    "audit": "mining.audit",
    "document": "mining.document",        # branch core: Doc, Pipeline, components
    "explain": "mining.explain",          # branch core: provenance, step by step
    # tables -> files and databases
    "store": "store.writers",
    "ingest": "store.ingest",
    # applications on the tables
    "compare": "analysis.compare",
    "similarity": "analysis.similarity",
    "topics": "analysis.topics",
    "charts": "analysis.charts",
    # what a person looks at
    "review": "render.review",
    "review_model": "render.review_model",
    "review_render": "render.review_html",
    "report_view": "render.terminal",
    # the ecosystem
    "spacy_component": "integrations.spacy",
    "distributed": "integrations.dask",
    # the command line
    "cli": "cli.app",
    "cli_ingest": "cli.ingest",
    "cli_review": "cli.review",
    "cli_common": "cli.common",           # branch audit
}

#: top-level modules that stay where they are.
STAY = {"__init__", "__main__", "api", "errors", "tables"}

#: folders of package data that move with their code (path relative to the checkout root).
DATA_MOVES = {f"{PKG}/templates": f"{PKG}/render/templates"}

#: docstrings of the new subpackages' ``__init__.py`` (they import nothing: ``import report_miner``
#: stays light, and a subpackage costs nothing until one of its modules is used).
PACKAGES: dict[str, str] = {
    "ruleset": "Rules as data: the loader and validator of ``rules/*.yaml`` and the compiled "
               "rules.",
    "readers": "Files to :class:`~report_miner.readers.load.Document`: encodings, .txt, .docx, "
               ".pdf, .html, .doc, folders.",
    "mining": "The mining stages: normalise → figures → blanks → structure → audit, with the "
              "number parser and the context segmenter they share.",
    "store": "Tables to files and databases: the writers (xlsx, SQLite, CSV, JSON Lines) and the "
             "incremental SQLite archive (ingest, export).",
    "analysis": "Applications on the result tables: townships compared, copied passages, section "
                "topics, charts.",
    "render": "What a person looks at: the HTML review pages (Jinja2 templates) and the terminal "
              "audit view.",
    "integrations": "report_miner inside other tools: the spaCy component and the Dask engine "
                    "(optional extras).",
    "cli": "The ``report-miner`` command line (entry point ``report_miner.cli.app:main``).",
}

#: literal rewrites for data that moves (the templates folder); each pattern is idempotent.
TEXT_REWRITES: list[tuple[str, str]] = [
    # jinja2.PackageLoader("report_miner", "templates")
    (r'PackageLoader\(\s*(["\'])report_miner\1(\s*,\s*["\']templates["\'])',
     r'PackageLoader(\1report_miner.render\1\2'),
    # importlib.resources.files("report_miner") / "templates"
    (r'files\(\s*(["\'])report_miner\1(\s*\)\s*/\s*["\']templates["\'])',
     r'files(\1report_miner.render\1\2'),
    # pyproject.toml package-data, and tests that read it
    (r'^"report_miner"(\s*=\s*\["templates/)', r'"report_miner.render"\1'),
    (r'(\["package-data"\]\[)(["\'])report_miner\2(\])', r'\1\2report_miner.render\2\3'),
    # paths of the folder in prose and docstrings
    (r'(?<![\w/])report_miner/templates\b', r'report_miner/render/templates'),
]

#: The split of the two largest modules, as data: module (after MOVES) -> {new module: names
#: moved into it}; every top-level name not listed stays. Executed by ``--split``, checked by
#: ``--split-report``. With this plan the parts import each other without a cycle:
#:
#:   readers: base (Document, _no_text) <- encoding <- files, html; base <- docx, pdf, doc;
#:            load (read_document, _sniff, FORMATS, _LOADERS, _load_txt, magic bytes) <- all
#:   store:   archive (IngestError, the files schema, open_archive, _Writer, SQL values)
#:            <- ingest (ingest, IngestStats, workers, _Run, _mine_one and its callers, which
#:            tests patch together), export (export, ZH_LABELS, csv/parquet/xlsx streaming)
#:
#: Names a branch adds to these modules (``INPUT_SUFFIXES`` on audit) stay unless listed;
#: ``--split-report`` prints what stays so the plan can be extended by one word.
SPLIT_PLAN: dict[str, dict[str, list[str]]] = {
    "readers.load": {
        "readers.base": ["Document", "_no_text"],
        "readers.encoding": [
            "_BINARY", "_BOMS", "_MAGIC", "_CANDIDATES", "_MAX_CONTROL_SHARE", "_MIN_PLAUSIBILITY",
            "_UTF8_SHARE", "_CONTROL_BYTES", "_NON_CONTROL_BYTES", "_ASCII_BYTES", "_CONTROL_CHARS",
            "_NON_ASCII_RUNS", "decode_bytes", "MAX_BAD_BYTES", "BYTES_PER_BAD_BYTE",
            "_decode_tolerant", "_decode_utf16_by_nuls", "_decode_chinese", "_chaos",
            "_mostly_utf8", "_control_share", "_check_control", "_char_weight", "_is_common_han",
            "_plausibility"],
        "readers.files": [  # tests patch "open" and MAX_FILE_BYTES here
            "read_text", "MAX_FILE_BYTES", "_os_reason", "_check_regular", "_read_bytes",
            "file_digest", "iter_files", "_walk", "_is_hidden"],
        "readers.docx": [  # tests patch MAX_ZIP_TOTAL_BYTES here
            "MAX_ZIP_TOTAL_BYTES", "MAX_ZIP_RATIO", "MAX_ZIP_RATIO_FLOOR", "MAX_ZIP_MEMBERS",
            "_W", "_W_P", "_W_TBL", "_W_TR", "_W_TC", "_W_SDT", "_W_SDT_CONTENT", "_W_CUSTOM_XML",
            "_W_TXBX", "_W_TCPR", "_W_VMERGE", "_W_VAL", "_MC_FALLBACK", "_check_zip",
            "_load_docx", "_docx_lines", "_is_merge_continuation"],
        "readers.pdf": ["_CID_GARBAGE", "_load_pdf"],
        "readers.html": [
            "_HTML_START", "_looks_like_html", "_META_CHARSET", "_HTML_CODECS",
            "_HTML_HIDDEN_TAGS", "_HTML_BLOCKS", "_HTML_PRE", "_HTML_STYLE_HIDDEN", "_HTML_SPACE",
            "_decode_html", "_load_html", "html_visible_text"],
        "readers.doc": [  # tests patch CONVERTER_TIMEOUT here
            "CONVERTER_TIMEOUT", "_load_doc", "_run_converter"],
    },
    "store.ingest": {
        "store.archive": [  # the schema of the archive database and writing rows into it
            "IngestError", "FILES_SCHEMA", "FILES_COLUMNS", "EXTRA_COLUMNS", "ARCHIVE_VERSION",
            "_SQL_TYPES",
            "_AS_IS", "_INT64", "_column_types", "_column_names", "_suffix_format", "_quote",
            "open_archive", "_table_columns", "_sql_rows", "_sql_value", "_Writer"],
        "store.export": [  # archive -> CSV / Parquet / xlsx, streamed
            "ZH_LABELS", "ZH_TABLE_LABELS", "EXPORT_FORMATS", "_XLSX_MAX_ROWS", "_labels",
            "_export_kind", "export", "export_target", "_chunks", "_bool_columns",
            "_fix_bools", "_Replacing", "_export_csv", "_arrow_schema", "_export_parquet",
            "_arrow_array", "_export_xlsx"],
    },
}

#: docstrings of the modules the split creates.
SPLIT_DOCS: dict[str, str] = {
    "readers.base": "What every reader returns: :class:`Document` (the text exactly as loaded, its "
                    "source, format and encoding).",
    "readers.encoding": "Bytes to text: UTF-8, GB18030/GBK, Big5 and UTF-16 told apart without "
                        "guessing a Western or Japanese code page; binary files refused.",
    "readers.files": "Plain-text files and folders: size and permission checks, content hashes, "
                     "walking folders (link loops searched once, hidden files skipped).",
    "readers.docx": ".docx: paragraphs and tables in reading order, with the zip-bomb limits.",
    "readers.pdf": ".pdf: the text layer (pdfminer), refusing encrypted and image-only files.",
    "readers.html": ".html/.htm: the visible text, the page's declared charset honoured.",
    "readers.doc": "Legacy .doc: converted by antiword or LibreOffice, run with a timeout.",
    "store.archive": "The archive database: the files table, the result tables' SQL schema, "
                     "opening (and upgrading) an archive, writing one file's rows in one "
                     "transaction.",
    "store.export": "Streaming an archive out to CSV, Parquet or xlsx, in chunks, with optional "
                    "Chinese column labels.",
}

#: names a test patches on the split module that are not its own definitions (``open`` is a
#: builtin the readers call): the part whose functions look the name up.
SPLIT_PATCH_HOMES: dict[str, dict[str, str]] = {
    "readers.load": {"open": "readers.files"},
}

#: files and folders whose text is rewritten (relative to the checkout root).
SCAN_DIRS = (PKG, "tests", "bench", "tools", "docs", ".ci")
SCAN_FILES = ("README.md", "pyproject.toml", "dev.py")
TEXT_SUFFIXES = {".py", ".md", ".toml", ".txt", ".rst", ".cfg", ".ini", ".yaml", ".yml", ""}
SELF = "tools/relayout.py"  # its own examples name the old modules on purpose
SKIP_PARTS = {".venv", "__pycache__", ".git", "build", "out", "gold", "cases", "templates"}

_DOTTED = re.compile(r"(?<![\w.])report_miner((?:\.[A-Za-z_]\w*)+)")
_IMPORT_AFTER = re.compile(r"\s+import\s+\(?\s*([\w\s,]+)")
_PATH = re.compile(r"(?<![\w/])report_miner/([A-Za-z_]\w*)\.py\b")
_BARE_PY = re.compile(r"(?<![\w/.`-])([A-Za-z_]\w*)\.py\b")


class Layout:
    """What the new layout looks like, and how an old dotted name maps into it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.new_packages = set(PACKAGES)
        # new submodules of each new package: from MOVES and from what is on disk
        self.submodules: dict[str, set[str]] = {p: set() for p in self.new_packages}
        for new in MOVES.values():
            pkg, _, leaf = new.rpartition(".")
            if pkg in self.submodules:
                self.submodules[pkg].add(leaf)
        for pkg in self.new_packages:
            d = root / PKG / pkg
            if d.is_dir():
                for f in d.iterdir():
                    if f.suffix == ".py" and f.stem != "__init__":
                        self.submodules[pkg].add(f.stem)
                    elif f.is_dir() and (f / "__init__.py").exists():
                        self.submodules[pkg].add(f.name)

    def map_parts(self, parts: list[str], names: list[str] | None = None) -> list[str]:
        """``["store", "write_tables"]`` -> ``["store", "writers", "write_tables"]``.

        ``parts`` follow ``report_miner``; ``names`` are what an import statement takes from the
        module (they decide whether ``from report_miner.store import writers`` is new already).
        """
        if not parts or parts[0] not in MOVES:
            return parts
        head = parts[0]
        if head in self.new_packages:
            nxt = parts[1:2] or (names or [])
            if nxt and all(n in self.submodules[head] for n in nxt):
                return parts  # already new: report_miner.store.writers…
        return MOVES[head].split(".") + parts[1:]

    def map_module(self, dotted: str, names: list[str] | None = None) -> str:
        parts = dotted.split(".")
        if parts[0] != PKG:
            return dotted
        return ".".join([PKG] + self.map_parts(parts[1:], names))


# ----------------------------------------------------------------------------- rewriting text

def _relative(target: str, from_package: str) -> str:
    """The relative form of module ``target`` seen from inside package ``from_package``."""
    t, p = target.split("."), from_package.split(".")
    common = 0
    while common < min(len(t), len(p)) and t[common] == p[common]:
        common += 1
    return "." * (len(p) - common + 1) + ".".join(t[common:])


def _offsets(text: str) -> list[int]:
    out, pos = [0], 0
    for line in text.splitlines(keepends=True):
        pos += len(line)
        out.append(pos)
    return out


def _char_pos(text: str, starts: list[int], lineno: int, col_bytes: int) -> int:
    line_start = starts[lineno - 1]
    line = text[line_start:starts[lineno] if lineno < len(starts) else len(text)]
    return line_start + len(line.encode("utf-8")[:col_bytes].decode("utf-8", "replace"))


def _is_module(layout: Layout, dotted_new: str) -> bool:
    """Is ``report_miner.x.y`` (new name) a module or package of the new layout?"""
    parts = dotted_new.split(".")[1:]
    if not parts:
        return True
    if len(parts) == 1:
        return parts[0] in STAY or parts[0] in layout.new_packages or parts[0] == "rules" \
            or (layout.root / PKG / f"{parts[0]}.py").exists()
    if parts[0] in layout.submodules:
        return parts[1] in layout.submodules[parts[0]]
    return (layout.root / PKG / Path(*parts)).with_suffix(".py").exists()


def rewrite_imports(text: str, layout: Layout, old_mod: str, new_mod: str,
                    is_pkg_init: bool) -> tuple[str, list[tuple[int, int]]]:
    """Rewrite the import statements of one Python file (AST-located, text-edited).

    Relative imports are resolved from ``old_mod`` (where the file is before the move) and
    written again relative to ``new_mod``. ``from report_miner import figures`` imports a
    module by name and is rewritten here too. Returns the text and the spans of the import
    statements it owns (the dotted-name pass leaves them alone).
    """
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        print(f"  ! cannot parse {old_mod}: {exc}", file=sys.stderr)
        return text, []
    starts = _offsets(text)
    old_pkg = old_mod if is_pkg_init else old_mod.rpartition(".")[0]
    new_pkg = new_mod if is_pkg_init else new_mod.rpartition(".")[0]
    edits: list[tuple[int, int, str]] = []
    owned: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 0 and node.module != PKG:
            continue  # absolute: the dotted-name pass rewrites report_miner.x.y
        if node.level:
            if not old_pkg:
                continue
            base_parts = old_pkg.split(".")
            if node.level > 1:
                base_parts = base_parts[:-(node.level - 1)]
            base = ".".join(base_parts)
            full = f"{base}.{node.module}" if node.module else base
            relative = True
        else:
            full, relative = PKG, False
            base = PKG
        if not full.startswith(PKG):
            continue
        start = _char_pos(text, starts, node.lineno, node.col_offset)
        end = _char_pos(text, starts, node.end_lineno, node.end_col_offset)
        owned.append((start, end))
        names = [a.name for a in node.names]
        if node.module and full != PKG:
            # from .x import names: x is a module (or a package) -> one new x
            new_full = layout.map_module(full, names)
            new_spec = _relative(new_full, new_pkg)
            old_seg = text[start:end]
            m = re.match(r"from\s+(\.+[\w.]*|[\w.]+)(\s+import)", old_seg)
            if m and m.group(1) != new_spec:
                new_seg = old_seg[:m.start(1)] + new_spec + old_seg[m.end(1):]
                if "(" in old_seg and "\n" in old_seg:  # keep continuation lines under the paren
                    col = node.col_offset + old_seg.index("(") + 1
                    shift = len(new_spec) - len(m.group(1))
                    seg_lines = new_seg.split("\n")
                    for k in range(1, len(seg_lines)):
                        stripped = seg_lines[k].lstrip(" ")
                        if len(seg_lines[k]) - len(stripped) == col:
                            seg_lines[k] = " " * (col + shift) + stripped
                    new_seg = "\n".join(seg_lines)
                edits.append((start, end, new_seg))
            continue
        # from . import a, b / from report_miner import a, b: each name may be a module
        groups: dict[str, list[str]] = {}
        changed = False
        for alias in node.names:
            dotted = f"{full}.{alias.name}"
            if _old_module(layout, dotted):
                new_dotted = layout.map_module(dotted)
                parent, _, leaf = new_dotted.rpartition(".")
            else:
                parent, leaf = layout.map_module(full), alias.name
            asname = alias.asname or (alias.name if leaf != alias.name else None)
            spec = _relative(parent, new_pkg) if relative else parent
            item = leaf if not asname or asname == leaf else f"{leaf} as {asname}"
            groups.setdefault(spec, []).append(item)
            old_spec = ("." * node.level + (node.module or "")) if relative else PKG
            if spec != old_spec or item != (alias.name if not alias.asname
                                            else f"{alias.name} as {alias.asname}"):
                changed = True
        if changed:
            indent = " " * node.col_offset
            stmts = [f"from {spec} import {', '.join(items)}" for spec, items in groups.items()]
            edits.append((start, end, ("\n" + indent).join(stmts)))
    for s, e, new in sorted(edits, reverse=True):
        text = text[:s] + new + text[e:]
    if edits:  # the statements moved: find their spans again
        return text, _owned_spans(text)
    return text, owned


def _owned_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the relative and ``from report_miner import …`` statements in ``text``."""
    tree = ast.parse(text)
    starts = _offsets(text)
    return [(_char_pos(text, starts, n.lineno, n.col_offset),
             _char_pos(text, starts, n.end_lineno, n.end_col_offset))
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and (n.level or n.module == PKG)]


def _old_module(layout: Layout, dotted: str) -> bool:
    """Does ``report_miner.x`` name a module, old or new (as opposed to an attribute)?"""
    parts = dotted.split(".")[1:]
    if len(parts) == 1 and parts[0] in MOVES:
        return True
    return _is_module(layout, dotted)


def rewrite_dotted(text: str, layout: Layout, owned: list[tuple[int, int]]) -> str:
    """Every ``report_miner.x.y`` in the text, outside the import statements already handled."""

    def inside(pos: int) -> bool:
        return any(s <= pos < e for s, e in owned)

    def repl(m: re.Match) -> str:
        if inside(m.start()):
            return m.group(0)
        parts = m.group(1)[1:].split(".")
        names = None
        after = _IMPORT_AFTER.match(text, m.end())
        if after:
            names = [n.split(" as ")[0].strip() for n in after.group(1).split(",") if n.strip()]
            names = [n.split()[0] for n in names if n.split()]
        return PKG + "." + ".".join(layout.map_parts(parts, names))

    return _DOTTED.sub(repl, text)


def rewrite_paths(text: str, markdown: bool) -> str:
    """``report_miner/ingest.py`` -> ``report_miner/store/ingest.py``; in Markdown also the bare
    ``review_model.py`` of an old module (``render/review_model.py``)."""

    def path_repl(m: re.Match) -> str:
        old = m.group(1)
        if old in MOVES:
            return f"{PKG}/{MOVES[old].replace('.', '/')}.py"
        return m.group(0)

    text = _PATH.sub(path_repl, text)
    if markdown:
        def bare(m: re.Match) -> str:
            old = m.group(1)
            if old in MOVES:
                return f"{MOVES[old].replace('.', '/')}.py"
            return m.group(0)
        text = _BARE_PY.sub(bare, text)
    return text


def rewrite_pyproject(text: str, packages: list[str]) -> str:
    """Regenerate ``packages = [...]`` under ``[tool.setuptools]`` (every package of the layout,
    so a wheel holds them all; ``report_miner.rules`` is the rules folder as package data)."""
    listed = "".join(f'\n    "{p}",' for p in packages)
    return re.sub(r'(?m)^packages\s*=\s*\[[^\]]*\]', lambda m: f"packages = [{listed}\n]", text)


def rewrite_text(path: Path, text: str, layout: Layout, old_mod: str | None,
                 new_mod: str | None, packages: list[str] | None = None) -> str:
    owned: list[tuple[int, int]] = []
    if path.suffix == ".py" and old_mod is not None:
        text, owned = rewrite_imports(text, layout, old_mod, new_mod or old_mod,
                                      path.name == "__init__.py")
    elif path.suffix == ".py":
        text, owned = rewrite_imports(text, layout, "", "", False)
    text = rewrite_dotted(text, layout, owned)
    text = rewrite_paths(text, markdown=path.suffix == ".md")
    for pattern, repl in TEXT_REWRITES:
        text = re.sub(pattern, repl, text, flags=re.M)
    if path.name == "pyproject.toml" and packages:
        text = rewrite_pyproject(text, packages)
    return text


# ----------------------------------------------------------------------------- the tree

def _module_name(rel: Path) -> str:
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _scan_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for d in SCAN_DIRS:
        base = root / d
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            rel = p.relative_to(root)
            if p.is_file() and not SKIP_PARTS & set(rel.parts[:-1]) and p.suffix in TEXT_SUFFIXES \
                    and rel.as_posix() != SELF:
                files.append(p)
    for f in SCAN_FILES:
        if (root / f).is_file():
            files.append(root / f)
    return files


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True)


def _move(root: Path, src: Path, dst: Path) -> None:
    """``git mv`` (history follows the file); a plain rename for files git does not track."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", str(src.relative_to(root))],
                             cwd=root, capture_output=True).returncode == 0
    if tracked:
        _git(root, "mv", str(src.relative_to(root)), str(dst.relative_to(root)))
    else:
        print(f"  (not tracked by git, renamed without git mv: {src.relative_to(root)})",
              file=sys.stderr)
        src.rename(dst)


def plan_moves(root: Path) -> tuple[list[tuple[Path, Path]], list[str], list[str]]:
    """(moves to make, unmapped modules, conflicts) for the tree at ``root``."""
    moves, unmapped, conflicts = [], [], []
    pkg_dir = root / PKG
    for f in sorted(pkg_dir.glob("*.py")):
        stem = f.stem
        if stem in STAY:
            continue
        if stem not in MOVES:
            unmapped.append(stem)
            continue
        dest = pkg_dir / Path(*MOVES[stem].split(".")).with_suffix(".py")
        if dest.exists():
            conflicts.append(f"{f.relative_to(root)} and {dest.relative_to(root)} both exist")
            continue
        moves.append((f, dest))
    for src, dst in DATA_MOVES.items():
        s, d = root / src, root / dst
        if s.exists() and d.exists():
            conflicts.append(f"{src} and {dst} both exist")
        elif s.exists():
            moves.append((s, d))
    return moves, unmapped, conflicts


def _packages(root: Path, moves: list[tuple[Path, Path]]) -> list[str]:
    """Every package once the moves are made: those on disk and those the moves create."""
    found = {PKG, f"{PKG}.rules"}
    for init in (root / PKG).rglob("__init__.py"):
        rel = init.parent.relative_to(root)
        if not SKIP_PARTS & set(rel.parts):
            found.add(".".join(rel.parts))
    for _, dst in moves:
        if dst.suffix == ".py":
            found.add(".".join(dst.parent.relative_to(root).parts))
    return sorted(found)


def apply(root: Path, dry_run: bool, do_split: bool = False) -> int:
    layout = Layout(root)
    moves, unmapped, conflicts = plan_moves(root)
    for c in conflicts:
        print(f"CONFLICT (left alone): {c}", file=sys.stderr)
    # the new module of every moved file, so its relative imports are written from its new place
    new_place = {src: dst for src, dst in moves if src.suffix == ".py"}
    # submodules the moves create, for Layout's "already new?" test
    for _, dst in moves:
        if dst.suffix == ".py":
            rel = dst.relative_to(root / PKG)
            if len(rel.parts) == 2:
                layout.submodules.setdefault(rel.parts[0], set()).add(dst.stem)
    packages = _packages(root, moves)
    changed: dict[Path, str] = {}
    for path in _scan_files(root):
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        old_mod = new_mod = None
        rel = path.relative_to(root)
        if path.suffix == ".py" and rel.parts[0] == PKG:
            old_mod = _module_name(rel)
            dst = new_place.get(path, path)
            new_mod = _module_name(dst.relative_to(root))
        new = rewrite_text(path, text, layout, old_mod, new_mod, packages)
        if new != text:
            changed[path] = new
    for src, dst in moves:
        print(f"move {src.relative_to(root)} -> {dst.relative_to(root)}")
    for path in changed:
        print(f"rewrite {path.relative_to(root)}")
    inits = []
    for pkg in sorted({dst.relative_to(root / PKG).parts[0] for _, dst in moves
                       if len(dst.relative_to(root / PKG).parts) > 1}):
        init = root / PKG / pkg / "__init__.py"
        if not init.exists():
            doc = textwrap.fill(PACKAGES.get(pkg, pkg), 96)
            inits.append((init, f'"""{doc}\n"""\n' if "\n" in doc else f'"""{doc}"""\n'))
            print(f"create {init.relative_to(root)}")
    if dry_run:
        _report_unmapped(unmapped)
        return 3 if unmapped else 0
    for path, text in changed.items():
        path.write_text(text, "utf-8")
    for init, text in inits:
        init.parent.mkdir(parents=True, exist_ok=True)
        init.write_text(text, "utf-8")
        subprocess.run(["git", "add", str(init.relative_to(root))], cwd=root)
    for src, dst in moves:
        _move(root, src, dst)
    if do_split:
        trouble = split(root)
        for t in trouble:
            print(f"SPLIT: {t}", file=sys.stderr)
        if trouble:
            return 1
    problems = check(root)
    _report_unmapped(unmapped)
    if problems:
        return 1
    return 3 if unmapped else 0


def _report_unmapped(unmapped: list[str]) -> None:
    if not unmapped:
        return
    bar = "!" * 78
    print(f"\n{bar}\nUNMAPPED MODULES, left in report_miner/ (their imports were rewritten):",
          file=sys.stderr)
    for u in unmapped:
        print(f"    report_miner/{u}.py   -> add a line to MOVES, e.g. \"{u}\": \"mining.{u}\",",
              file=sys.stderr)
    print(f"then run tools/relayout.py again.\n{bar}", file=sys.stderr)


# ----------------------------------------------------------------------------- checking

def _bindings(path: Path) -> tuple[set[str], bool]:
    """Top-level names a module binds, and whether it has a module ``__getattr__``."""
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    lazy = False
    for node in tree.body:
        todo = [node]
        while todo:
            n = todo.pop()
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(n.name)
                lazy |= n.name == "__getattr__"
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                for a in n.names:
                    names.add(a.asname or a.name.split(".")[0])
            elif isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = n.targets if isinstance(n, ast.Assign) else [n.target]
                for t in targets:
                    for sub in ast.walk(t):
                        if isinstance(sub, ast.Name):
                            names.add(sub.id)
            elif isinstance(n, (ast.If, ast.Try, ast.With)):
                for field in ("body", "orelse", "finalbody", "handlers"):
                    todo.extend(getattr(n, field, []) or [])
            elif isinstance(n, ast.ExceptHandler):
                todo.extend(n.body)
    return names, lazy


def check(root: Path) -> list[str]:
    """Every import of report_miner and every dotted ``report_miner.x.y`` resolves in the tree."""
    modules: dict[str, Path] = {}
    for p in (root / PKG).rglob("*.py"):
        rel = p.relative_to(root)
        if SKIP_PARTS & set(rel.parts[:-1]):
            continue
        modules[_module_name(rel)] = p
    modules[f"{PKG}.rules"] = root / "rules"
    cache: dict[str, tuple[set[str], bool]] = {}

    def bound(mod: str) -> tuple[set[str], bool]:
        if mod not in cache:
            p = modules[mod]
            cache[mod] = _bindings(p) if p.suffix == ".py" else (set(), True)
        return cache[mod]

    def has(mod: str, name: str) -> bool:
        if f"{mod}.{name}" in modules or name in dir(builtins):  # builtins: patch targets
            return True
        names, lazy = bound(mod)
        return name in names or lazy

    problems: list[str] = []
    for path in _scan_files(root):
        rel = path.relative_to(root)
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        if path.suffix == ".py":
            try:
                tree = ast.parse(text)
            except SyntaxError as exc:
                problems.append(f"{rel}:{exc.lineno}: syntax error {exc.msg}")
                continue
            mod = _module_name(rel) if rel.parts[0] == PKG else None
            pkg = None
            if mod:
                pkg = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom):
                    if node.level:
                        if pkg is None:
                            continue
                        parts = pkg.split(".")
                        if node.level > 1:
                            parts = parts[:-(node.level - 1)]
                        full = ".".join(parts + ([node.module] if node.module else []))
                    else:
                        full = node.module or ""
                    if not full.startswith(PKG):
                        continue
                    if full not in modules:
                        problems.append(f"{rel}:{node.lineno}: no module {full}")
                        continue
                    for a in node.names:
                        if a.name != "*" and not has(full, a.name):
                            problems.append(f"{rel}:{node.lineno}: {full} has no {a.name}")
                elif isinstance(node, ast.Import):
                    for a in node.names:
                        if a.name.startswith(PKG + ".") and a.name not in modules:
                            problems.append(f"{rel}:{node.lineno}: no module {a.name}")
        for m in _DOTTED.finditer(text):
            parts = [PKG] + m.group(1)[1:].split(".")
            # the longest module prefix, then the next name must be bound in it
            for i in range(len(parts), 0, -1):
                if ".".join(parts[:i]) in modules:
                    break
            mod = ".".join(parts[:i])
            if i < len(parts) and mod != f"{PKG}.rules" and not has(mod, parts[i]):
                line = text.count("\n", 0, m.start()) + 1
                problems.append(f"{rel}:{line}: {m.group(0)}: {mod} has no {parts[i]}")
        for m in _PATH.finditer(text):
            if not (root / m.group(0)).exists():
                line = text.count("\n", 0, m.start()) + 1
                problems.append(f"{rel}:{line}: no file {m.group(0)}")
    for p in problems:
        print(f"CHECK: {p}", file=sys.stderr)
    print(f"check: {len(problems)} problem(s)" if problems else "check: every reference resolves")
    return problems


def _import_line(node: ast.AST, keep: list[ast.alias]) -> str:
    names = ", ".join(a.name if not a.asname else f"{a.name} as {a.asname}" for a in keep)
    if isinstance(node, ast.Import):
        return f"import {names}"
    head = f"from {'.' * node.level}{node.module or ''} import "
    line = head + names
    if len(line) <= 99:
        return line
    return textwrap.fill(head + "(" + names + ")", 99, subsequent_indent="    ",
                         break_long_words=False, break_on_hyphens=False)


def _bound(alias: ast.alias, node: ast.AST) -> str:
    if isinstance(node, ast.Import):
        return alias.asname or alias.name.split(".")[0]
    return alias.asname or alias.name


def _segment(lines: list[str], node: ast.stmt) -> tuple[int, int]:
    """0-based [first, last] line of a top-level statement with its decorators and the
    comment lines directly above it."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
    while first > 0 and lines[first - 1].lstrip().startswith("#"):
        first -= 1
    return first, node.end_lineno - 1


def split(root: Path, dry_run: bool = False) -> list[str]:
    """Execute ``SPLIT_PLAN`` on the moved tree: move named top-level definitions into new
    modules (with the imports they use), import back into the old module what it still needs,
    and point every caller at the names' new homes.

    Callers: ``from M import a, b`` is rewritten per name; ``report_miner.M.a`` in any text
    (``mock.patch`` targets, docs) becomes the home's dotted name; ``monkeypatch.setattr(alias,
    "a", v)`` becomes ``monkeypatch.setattr("report_miner.home.a", v)`` so the patch lands where
    the functions read it; ``alias.a`` reads (also in code held in strings) keep working because
    the old module imports every moved name a caller reads through an alias. Idempotent: a
    module whose parts exist and which defines none of their names is left alone.
    """
    problems: list[str] = []
    overlay: dict[Path, str] = {}  # nothing is written until every module's split is planned
    created: list[Path] = []
    for src, parts in SPLIT_PLAN.items():
        path = root / PKG / Path(*src.split(".")).with_suffix(".py")
        if not path.exists():
            print(f"split: {src} not in this tree, skipped")
            continue
        text = overlay.get(path) or path.read_text("utf-8")
        tree = ast.parse(text)
        lines = text.splitlines(keepends=True)
        defined = _top_level(tree)
        home = {n: part for part, names in parts.items() for n in names}
        moving = {n: home[n] for n in defined if n in home}
        pkg = src.rpartition(".")[0]
        if moving:
            # each statement goes whole to one part
            by_stmt: dict[int, str] = {}
            for n, part in moving.items():
                i = defined[n]
                if by_stmt.setdefault(i, part) != part:
                    problems.append(f"{src}: line {tree.body[i].lineno} binds names planned for "
                                    f"two modules ({by_stmt[i]}, {part})")
            if problems:
                return problems
            imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
                       and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")]
            stays = {n for n in defined if n not in moving}
            for part in parts:
                stmts = sorted(i for i, p in by_stmt.items() if p == part)
                if not stmts:
                    continue
                used = {x.id for i in stmts for x in ast.walk(tree.body[i])
                        if isinstance(x, ast.Name)}
                own = {n for n, p in moving.items() if p == part}
                head = []
                for node in imports:
                    keep = [a for a in node.names if _bound(a, node) in used]
                    if keep:
                        head.append(_import_line(node, keep))
                if head and any(h.startswith(("from .", f"from {PKG}")) for h in head):
                    local = [h for h in head if h.startswith(("from .", f"from {PKG}"))]
                    head = [h for h in head if h not in local] + [""] + local
                siblings: dict[str, set[str]] = {}
                for n in sorted(used & set(defined) - own):
                    if n in stays:
                        problems.append(f"{src}: {part} would import {n} from {src}, which "
                                        f"imports {part}: a cycle (add {n} to a part)")
                    else:
                        siblings.setdefault(moving[n], set()).add(n)
                for sib, names in sorted(siblings.items()):
                    head.append(f"from .{sib.rpartition('.')[2]} import {', '.join(sorted(names))}")
                body = ["".join(lines[a:b + 1]).rstrip("\n") for a, b in
                        (_segment(lines, tree.body[i]) for i in stmts)]
                doc = textwrap.fill(SPLIT_DOCS.get(part, part), 96)
                new_text = (f'"""{doc}\n"""\n' if "\n" in doc else f'"""{doc}"""\n')
                new_text += "from __future__ import annotations\n\n" + "\n".join(head)
                new_text += "\n\n\n" + "\n\n\n".join(body) + "\n"
                new_path = root / PKG / Path(*part.split(".")).with_suffix(".py")
                if new_path.exists():
                    problems.append(f"{new_path.relative_to(root)} exists while {src} still "
                                    f"defines its names: left alone")
                    continue
                print(f"split {src} -> {part}: {', '.join(sorted(own))}")
                overlay[new_path] = new_text
                created.append(new_path)
            if problems:
                return problems
        # callers (every run: a branch merged later may import moved names from src again)
        reads = _rewrite_split_callers(root, src, home, path, overlay)
        if moving:
            cut = set()
            for i in set(by_stmt):
                a, b = _segment(lines, tree.body[i])
                cut.update(range(a, b + 1))
            kept = [ln for k, ln in enumerate(lines) if k not in cut]
            rest = "".join(kept)
            rest_tree = ast.parse(rest)
            still = {x.id for x in ast.walk(rest_tree) if isinstance(x, ast.Name)}
            all_names: set[str] = set()
            for node in rest_tree.body:
                if isinstance(node, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                    all_names = {c.value for c in ast.walk(node.value)
                                 if isinstance(c, ast.Constant)}
            doc_names = set(re.findall(r">>> .*?\b(\w+)\(", ast.get_docstring(tree) or ""))
            need = (still | all_names | reads | doc_names) & set(moving)
            back: dict[str, list[str]] = {}
            for n in sorted(need):
                back.setdefault(moving[n], []).append(n)
            block = "\n".join(
                _import_line(ast.ImportFrom(module=part.rpartition(".")[2], level=1, names=[]),
                             [ast.alias(n) for n in names]) for part, names in sorted(back.items()))
            last_import = max((n.end_lineno for n in rest_tree.body
                               if isinstance(n, (ast.Import, ast.ImportFrom))), default=0)
            rest_lines = rest.splitlines(keepends=True)
            rest = ("".join(rest_lines[:last_import]) + block + "\n"
                    + "".join(rest_lines[last_import:]))
            rest = re.sub(r"\n{4,}", "\n\n\n", rest)
            overlay[path] = rest
    if problems or dry_run:
        return problems
    for f, t in overlay.items():
        f.write_text(t, "utf-8")
    for f in created:
        subprocess.run(["git", "add", str(f.relative_to(root))], cwd=root)
    return problems


def _rewrite_split_callers(root: Path, src: str, home: dict[str, str], src_path: Path,
                           overlay: dict[Path, str]) -> set[str]:
    """Point callers of ``src`` at the new homes of its moved names; return the names callers
    read through a module alias (the old module keeps importing those)."""
    full_src = f"{PKG}.{src}"
    reads: set[str] = set()
    patch_homes = {**home, **SPLIT_PATCH_HOMES.get(src, {})}
    parts_paths = {root / PKG / Path(*p.split(".")).with_suffix(".py") for p in set(home.values())}
    for f in _scan_files(root):
        if f == src_path or f in parts_paths:
            continue
        text = overlay.get(f) or f.read_text("utf-8")
        new = text
        rel = f.relative_to(root)
        if f.suffix == ".py":
            try:
                tree = ast.parse(text)
            except SyntaxError:
                continue
            mod = _module_name(rel) if rel.parts[0] == PKG else None
            fpkg = (mod if f.name == "__init__.py" else mod.rpartition(".")[0]) if mod else None
            starts = _offsets(text)
            edits = []
            for node in ast.walk(tree):
                if not isinstance(node, ast.ImportFrom):
                    continue
                if node.level:
                    if fpkg is None:
                        continue
                    base = fpkg.split(".")[:len(fpkg.split(".")) - node.level + 1]
                    full = ".".join(base + ([node.module] if node.module else []))
                else:
                    full = node.module or ""
                if full != full_src or not any(a.name in home for a in node.names):
                    continue
                groups: dict[str, list[ast.alias]] = {}
                for a in node.names:
                    target = f"{PKG}.{home.get(a.name, src)}"
                    spec = _relative(target, fpkg) if node.level else target
                    groups.setdefault(spec, []).append(a)
                indent = " " * node.col_offset
                stmts = []
                for spec, aliases in groups.items():
                    level = len(spec) - len(spec.lstrip("."))
                    stmts.append(_import_line(ast.ImportFrom(module=spec[level:] or None,
                                                             level=level, names=[]), aliases))
                edits.append((_char_pos(text, starts, node.lineno, node.col_offset),
                              _char_pos(text, starts, node.end_lineno, node.end_col_offset),
                              ("\n" + indent).join(s.replace("\n", "\n" + indent) for s in stmts)))
            for a, b, repl in sorted(edits, reverse=True):
                new = new[:a] + repl + new[b:]
        # aliases of the module, in code and in code held in strings
        mod_re = re.escape(full_src)
        pkg_re, leaf = re.escape(full_src.rpartition(".")[0]), full_src.rpartition(".")[2]
        aliases = set(re.findall(rf"import\s+{mod_re}\s+as\s+(\w+)", new))
        aliases |= set(re.findall(rf"from\s+{pkg_re}\s+import\s+{leaf}\s+as\s+(\w+)", new))
        for al in aliases:
            reads |= {n for n in re.findall(rf"\b{al}\.(\w+)", new) if n in home}

            def patch(m: re.Match) -> str:
                name = m.group(3)
                if patch_homes.get(name, src) == src:
                    return m.group(0)
                return f'{m.group(1)}"{PKG}.{patch_homes[name]}.{name}", '

            new = re.sub(rf"(\.setattr\(\s*){al}\s*,\s*(['\"])(\w+)\2\s*,\s*", patch, new)
            for m in re.finditer(rf"^\s*{al}\.(\w+)\s*=[^=]", new, flags=re.M):
                if m.group(1) in home:
                    print(f"  ! {rel}: assigns {al}.{m.group(1)}, which moved to "
                          f"{home[m.group(1)]}: point it there by hand", file=sys.stderr)
        # dotted names: report_miner.src.NAME -> report_miner.home.NAME
        new = re.sub(rf"(?<![\w.]){mod_re}\.(\w+)",
                     lambda m: f"{PKG}.{home[m.group(1)]}.{m.group(1)}" if m.group(1) in home
                     else m.group(0), new)
        if new != text:
            print(f"split: rewrite {rel}")
            overlay[f] = new
    return reads


def _top_level(tree: ast.Module) -> dict[str, int]:
    """name -> index in ``tree.body`` of the statement that defines it at top level."""
    out: dict[str, int] = {}
    for i, node in enumerate(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out[node.name] = i
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for sub in ast.walk(t):
                    if isinstance(sub, ast.Name):
                        out[sub.id] = i
    return out


def split_report(root: Path) -> int:
    """Check ``SPLIT_PLAN`` against the tree and list what a split would have to touch.

    For each module to split: names in the plan that the module no longer defines, names it
    defines that the plan does not place (they stay), the imports between the parts (a cycle
    there would be an import cycle), and every line outside the module that reaches a moved
    name through a module alias (``rio.MAX_FILE_BYTES``, ``monkeypatch.setattr(rio, "open")``):
    the lines a person must point at the right part.
    """
    status = 0
    inverse = {v: k for k, v in MOVES.items()}
    for src, parts in SPLIT_PLAN.items():
        path = root / PKG / Path(*src.split(".")).with_suffix(".py")
        mod_names = {f"{PKG}.{src}"}
        if not path.exists() and src in inverse:  # not yet moved: the old module
            path = root / PKG / f"{inverse[src]}.py"
            mod_names.add(f"{PKG}.{inverse[src]}")
        print(f"\n== split {path.relative_to(root)} ({src})")
        if not path.exists():
            print("   (module not in this tree)")
            continue
        tree = ast.parse(path.read_text("utf-8"))
        defined = _top_level(tree)
        home: dict[str, str] = {n: src for n in defined}
        for part, names in parts.items():
            missing = [n for n in names if n not in defined]
            if missing:  # a note: branches differ (audit moved _XLSX_MAX_ROWS to the writers)
                print(f"   (not in this tree, skipped: {part}: {', '.join(missing)})")
            for n in names:
                home[n] = part
        staying = sorted(n for n in defined if home[n] == src)
        print(f"   stays in {src}: {', '.join(staying)}")
        edges: dict[tuple[str, str], set[str]] = {}
        for name, i in defined.items():
            used = {x.id for x in ast.walk(tree.body[i]) if isinstance(x, ast.Name)}
            for u in used & set(defined):
                if home[u] != home[name]:
                    edges.setdefault((home[name], home[u]), set()).add(u)
        for (a, b), names in sorted(edges.items()):
            back = " <-> CYCLE" if (b, a) in edges else ""
            if back:
                status = 1
            print(f"   {a} imports from {b}: {', '.join(sorted(names))}{back}")
        # callers that reach the module's names through an alias
        for f in _scan_files(root):
            if f.suffix != ".py" or f == path:
                continue
            text = f.read_text("utf-8")
            try:
                ftree = ast.parse(text)
            except SyntaxError:
                continue
            aliases = set()
            for node in ast.walk(ftree):
                if isinstance(node, ast.Import):
                    aliases |= {a.asname for a in node.names if a.name in mod_names and a.asname}
                elif isinstance(node, ast.ImportFrom) and node.module:
                    for a in node.names:
                        if f"{node.module}.{a.name}" in mod_names or (
                                node.level and a.name == path.stem):
                            aliases.add(a.asname or a.name)
            if not aliases:
                continue
            pat = re.compile(r"\b(%s)\b(?:\.(\w+)|,\s*[\"'](\w+)[\"'])" % "|".join(aliases))
            for lineno, line in enumerate(text.splitlines(), 1):
                for m in pat.finditer(line):
                    name = m.group(2) or m.group(3)
                    where = home.get(name)
                    if where is None:
                        note = "not defined at top level: choose the part by hand"
                    elif where == src:
                        continue
                    else:
                        note = f"-> {where}"
                    print(f"   {f.relative_to(root)}:{lineno}: {m.group(1)}.{name}  {note}")
    return status


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=".", help="checkout root (default: the current folder)")
    ap.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    ap.add_argument("--check", action="store_true", help="only check that references resolve")
    ap.add_argument("--split", action="store_true",
                    help="also split readers/load.py and store/ingest.py by SPLIT_PLAN")
    ap.add_argument("--split-report", action="store_true",
                    help="check SPLIT_PLAN against the tree and list the lines a split touches")
    args = ap.parse_args(argv)
    root = Path(args.root).resolve()
    if not (root / PKG / "__init__.py").exists() or not (root / "pyproject.toml").exists():
        print(f"{root} is not a report_miner checkout (run at its root)", file=sys.stderr)
        return 2
    if args.check:
        return 1 if check(root) else 0
    if args.split_report:
        return split_report(root)
    return apply(root, args.dry_run, args.split)


if __name__ == "__main__":
    sys.exit(main())
