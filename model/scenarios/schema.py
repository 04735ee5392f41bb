"""The scenario file's schema: one pydantic model generated from the registry.

Every parameter of the registry becomes an optional field of its section
(``levers`` or ``assumptions``, by its kind) and of ``uncertainties``; each
field's before-validator is the registry's own check
(:func:`model.scenarios.values.check_value`,
:func:`~model.scenarios.values.check_distribution`).  Unknown keys are
forbidden at every level and no type is coerced (``strict``), so a typo or a
quoted number is reported rather than guessed.

:func:`explain` turns one pydantic error into the key path and the plain
message a scenario author reads: ``levers.growth_minig: unknown parameter; did
you mean 'growth_mining'?``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError

from model.core.diagnostics import DIAGNOSTICS
from model.core.parameter import Parameter
from model.core.registry import Registry
from model.core.scorecard import TARGETS
from model.provenance import DEFAULT_SEED
from model.scenarios.problems import Message, say, suggestion
from model.scenarios.values import InvalidValue, check_distribution, check_value

__all__ = ["ReportOptions", "DiscoverOptions", "target_problem", "diagnostic_problem", "SECTIONS", "TOP_KEYS", "model_for", "explain"]

#: The sections that set parameters, by the parameters' kind.
SECTIONS = ("levers", "assumptions")
#: Every key a scenario file may have at its top.
TOP_KEYS = ("id", "title", "description", "inherits", "levers", "assumptions", "uncertainties",
            "report")


# --------------------------------------------------------------------------- model

def _validator(check: Callable[[Parameter, Any], Any], p: Parameter, error_type: str) -> BeforeValidator:
    """A pydantic before-validator running ``check(p, value)``, its refusal as a custom error."""

    def validate(v: Any) -> Any:
        try:
            return check(p, v)
        except InvalidValue as exc:  # the message travels in the error's context, for explain()
            raise PydanticCustomError(error_type, "{message}", {"message": exc.message}) from None

    return BeforeValidator(validate)


def _section_model(registry: Registry, kind: str) -> type[BaseModel]:
    fields: dict[str, Any] = {
        p.name: (Annotated[Any, _validator(check_value, p, "parameter_value")], None)
        for p in registry.values() if p.kind == kind
    }
    return create_model(f"{kind.title()}Section", __config__=ConfigDict(extra="forbid"), **fields)


def _uncertainty_model(registry: Registry) -> type[BaseModel]:
    fields: dict[str, Any] = {
        p.name: (Annotated[Any, _validator(check_distribution, p, "distribution")], None)
        for p in registry.values()
    }
    return create_model("UncertaintiesSection", __config__=ConfigDict(extra="forbid"), **fields)


def target_problem(tid: str) -> Message | None:
    """What is wrong with a target id a user named (None: a modelled target of targets.csv);
    ``str()`` of the message is its English."""
    known = [t.id for t in TARGETS]
    if tid not in known:
        return say("unknown_target", name=tid, hint=suggestion(tid, known))
    if not next(t for t in TARGETS if t.id == tid).is_modelled:
        return say("target_not_modelled", name=tid)
    return None


def diagnostic_problem(did: str) -> Message | None:
    """What is wrong with a diagnostic id a user named (None: a known diagnostic)."""
    ids = [d.id for d in DIAGNOSTICS]
    return None if did in ids else say("unknown_diagnostic", name=did, hint=suggestion(did, ids))


def _id_validator(problem: Callable[[str], Message | None], error_type: str) -> BeforeValidator:
    """A pydantic before-validator refusing an id ``problem`` finds fault with (the message travels
    in the error's context, for explain(), in both languages)."""

    def validate(v: Any) -> Any:
        if isinstance(v, str) and (message := problem(v)):
            raise PydanticCustomError(error_type, "{message}", {"message": message})
        return v

    return BeforeValidator(validate)


class DiscoverOptions(BaseModel):
    """``report: discover:`` - the report's section 情景发现 / Scenario discovery (docs/exploration.md)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    #: The targets that must all be met for the plan to hold (ids as in targets.csv).
    targets: Annotated[list[Annotated[str, _id_validator(target_problem, "target_id")]], Field(min_length=1)]
    #: The diagnostics that must not bite as well.
    diagnostics: list[Annotated[str, _id_validator(diagnostic_problem, "diagnostic_id")]] = []
    #: Number of draws (PRIM needs a few hundred).
    draws: Annotated[int, Field(ge=200, le=100_000)] = 4000
    #: Seed of the draws and of the trees.
    seed: Annotated[int, Field(ge=0)] = DEFAULT_SEED


class ReportOptions(BaseModel):
    """Optional ``report:`` block of a scenario file (what its PDF report adds)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    #: Size of the ensemble behind the report's fan charts (0: no uncertainty section).
    uncertainty_draws: Annotated[int, Field(ge=0, le=100_000)] = 0
    #: Seed of that ensemble.
    uncertainty_seed: Annotated[int, Field(ge=0)] = DEFAULT_SEED
    #: Scenario discovery for the section 情景发现 / Scenario discovery (None: no such section).
    discover: DiscoverOptions | None = None


class _Title(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    zh: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]


def _title_for_both(value: Any) -> Any:
    """``title: 我的情景`` (one string) serves both languages; the mapping form stays."""
    return {"zh": value, "en": value} if isinstance(value, str) else value


def _file_model(registry: Registry) -> type[BaseModel]:
    levers = _section_model(registry, "lever")
    assumptions = _section_model(registry, "assumption")
    return create_model(
        "ScenarioFile",
        __config__=ConfigDict(extra="forbid", strict=True),
        id=(Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)], ...),
        title=(Annotated[_Title, BeforeValidator(_title_for_both)], ...),
        description=(str, ""),
        inherits=(str | None, None),
        levers=(levers | None, None),
        assumptions=(assumptions | None, None),
        uncertainties=(_uncertainty_model(registry) | None, None),
        report=(ReportOptions | None, None),
        observed=(list[Annotated[str, Field(min_length=1)]] | None, None),
    )


_MODELS: dict[int, type[BaseModel]] = {}


def model_for(registry: Registry) -> type[BaseModel]:
    """The pydantic model of a scenario file for ``registry`` (built once per registry)."""
    key = id(registry)
    if key not in _MODELS:
        _MODELS[key] = _file_model(registry)
    return _MODELS[key]


# --------------------------------------------------------------------------- messages

def explain(error: Mapping[str, Any], registry: Registry) -> tuple[tuple[str, ...], Message | str]:
    """Turn one pydantic error into (key path, message in both languages); pydantic's own words
    (for the ``report:`` block) stay as they are."""
    loc = tuple(str(x) for x in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        name = loc[-1]
        if len(loc) == 1:
            return loc, say("unknown_key", keys=", ".join(TOP_KEYS), hint=suggestion(name, TOP_KEYS))
        if len(loc) == 2 and loc[0] in SECTIONS and name in registry:
            lever = registry[name].kind == "lever"
            return loc, say("lever_in_assumptions" if lever else "assumption_in_levers", name=name)
        if len(loc) == 2 and loc[0] in (*SECTIONS, "uncertainties"):
            return loc, say("unknown_parameter", hint=suggestion(name, registry) or say("see_params"))
        if loc[0] == "title":
            return loc, say("unknown_title_key")
    if kind == "missing":
        what = {"id": "a_scenario_id", "title": "a_title", "zh": "the_zh_title",
                "en": "the_en_title"}.get(loc[-1], "a_value")
        return loc, say("missing", what=say(what))
    if kind == "string_pattern_mismatch" and loc == ("id",):
        return loc, say("bad_id", got=error.get("input"))
    if kind in ("string_type", "model_type", "dict_type", "model_attributes_type"):
        expected = "text" if kind == "string_type" else "a_mapping"
        if len(loc) == 1 and loc[0] in SECTIONS:
            expected = "parameter_mapping"
        if len(loc) == 1 and loc[0] == "uncertainties":
            expected = "distribution_mapping"
        if loc == ("inherits",):
            expected = "scenario_reference"
        return loc, say("wrong_type", what=say(expected), got=error.get("input"))
    message = (error.get("ctx") or {}).get("message")
    # parameter values and distributions: the registry's message; the rest: pydantic's words
    return loc, message if isinstance(message, Message) else error["msg"]
