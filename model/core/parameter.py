"""Parameter definitions and the array form in which the model consumes them.

A :class:`Parameter` is one assumption or lever of the model, with everything
the rest of the workbook needs to know about it: labels in Chinese and English,
unit, default, bounds, an optional uncertainty :class:`Distribution` and its
source.  Domain modules declare their parameters as module-level ``PARAMETERS``
lists; :mod:`model.core.registry` collects them into the single registry.

A :class:`ParameterSet` holds the values of every parameter for ``n``
scenarios (or ensemble draws) as numpy arrays: ``(n, N_YEARS)`` for
time-varying parameters and ``(n,)`` for scalars.  Choice parameters are held
as integer codes (the index into :attr:`Parameter.choices`).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from model.core.timeline import BASE_YEAR, N_YEARS, PLAN_YEAR, interpolate_path, year_index
from model.text import pick

__all__ = ["Distribution", "Parameter", "ParameterSet", "Kind", "Theme", "THEMES",
           "ParameterValue", "EXPLORE_SHARE", "EXPLORE_SPAN_SHARE", "EXPLORE_YEARS"]

Kind = Literal["lever", "assumption"]
Theme = Literal["economy", "prices", "smelting", "coal_chemicals", "power", "energy", "livestock",
                "people", "scorecard"]

#: Themes in display order with their Chinese and English names.
THEMES: dict[str, tuple[str, str]] = {
    "economy": ("经济与产业结构", "Economy and structure"),
    "prices": ("价格与现价", "Prices and current prices"),
    "smelting": ("有色金属冶炼", "Nonferrous smelting"),
    "coal_chemicals": ("煤焦化工", "Coal chemicals"),
    "power": ("电力与新能源", "Power and renewables"),
    "energy": ("能耗双控", "Energy dual control"),
    "livestock": ("畜牧业与草原", "Livestock and grassland"),
    "people": ("人口、就业与收入", "People, jobs and incomes"),
    "scorecard": ("目标判定", "Scorecard settings"),
}

#: A scenario-file value: a number, a choice, or a ``{year: number}`` path.
ParameterValue = float | int | str | dict[int, float]

#: The exploration range of a lever without its own (:meth:`Parameter.exploration_range`): half
#: its plan-year value either side; one twentieth of its bounds' span either side of a zero
#: value; three years either side of a year.
EXPLORE_SHARE = 0.5
EXPLORE_SPAN_SHARE = 0.05
EXPLORE_YEARS = 3

DistributionKind = Literal["uniform", "triangular", "truncnormal", "lognormal", "choice"]
DistributionApply = Literal["replace", "shift", "scale"]


@dataclass(frozen=True)
class Distribution:
    """An uncertainty distribution for one parameter.

    ``kind`` and the keys of ``args``:

    * ``uniform``: ``low``, ``high``
    * ``triangular``: ``low``, ``mode``, ``high``
    * ``truncnormal``: ``mean``, ``sd`` (truncated to the parameter's bounds)
    * ``lognormal``: ``median``, ``sigma`` (of the underlying normal; truncated to bounds)
    * ``choice``: ``values`` (tuple) and optional ``weights`` (tuple, summing to 1)

    ``apply`` says how a draw ``x`` acts on a time-varying parameter's path ``v[t]``:

    * ``replace`` (the default): the whole path becomes the constant ``x``;
    * ``shift``: ``v[t] + x`` in every year (the path keeps its shape; a price-change path
      shifted by one point keeps its 2020 base);
    * ``scale``: ``v[t] * x`` in every year.

    A scalar parameter takes ``x`` (``replace``), ``v + x`` or ``v * x`` alike.
    """

    kind: DistributionKind
    args: Mapping[str, Any]
    apply: DistributionApply = "replace"

    def as_dict(self) -> dict[str, Any]:
        """Plain-data form, for scenario files and JSON."""
        out = {"kind": self.kind, **{k: (list(v) if isinstance(v, tuple) else v)
                                     for k, v in self.args.items()}}
        if self.apply != "replace":
            out["apply"] = self.apply
        return out


@dataclass(frozen=True)
class Parameter:
    """One assumption or lever of the model.

    Attributes
    ----------
    name
        Snake-case identifier used in scenario files and code.
    label_zh, label_en
        Short labels for widgets, tables and reports.
    unit
        Unit as printed (Chinese statistical practice: 亿元, 万吨标准煤, kt ...).
    default
        Default value: a number, a choice, or a ``{year: value}`` path.
    lower, upper
        Inclusive bounds (ignored for choice parameters).
    kind
        ``"lever"`` (a policy choice) or ``"assumption"`` (an uncertain fact).
    theme
        Display group, a key of :data:`THEMES`.
    source
        Where the default comes from: the plan's chapter/section/box, a
        national standard, or a statistic from the reference notes.
    estimate
        True where the source itself is an estimate, not a documented figure.
    timeseries
        True if the parameter may vary by year (a path in scenario files).
    dtype
        ``"float"``, ``"int"`` or ``"choice"``.
    choices
        The allowed values of a choice parameter.
    choice_labels
        Optional ``{value: (zh, en)}`` labels for choices.
    distribution
        Optional uncertainty distribution.
    description
        One or two sentences on what the parameter means in the model.
    step
        Suggested widget step (defaults from the bounds).
    explore
        ``(low, high)``: the range over which scenario discovery (``python -m model
        discover``) varies this lever, in its unit; a lever's full bounds are often absurd
        (a smelter of 2,000 kt, a plant commissioned in 1990).  None: the documented rule
        of :meth:`exploration_range`, around the scenario's own value.  For a time-varying
        lever the range is that of its value in the plan year (2025).
    """

    name: str
    label_zh: str
    label_en: str
    unit: str
    default: ParameterValue
    lower: float = -np.inf
    upper: float = np.inf
    kind: Kind = "assumption"
    theme: str = "economy"
    source: str = ""
    estimate: bool = False
    timeseries: bool = False
    dtype: Literal["float", "int", "choice"] = "float"
    choices: tuple[Any, ...] = ()
    choice_labels: Mapping[Any, tuple[str, str]] = field(default_factory=dict)
    distribution: Distribution | None = None
    description: str = ""
    step: float | None = None
    explore: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.explore is not None:
            lo, hi = self.explore
            if not self.lower <= lo < hi <= self.upper or self.dtype == "choice":
                raise ValueError(f"parameter {self.name!r}: explore {self.explore} must lie within "
                                 f"[{self.lower}, {self.upper}] with low < high (not for choices)")

    def label(self, lang: str = "zh") -> str:
        """The label in ``lang`` (``"zh"`` or ``"en"``)."""
        return pick(lang, self.label_zh, self.label_en)

    def code(self, choice: Any) -> int:
        """Integer code of a choice value (its index in :attr:`choices`)."""
        return self.choices.index(choice)

    def choice_label(self, choice: Any, lang: str = "zh") -> str:
        """Display label of one choice."""
        if choice in self.choice_labels:
            zh, en = self.choice_labels[choice]
            return pick(lang, zh, en)
        return str(choice)

    def exploration_range(self, around: float | None = None) -> tuple[float, float] | None:
        """The range of this lever's plan-year value that scenario discovery explores.

        :attr:`explore` when given; None for a choice (every choice is explored).  Otherwise,
        with ``v`` the value ``around`` (a scenario's own plan-year value; by default the
        registry default's value in the plan year, 2025) and the result clipped to the bounds:

        * a whole number (a first year of output): ``v - 3`` to ``v + 3`` years
          (:data:`EXPLORE_YEARS`), and not before 2021 when ``v`` lies in or after the plan
          period (a project of the plan cannot have started in the past);
        * a number: ``v (1 - 0.5)`` to ``v (1 + 0.5)`` (:data:`EXPLORE_SHARE`, half the
          plan's value either side); a lever whose value is 0 takes ``±0.05 (upper - lower)``
          (:data:`EXPLORE_SPAN_SHARE`) instead.

        These spans are this workbook's convention, not statistics: wide enough to ask which
        way the plan breaks, narrow enough to stay near the plan.  A lever with a better
        founded range sets :attr:`explore`; a scenario narrows or widens any lever with a
        distribution in its ``uncertainties:`` section.
        """
        if self.dtype == "choice":
            return None
        if self.explore is not None:
            return (float(self.explore[0]), float(self.explore[1]))
        if around is None:
            path = self.to_array(self.default)
            around = float(path[year_index(PLAN_YEAR)] if path.ndim else path)
        v = float(around)
        if self.dtype == "int":
            lo, hi = v - EXPLORE_YEARS, v + EXPLORE_YEARS
            if v > BASE_YEAR:
                lo = max(lo, BASE_YEAR + 1.0)
        else:
            span = self.upper - self.lower
            half = EXPLORE_SHARE * abs(v) if v != 0 else (EXPLORE_SPAN_SHARE * span if np.isfinite(span) else 1.0)
            lo, hi = v - half, v + half
        return (max(float(self.lower), lo), min(float(self.upper), hi))

    def to_array(self, value: ParameterValue) -> np.ndarray:
        """One scenario's value as the model's array form (no validation).

        Returns shape ``(N_YEARS,)`` for time-varying parameters and a 0-d
        array otherwise; choices become their integer code.
        """
        if self.dtype == "choice":
            return np.asarray(self.code(value), dtype=np.int64)
        if self.timeseries:
            return interpolate_path(value)  # type: ignore[arg-type]
        return np.asarray(float(value))  # type: ignore[arg-type]


class ParameterSet(Mapping[str, np.ndarray]):
    """The values of every parameter for ``n`` scenarios, as numpy arrays.

    Time-varying parameters have shape ``(n, N_YEARS)``, scalars ``(n,)``;
    choices are integer codes.  This is the only input of the model core.
    """

    def __init__(self, parameters: Mapping[str, Parameter], values: Mapping[str, np.ndarray]):
        self._parameters = dict(parameters)
        self._values = {k: np.asarray(v) for k, v in values.items()}
        sizes = {v.shape[0] for v in self._values.values()}
        if len(sizes) != 1:
            raise ValueError(f"parameter arrays disagree on the scenario axis: {sorted(sizes)}")
        self.n = sizes.pop()
        missing = set(self._parameters) - set(self._values)
        if missing:
            raise KeyError(f"no values for parameters: {sorted(missing)}")
        for name, arr in self._values.items():
            p = self._parameters[name]
            want = (self.n, N_YEARS) if p.timeseries and p.dtype != "choice" else (self.n,)
            if arr.shape != want:
                raise ValueError(f"parameter {name!r} has shape {arr.shape}, expected {want}")

    def __getitem__(self, name: str) -> np.ndarray:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    @property
    def definitions(self) -> dict[str, Parameter]:
        """The :class:`Parameter` of every name."""
        return self._parameters

    def series(self, name: str) -> np.ndarray:
        """A parameter as ``(n, N_YEARS)``, broadcasting scalars over the years."""
        arr = self._values[name]
        return arr if arr.ndim == 2 else np.repeat(arr[:, None], N_YEARS, axis=1).astype(float)

    def is_choice(self, name: str, choice: Any) -> np.ndarray:
        """Boolean ``(n,)`` mask of scenarios whose choice parameter equals ``choice``."""
        return self._values[name] == self._parameters[name].code(choice)

    def choice_values(self, name: str) -> np.ndarray:
        """The chosen values (not codes) of a choice parameter, shape ``(n,)``."""
        choices = np.asarray(self._parameters[name].choices)
        return choices[self._values[name]]

    def replace(self, **arrays: np.ndarray) -> "ParameterSet":
        """A copy with some parameters' arrays replaced."""
        values = dict(self._values)
        values.update(arrays)
        return ParameterSet(self._parameters, values)

    def take(self, index: np.ndarray | slice) -> "ParameterSet":
        """The sub-set of scenarios selected by ``index`` along the scenario axis."""
        return ParameterSet(self._parameters, {k: v[index] for k, v in self._values.items()})

    @classmethod
    def stack(cls, parameters: Mapping[str, Parameter],
              scenarios: list[Mapping[str, ParameterValue]]) -> "ParameterSet":
        """Build the arrays from per-scenario values (already validated).

        Each scenario maps every parameter name to a value in scenario-file
        form (number, choice or year path).
        """
        values = {name: np.stack([p.to_array(s[name]) for s in scenarios])
                  for name, p in parameters.items()}
        return cls(parameters, values)
