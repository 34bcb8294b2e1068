"""Reading ``tests/cases/*.yaml`` strictly: a key given twice in one case is an error.

PyYAML's safe loader keeps the last of two equal keys without a word, so a case whose ``id``
line was lost would silently take over its neighbour's ``input`` and ``expect`` and test
something else than it says. The rules loader refuses that already (report_miner.ruleset.load);
the test cases get the same check here.
"""
from __future__ import annotations

from pathlib import Path

import yaml

CASES_DIR = Path(__file__).parent / "cases"


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that refuses a mapping holding the same key twice."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key, _value in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key.value!r} given twice in one mapping", key.start_mark)
            seen.add(key.value)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml(path: Path) -> dict:
    """The YAML file at ``path``, refusing duplicate keys (ConstructorError names the line)."""
    return yaml.load(path.read_text("utf-8"), Loader=_StrictLoader)


def read_cases(*names: str) -> list[dict]:
    """The ``cases`` of ``tests/cases/<name>`` for each name, in order."""
    return [c for name in names for c in read_yaml(CASES_DIR / name)["cases"]]
