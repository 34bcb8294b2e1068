"""report_miner: text mining for Chinese work reports (乡镇工作汇报, 工作总结, 工作计划).

    >>> import report_miner
    >>> res = report_miner.mine_text("全镇总人口17364人,已婚育龄妇女2900人。")
    >>> res.figures[["text", "metric"]].values.tolist()
    [['17364人', 'population.total'], ['2900人', 'population.married_women']]

Public API (imported lazily: ``import report_miner`` loads nothing heavy):
    mine_text(text, source=None)   -> MineResult (DataFrames .figures .blanks .sections ...)
    mine_file(path)                -> MineResult for one file (encoding detected)
    mine_paths(paths)              -> MineResult for files and folders; bad files become rows
    MineResult                     the result type
    check_rules(rules_dir=None)    -> list of problems in rule files (empty when all is well)
    RuleSet.load(rules_dir=None)   -> the rules of a folder, compiled once: mine_text(t, rules=...)
    review_paths(paths, out_dir)   -> static HTML review pages (one per report, plus index.html)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["mine_text", "mine_file", "mine_paths", "MineResult", "check_rules", "RuleSet",
           "review_paths", "__version__"]

_LAZY = {
    "mine_text": ("report_miner.api", "mine_text"),
    "mine_file": ("report_miner.api", "mine_file"),
    "mine_paths": ("report_miner.api", "mine_paths"),
    "MineResult": ("report_miner.tables", "MineResult"),
    "check_rules": ("report_miner.ruleset.load", "check_rules"),
    "RuleSet": ("report_miner.ruleset.load", "RuleSet"),
    "review_paths": ("report_miner.render.review", "review_paths"),
}

if TYPE_CHECKING:  # pragma: no cover
    from .api import mine_file, mine_paths, mine_text
    from .ruleset.load import RuleSet, check_rules
    from .tables import MineResult


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        mod, attr = _LAZY[name]
        value = getattr(importlib.import_module(mod), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'report_miner' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
