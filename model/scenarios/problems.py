"""Problems found in scenario files, the error that carries them, and their words in both languages.

Every problem is one line, ``file:line: key.path: what was expected`` (the
line and key are left out where they are not known), so that the command line
prints it as it is and a reader finds the place at once.

What was expected is a :class:`Message`: a kind of :data:`MESSAGES` and its
arguments.  The table holds each kind's words once, in Chinese and in English
(``str.format`` templates); ``str()`` of a problem is the English the command
line prints, :meth:`ScenarioProblem.text` the line in either language (the
explorer shows it in the language of the page).  An argument may itself be a
message (a unit of words such as a range, "did you mean …"), a tuple of
messages, joined by a semicolon of the language, or a :class:`Unit` (``1/年``
in Chinese, ``per year`` in English).  A problem may still carry
plain text (pydantic's own words for the ``report:`` block, an operating
system's reason); it reads the same in both languages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.text import closest_name, pick, unit_text

__all__ = ["ScenarioProblem", "ScenarioError", "Message", "MESSAGES", "Unit", "say", "suggestion"]

# --------------------------------------------------------------------------- the words

#: Message kind -> (Chinese, English) template.  ``{{year: value}}`` is a literal ``{year: value}``.
MESSAGES: dict[str, tuple[str, str]] = {
    "all": ("{items}", "{items}"),  # several messages given together: items=(message, ...)
    # reading the file
    "file_not_found": ("找不到文件", "file not found"),
    "cannot_read": ("无法读取文件：{reason}", "cannot read file: {reason}"),
    "not_utf8": ("不是 UTF-8 文本（第 {byte} 字节）", "not UTF-8 text (byte {byte})"),
    "empty_file": ("文件为空；应为含 id、title 和 levers/assumptions 的映射",
                   "empty file; expected a mapping with id, title and levers/assumptions"),
    "top_not_mapping": ("文件顶层应为含 id、title 和 levers/assumptions 的映射，实际为 {got}",
                        "expected a mapping with id, title and levers/assumptions at the top, got {got}"),
    "malformed_yaml": ("YAML 格式有误：{what}", "malformed YAML: {what}"),
    "yaml_tag": ("不允许使用 YAML 标签 {tag!r}（情景文件只含普通数字、文本和映射）",
                 "YAML tag {tag!r} is not allowed (scenario files hold plain numbers, text and mappings only)"),
    "duplicate_key": ("重复的键（第 {first} 行已给出）", "duplicate key (first given on line {first})"),
    "empty_folder": ("文件夹中没有 *.yaml 情景文件", "folder holds no *.yaml scenario files"),
    # the file's keys
    "unknown_key": ("未知的键；应为以下之一：{keys}{hint}", "unknown key; expected one of {keys}{hint}"),
    "unknown_title_key": ("未知的键；标题只有 zh 和 en", "unknown key; a title has zh and en"),
    "unknown_parameter": ("未知参数{hint}", "unknown parameter{hint}"),
    "see_params": ("；参数列表见 `python -m model params`", "; see `python -m model params` for the list"),
    "did_you_mean": ("；是否应为 {name!r}？", "; did you mean {name!r}?"),
    "unknown_target": ("未知目标 {name!r}{hint}", "unknown target {name!r}{hint}"),
    "target_not_modelled": ("目标 {name!r} 未建模，模型无法判断", "target {name!r} is not modelled; the model cannot judge it"),
    "unknown_diagnostic": ("未知诊断 {name!r}{hint}", "unknown diagnostic {name!r}{hint}"),
    "lever_in_assumptions": ("{name} 是政策杠杆；请移到 levers: 下", "{name} is a lever; move it under levers:"),
    "assumption_in_levers": ("{name} 是假设；请移到 assumptions: 下",
                             "{name} is an assumption; move it under assumptions:"),
    "missing": ("缺少；应为{what}", "missing; expected {what}"),
    "bad_id": ("应为小写字母、数字、'-' 或 '_'（例如 slower-industry），实际为 {got!r}",
               "expected lower-case letters, digits, '-' or '_' (for example slower-industry), got {got!r}"),
    "wrong_type": ("应为{what}，实际为 {got!r}", "expected {what}, got {got!r}"),
    "a_scenario_id": ("情景 id，如 my-scenario", "a scenario id such as my-scenario"),
    "a_title": ("含 zh 和 en 的标题", "a title with zh and en"),
    "the_zh_title": ("中文标题", "the Chinese title"),
    "the_en_title": ("英文标题", "the English title"),
    "a_value": ("一个值", "a value"),
    "text": ("文本", "text"),
    "a_mapping": ("映射", "a mapping"),
    "parameter_mapping": ("参数名到取值的映射", "a mapping of parameter names to values"),
    "distribution_mapping": ("参数名到分布的映射", "a mapping of parameter names to distributions"),
    "scenario_reference": ("情景 id 或情景文件路径", "a scenario id or a path to a scenario file"),
    # inheritance and observations
    "no_parent": ("找不到情景 {ref!r}（已在本文件旁和 scenarios/ 中查找 {ref}.yaml）",
                  "no scenario {ref!r} found (looked for {ref}.yaml beside this file and in scenarios/)"),
    "circular": ("循环继承：{cycle}", "circular inheritance: {cycle}"),
    "parent_has_errors": ("父情景 {parent} 有错误（见上）", "the parent scenario {parent} has errors (listed above)"),
    "no_observation_file": ("找不到观测文件 {name!r}（路径相对于本情景文件）",
                            "no observation file {name!r} (paths are relative to this scenario file)"),
    "duplicate_id": ("id {id!r} 已被 {other} 使用", "id {id!r} is also used by {other}"),
    # observation files (model.scenarios.observations) and the bibliography
    "csv_not_utf8": ("不是 UTF-8 文本；请将文件存为 UTF-8", "not UTF-8 text; save the file as UTF-8"),
    "csv_unreadable": ("无法读取（{reason}）", "cannot be read ({reason})"),
    "csv_no_header": ("没有表头：应为列 {columns}", "no header: expected the columns {columns}"),
    "csv_invalid": ("不是有效的 CSV（{reason}）", "not valid CSV ({reason})"),
    "csv_fields": ("有 {n} 个字段，但表头只有 {header} 个（含逗号的字段请加引号）",
                   "{n} fields, but the header has {header} (quote a field that contains a comma)"),
    "csv_missing_column": ("缺少该列；表头应为 {columns}（note 和 region 可选）",
                           "missing column; expected the header {columns} (note and region optional)"),
    "csv_unknown_column": ("未知的列；应为 {columns}{hint}", "unknown column; expected {columns}{hint}"),
    "unknown_variable": ("未知变量 {name!r}{hint}", "unknown variable {name!r}{hint}"),
    "wrong_unit": ("{name} 的单位应为 {unit!r}，实际为 {got!r}", "expected {unit!r} for {name}, got {got!r}"),
    "a_whole_year": ("应为 {first}-{last} 的整年，实际为 {got!r}", "expected a whole year {first}-{last}, got {got!r}"),
    "a_year_in": ("年份应在 {first}-{last} 内，实际为 {got}", "expected a year in {first}-{last}, got {got}"),
    "csv_number": ("应为数，实际为 {got!r}", "expected a number, got {got!r}"),
    "no_source": ("为空：每个观测值都需要来源（data/sources.csv 的键，或标题、发布者、日期和网址）",
                  "empty: every observed number needs its source (a key of data/sources.csv or the title, issuer, "
                  "date and address)"),
    "unknown_source": ("未知的来源键 {key!r}{hint}（请加入 data/sources.csv 或写出完整出处）",
                       "unknown source key {key!r}{hint} (add it to data/sources.csv or write the full citation)"),
    "observed_twice": ("{variable} {year} 重复观测（另见 {other}）", "{variable} {year} is observed twice (also at {other})"),
    "sources_missing_column": ("缺少该列；应为 {columns}", "missing column; expected {columns}"),
    "empty": ("为空", "empty"),
    "defined_twice": ("{key!r} 定义了两次", "{key!r} defined twice"),
    # values (model.scenarios.values)
    "between": ("介于 {lower} 与 {upper} {unit} 之间", "between {lower} and {upper} {unit}"),
    "in_year": ("（{year}年）", " in {year}"),
    "a_number": ("应为{between}的数{where}，实际为 {got!r}", "expected a number {between}{where}, got {got!r}"),
    "a_whole_number": ("应为{between}的整数{where}，实际为 {got!r}",
                       "expected a whole number {between}{where}, got {got!r}"),
    "out_of_bounds": ("应为{between}的值{where}，实际为 {got}", "expected a value {between}{where}, got {got}"),
    "no_path": ("应为{between}的单个数；该参数不随年份变化，不能写成 {{年份: 值}} 路径",
                "expected a single number {between}; this parameter does not vary by year, so a {{year: value}} "
                "path is not allowed"),
    "empty_path": ("应为至少含一个年份的 {{年份: 值}} 路径，实际为空映射",
                   "expected a {{year: value}} path with at least one year, got an empty mapping"),
    "not_a_year": ("年份 {year!r} 不是整年", "year {year!r} is not a whole year"),
    "year_outside": ("年份 {year} 超出 {first}-{last}", "year {year} is outside {first}-{last}"),
    "a_choice": ("应为以下之一：{options}，实际为 {got!r}", "expected one of {options}, got {got!r}"),
    "a_number_not_list": ("应为{between}的数{or_path}，实际为列表", "expected a number {between}{or_path}, got a list"),
    "or_path": ("或 {{年份: 值}} 路径", " or a {{year: value}} path"),
    # distributions (uncertainties:)
    "dist_spec": ("应为 {{kind: ..., ...}}，kind 为以下之一：{kinds}",
                  "expected {{kind: ..., ...}} with kind one of {kinds}"),
    "dist_kind": ("kind：应为以下之一：{kinds}，实际为 {got!r}", "kind: expected one of {kinds}, got {got!r}"),
    "dist_kind_fit": ("分布 {kind!r} 不适用于 {dtype} 型参数", "kind {kind!r} does not fit a {dtype} parameter"),
    "dist_args": ("分布 {kind} 的参数为 {allowed}；实际给出 {given}", "kind {kind} takes {allowed}; got {given}"),
    "nothing": ("无", "nothing"),
    "dist_apply": ("apply：应为以下之一：{rules}（选项型参数不可用），实际为 {got!r}",
                   "apply: expected one of {rules} (not for choices), got {got!r}"),
    "dist_values": ("values：应为取自 {choices} 的列表", "values: expected a list drawn from {choices}"),
    "dist_weights": ("weights：应为 {n} 个和为 1 的非负数", "weights: expected {n} non-negative numbers summing to 1"),
    "dist_numbers": ("{names} 应为数", "{names} must be numbers"),
    "dist_range": ("应满足 {lower} <= low <= {mode}high <= {upper} 且 low < high",
                   "expected {lower} <= low <= {mode}high <= {upper} with low < high"),
    "dist_mode": ("mode <= ", "mode <= "),
    "dist_truncnormal": ("应满足 sd > 0 且 mean 在 [{lower}, {upper}] 内",
                         "expected sd > 0 and mean within [{lower}, {upper}]"),
    "dist_lognormal": ("应满足 median > 0 且 sigma > 0", "expected median > 0 and sigma > 0"),
}
#: The semicolon between messages given together, per language.
_JOIN = ("；", "; ")


@dataclass(frozen=True)
class Message:
    """A kind of :data:`MESSAGES` with its arguments; ``str()`` is the English."""

    kind: str
    args: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``)."""
        return pick(lang, *MESSAGES[self.kind]).format(**{k: _arg(v, lang) for k, v in self.args})

    def __str__(self) -> str:
        return self.text("en")


@dataclass(frozen=True)
class Unit:
    """A registry unit as an argument: as written in Chinese, in English words in English
    (:func:`model.text.unit_text`: ``1/年`` -> ``per year``)."""

    unit: str

    def text(self, lang: str) -> str:
        return unit_text(self.unit, lang)


def say(kind: str, /, **args: Any) -> Message:
    """The message of ``kind`` with ``args`` (a message, or a tuple of messages, is an argument too)."""
    if kind not in MESSAGES:
        raise KeyError(f"no message kind {kind!r}")
    return Message(kind, tuple(args.items()))


def suggestion(name: Any, candidates: Any, cutoff: float = 0.6) -> Message | str:
    """"did you mean 'x'?" for the closest candidate (:func:`model.text.closest_name`), or nothing."""
    close = closest_name(name, candidates, cutoff)
    return say("did_you_mean", name=close) if close is not None else ""


def _arg(value: Any, lang: str) -> Any:
    if isinstance(value, (Message, Unit)):
        return value.text(lang)
    if isinstance(value, tuple) and value and all(isinstance(v, Message) for v in value):
        return pick(lang, *_JOIN).join(v.text(lang) for v in value)
    return value


# --------------------------------------------------------------------------- problems

@dataclass(frozen=True)
class ScenarioProblem:
    """One problem found in a scenario file (``message``: a :class:`Message`, or plain text)."""

    file: str
    line: int | None
    key: str
    message: Message | str

    def text(self, lang: str, file: str | None = None) -> str:
        """The problem's line in ``lang``, with ``file`` (default: the problem's own) in front."""
        where = file if file is not None else self.file
        where = f"{where}:{self.line}" if self.line else where
        said = self.message.text(lang) if isinstance(self.message, Message) else str(self.message)
        return f"{where}: {self.key}: {said}" if self.key else f"{where}: {said}"

    def __str__(self) -> str:
        return self.text("en")


class ScenarioError(Exception):
    """Raised with every problem found while loading one or more scenario files."""

    def __init__(self, problems: list[ScenarioProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
