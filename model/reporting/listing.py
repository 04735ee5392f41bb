"""The parameter listing (``python -m model params``), generated from the registry."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from model.core.parameter import THEMES, Parameter
from model.core.registry import REGISTRY, Registry
from model.reporting.phrases import phrase
from model.text import DEFAULT_LANG, format_table, pick

__all__ = ["parameter_records", "render_parameters", "format_value"]


def format_value(value: Any) -> str:
    """A parameter value as text: numbers, choices, or ``2021: 0.1, 2025: 0.1`` paths."""
    if isinstance(value, dict):
        return ", ".join(f"{y}: {v:g}" for y, v in sorted(value.items()))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def parameter_records(registry: Registry = REGISTRY, lang: str = DEFAULT_LANG) -> list[dict[str, Any]]:
    """One plain record per parameter (all fields, labels in ``lang``)."""
    out = []
    for p in registry.values():
        out.append({
            "name": p.name,
            "label": p.label(lang),
            "label_zh": p.label_zh,
            "label_en": p.label_en,
            "kind": p.kind,
            "theme": p.theme,
            "unit": p.unit,
            "default": {str(k): v for k, v in p.default.items()} if isinstance(p.default, dict) else p.default,
            "lower": None if p.dtype == "choice" else p.lower,
            "upper": None if p.dtype == "choice" else p.upper,
            "dtype": p.dtype,
            "choices": list(p.choices) or None,
            "timeseries": p.timeseries,
            "distribution": p.distribution.as_dict() if p.distribution else None,
            "estimate": p.estimate,
            "source": p.source,
        })
    return out


def _bounds(p: Parameter) -> str:
    if p.dtype == "choice":
        return " | ".join(map(str, p.choices))
    return f"{p.lower:g} – {p.upper:g}"


def render_parameters(fmt: str = "table", lang: str = DEFAULT_LANG, registry: Registry = REGISTRY) -> str:
    """The registry as a terminal table, JSON or CSV."""
    if fmt == "json":
        return json.dumps(parameter_records(registry, lang), ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        records = parameter_records(registry, lang)
        writer = csv.DictWriter(buf, fieldnames=list(records[0]))
        writer.writeheader()
        for r in records:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                             for k, v in r.items()})
        return buf.getvalue()
    headers = pick(lang, ["参数", "名称", "类别", "单位", "默认值", "范围", "来源"],
                   ["parameter", "label", "kind", "unit", "default", "range", "source"])
    blocks = []
    for theme, params in registry.by_theme().items():
        title = pick(lang, *THEMES[theme])
        rows = []
        for p in params:
            kind = phrase(p.kind, lang)
            source = pick(lang, "[估计] ", "[estimate] ") * p.estimate + p.source
            rows.append([p.name, p.label(lang), kind, p.unit, format_value(p.default), _bounds(p),
                         source])
        blocks.append(f"## {title}\n" + format_table(headers, rows))
    return "\n\n".join(blocks) + "\n"
