"""YAML with line numbers: safe parsing that remembers where every key stands.

Scenario files are parsed with PyYAML's ``SafeLoader`` (YAML 1.1): tags that
would construct Python objects (``!!python/object/apply:os.system``) are
refused, never executed.  Before the document is constructed, its node tree is
walked once to record the line of every key path (``("levers",
"growth_mining") -> 12``) and to catch keys given twice in one mapping, which
PyYAML would otherwise let the second silently win.

:func:`line_for` then finds the line of a validation error's key path (or of
its nearest parent that has one).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from model.scenarios.problems import ScenarioProblem, say

__all__ = ["KeyLines", "parse_yaml", "line_for"]

#: Key path (``("levers", "growth_mining")``) -> line number (1-based).
KeyLines = dict[tuple[str, ...], int]


class _NoDuplicatesLoader(yaml.SafeLoader):
    """SafeLoader that records the line of every key (for error messages)."""


def parse_yaml(text: str, file: str) -> tuple[Any, KeyLines, list[ScenarioProblem]]:
    """Parse YAML safely; return the data, a key-path -> line map and problems."""
    problems: list[ScenarioProblem] = []
    lines: KeyLines = {}
    try:
        loader = _NoDuplicatesLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, lines, problems
            _index_lines(node, (), lines, problems, file)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = (exc.problem or exc.context or "").strip()
        if "could not determine a constructor" in what:
            m = re.search(r"'([^']+)'", what)
            tag = m.group(1) if m else "?"
            what = say("yaml_tag", tag=tag)
        problems.append(ScenarioProblem(file, line, "", say("malformed_yaml", what=what)))
        return None, lines, problems
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        problems.append(ScenarioProblem(file, None, "", say("malformed_yaml", what=exc)))
        return None, lines, problems
    return data, lines, problems


def _index_lines(node: yaml.Node, path: tuple[str, ...], lines: KeyLines,
                 problems: list[ScenarioProblem], file: str) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(ScenarioProblem(file, line, ".".join((*path, key)),
                                                say("duplicate_key", first=seen[key])))
            seen[key] = line
            lines[(*path, key)] = line
            _index_lines(value_node, (*path, key), lines, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, str(i)), lines, problems, file)


def line_for(loc: tuple[str, ...], lines: Mapping[tuple[str, ...], int]) -> int | None:
    """The line of key path ``loc``, or of its nearest parent that has one."""
    for k in range(len(loc), -1, -1):
        if loc[:k] in lines:
            return lines[loc[:k]]
    return None
