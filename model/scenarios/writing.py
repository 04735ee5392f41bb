"""Writing scenario files: only the overrides, levers apart from assumptions.

:func:`dump_scenario_yaml` renders a file that :func:`model.scenarios.load_scenario`
reads back to exactly the same values: floats are written with ``repr`` (the
shortest text that reads back to the same double) and always with a mantissa
dot (``1.0e-07``), which YAML 1.1 needs to read an exponent as a number.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from model.core.parameter import ParameterValue
from model.core.registry import REGISTRY, Registry

__all__ = ["dump_scenario_yaml"]


def _yaml_value(v: ParameterValue) -> str:
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{int(y)}: {_yaml_scalar(x)}" for y, x in sorted(v.items())) + "}"
    return _yaml_scalar(v)


def _yaml_scalar(v: Any) -> str:
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, float):
        text = repr(v)
        # PyYAML (YAML 1.1) reads 1e-07 as text; it needs the mantissa's dot: 1.0e-07.
        if "e" in text and "." not in text.split("e")[0]:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}.0e{exponent}"
        return text
    return str(v)


def dump_scenario_yaml(scenario_id: str, title_zh: str, title_en: str, description: str = "",
                       inherits: str | None = None, overrides: Mapping[str, ParameterValue] | None = None,
                       registry: Registry = REGISTRY, notes: Mapping[str, str] | None = None) -> str:
    """Render a scenario file: only the given overrides, levers apart from assumptions.

    Each parameter line carries its label and unit as a comment so the file
    stays readable by hand; ``notes`` adds a parameter's own words after that
    (the explorer gives a rate's per-cent reading: ``[1/年] = 7.1 %/年``).  The
    result round-trips through :func:`load_scenario`.
    """
    overrides = dict(overrides or {})
    notes = dict(notes or {})
    out = [f"id: {scenario_id}", "title:", f"  zh: {json.dumps(title_zh, ensure_ascii=False)}",
           f"  en: {json.dumps(title_en, ensure_ascii=False)}"]
    if description:
        out.append("description: |")
        out.extend("  " + line for line in description.strip().splitlines())
    if inherits:
        out.append(f"inherits: {inherits}")
    for section, kind in (("levers", "lever"), ("assumptions", "assumption")):
        names = [n for n in registry if registry[n].kind == kind and n in overrides]
        if not names:
            continue
        out.append(f"{section}:")
        for n in names:
            p = registry[n]
            note = f" {notes[n]}" if n in notes else ""
            out.append(f"  {n}: {_yaml_value(overrides[n])}  # {p.label_zh} / {p.label_en} [{p.unit}]{note}")
    return "\n".join(out) + "\n"
