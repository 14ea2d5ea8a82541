"""Campaign templates kept as JSON data under ``resources/campaigns``."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from brandoffice.errors import KnownError, ValidationError
from brandoffice.model.vocab import EvidenceKind, OrgKind, Sector, TaskScope
from brandoffice.office import OfficeIdentity
from brandoffice.paths import resource
from brandoffice.services.record_tasks import TIES, tie_of

E = TypeVar("E", bound=StrEnum)

FORMAT = 1
NEXT_YEAR = "次年"
_DATE = re.compile(r"^(次年)?(\d{2})-(\d{2})$")
_TOP_KEYS = {"format", "name", "description", "phases"}
_PHASE_KEYS = {"name", "start", "end", "description", "tasks"}
_TASK_KEYS = {
    "name",
    "due",
    "scope",
    "scope_values",
    "evidence",
    "evidence_note",
    "target_count",
    "weight",
    "description",
    "record",
    "organiser",
}


class TemplateError(KnownError):
    """A template file is missing, is not JSON, or breaks the template format."""


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """A template as the "new campaign" dialog lists it.

    Attributes:
        key: The file name without ``.json``; pass it to :func:`create_from_template`.
        name: The template's display name.
        description: What the template is for.
        phase_count: Number of phases.
        task_count: Number of tasks over all phases.
        problem: Why the template cannot be used, or None when it is fine.
    """

    key: str
    name: str
    description: str
    phase_count: int
    task_count: int
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class DateSpec:
    """A month and day relative to the campaign year (``year_offset`` 1 for 次年)."""

    month: int
    day: int
    year_offset: int = 0

    def on(self, year: int) -> dt.date:
        """Return the real date in a campaign of ``year``.

        Raises:
            ValidationError: The day does not exist in that year (02-29).
        """
        try:
            return dt.date(year + self.year_offset, self.month, self.day)
        except ValueError:
            raise ValidationError(
                f"{year + self.year_offset}年没有{self.month}月{self.day}日，请修改模板日期", "year"
            ) from None

    def __str__(self) -> str:
        prefix = NEXT_YEAR if self.year_offset else ""
        return f"{prefix}{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class TemplateTask:
    """A task of a template phase; the due date is relative to the year."""

    name: str
    due: DateSpec
    scope: str
    scope_values: tuple[str, ...]
    evidence_kind: str
    evidence_note: str | None
    target_count: int | None
    weight: float
    description: str | None
    record_kind: str | None = None
    organiser_takes_part: bool = False


@dataclass(frozen=True, slots=True)
class TemplatePhase:
    """A phase of a template with its relative date range and tasks."""

    name: str
    start: DateSpec
    end: DateSpec
    description: str | None
    tasks: tuple[TemplateTask, ...]


@dataclass(frozen=True, slots=True)
class CampaignTemplate:
    """A whole parsed template."""

    key: str
    name: str
    description: str
    phases: tuple[TemplatePhase, ...]


def _folder(folder: Traversable | None) -> Traversable:
    return folder if folder is not None else resource("campaigns")


def list_templates(folder: Traversable | None = None) -> list[TemplateInfo]:
    """Return every template, broken ones included with their ``problem`` set.

    Args:
        folder: Where the ``*.json`` files are; the shipped ``resources/campaigns`` by default.
    """
    infos: list[TemplateInfo] = []
    files = sorted(
        (f for f in _folder(folder).iterdir() if f.name.endswith(".json")), key=lambda f: f.name
    )
    for file in files:
        key = file.name.removesuffix(".json")
        try:
            template = load_template(key, folder)
        except TemplateError as exc:
            infos.append(TemplateInfo(key, key, "", 0, 0, str(exc)))
            continue
        infos.append(
            TemplateInfo(
                key,
                template.name,
                template.description,
                len(template.phases),
                sum(len(p.tasks) for p in template.phases),
            )
        )
    return infos


def load_template(key: str, folder: Traversable | None = None) -> CampaignTemplate:
    """Read and check one template file.

    Raises:
        TemplateError: The file is missing, not valid JSON, or breaks the format.
    """
    if not re.fullmatch(r"[\w-]+", key):
        raise TemplateError(f"模板名称“{key}”无效")
    file = _folder(folder).joinpath(f"{key}.json")
    if not file.is_file():
        raise TemplateError(f"找不到创建活动模板“{key}”")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise TemplateError(f"模板文件“{key}.json”不是 UTF-8 编码的文本") from None
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"模板文件“{key}.json”不是有效的 JSON：第{exc.lineno}行第{exc.colno}列（{exc.msg}）"
        ) from None
    return parse_template(key, data)


def parse_template(key: str, data: Any) -> CampaignTemplate:
    """Check decoded JSON against the template format and return the template.

    The format: an object with ``format`` (1), ``name``, ``description`` and
    ``phases``; each phase has ``name``, ``start``, ``end`` (``"MM-DD"`` in the
    campaign year, or ``"次年MM-DD"`` in the year after), an optional
    ``description`` and ``tasks``; each task has ``name``, ``due`` (same date
    form, inside its phase), ``scope`` (全部 / 按领域 / 按类别), ``scope_values``
    (sectors or organisation kinds for the last two), ``evidence`` (文件 / 照片 /
    数量 / 无), and optionally ``evidence_note``, ``target_count``, ``weight``
    ``description``, and ``record`` (the kind of record that completes the task,
    such as ``spirit-reports``; see :data:`brandoffice.services.record_tasks.TIES`)
    and ``organiser`` (true: the campaign's scope unit itself takes part, as in 评选命名).
    Keys starting with ``_`` are comments.

    Raises:
        TemplateError: Naming the phase and task that is wrong, in Chinese.
    """
    where = f"模板“{key}”"
    top = _object(data, where, _TOP_KEYS, required={"name", "phases"})
    if top.get("format", FORMAT) != FORMAT:
        raise TemplateError(f"{where}的格式版本为 {top.get('format')}，本程序只认识版本 {FORMAT}")
    phases_data = top["phases"]
    if not isinstance(phases_data, list) or not phases_data:
        raise TemplateError(f"{where}：phases 应为至少含一个阶段的列表")
    phases: list[TemplatePhase] = []
    for i, raw in enumerate(phases_data, start=1):
        phases.append(_phase(raw, f"{where}第{i}个阶段"))
    names = [p.name for p in phases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise TemplateError(f"{where}：阶段名称重复：{'、'.join(duplicates)}")
    return CampaignTemplate(
        key=key,
        name=_string(top["name"], f"{where}的 name"),
        description=_string(top.get("description", ""), f"{where}的 description", required=False),
        phases=tuple(phases),
    )


def _phase(raw: Any, where: str) -> TemplatePhase:
    obj = _object(raw, where, _PHASE_KEYS, required={"name", "start", "end", "tasks"})
    name = _string(obj["name"], f"{where}的 name")
    where = f"{where}“{name}”"
    start = _date(obj["start"], f"{where}的开始日期")
    end = _date(obj["end"], f"{where}的结束日期")
    if _order(end) < _order(start):
        raise TemplateError(f"{where}的结束日期 {end} 早于开始日期 {start}")
    tasks_data = obj["tasks"]
    if not isinstance(tasks_data, list):
        raise TemplateError(f"{where}：tasks 应为列表")
    tasks = [_task(t, f"{where}第{j}项任务", start, end) for j, t in enumerate(tasks_data, 1)]
    names = [t.name for t in tasks]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise TemplateError(f"{where}：任务名称重复：{'、'.join(duplicates)}")
    return TemplatePhase(
        name=name,
        start=start,
        end=end,
        description=_string(obj.get("description"), f"{where}的 description", required=False)
        or None,
        tasks=tuple(tasks),
    )


def _task(raw: Any, where: str, start: DateSpec, end: DateSpec) -> TemplateTask:
    obj = _object(raw, where, _TASK_KEYS, required={"name", "due", "scope", "evidence"})
    name = _string(obj["name"], f"{where}的 name")
    where = f"{where}“{name}”"
    due = _date(obj["due"], f"{where}的截止日期")
    if not _order(start) <= _order(due) <= _order(end):
        raise TemplateError(f"{where}的截止日期 {due} 不在本阶段（{start} 至 {end}）之内")
    scope = _enum(obj["scope"], TaskScope, f"{where}的适用范围")
    values = obj.get("scope_values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise TemplateError(f"{where}：scope_values 应为文字列表")
    if scope is TaskScope.PICKED:
        raise TemplateError(f"{where}：模板中不能使用“指定单位”，请在建好活动后再指定")
    if scope is TaskScope.ALL and values:
        raise TemplateError(f"{where}：适用范围为“全部”时不应填写 scope_values")
    if scope is TaskScope.SECTOR:
        for value in values:
            _enum(value, Sector, f"{where}的领域")
    if scope is TaskScope.KIND:
        for value in values:
            _enum(value, OrgKind, f"{where}的组织类别")
    if scope is not TaskScope.ALL and not values:
        raise TemplateError(f"{where}：适用范围为“{scope.value}”时须在 scope_values 中列出取值")
    target = obj.get("target_count")
    if target is not None and (
        not isinstance(target, int) or isinstance(target, bool) or target < 0
    ):
        raise TemplateError(f"{where}：target_count 应为不小于0的整数")
    weight = obj.get("weight", 1.0)
    if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0:
        raise TemplateError(f"{where}：weight 应为不小于0的数")
    record = obj.get("record")
    if record is not None and (not isinstance(record, str) or tie_of(record) is None):
        allowed = "、".join(t.kind for t in TIES)
        raise TemplateError(f"{where}：record“{record}”无效，可选：{allowed}")
    organiser = obj.get("organiser", False)
    if not isinstance(organiser, bool):
        raise TemplateError(f"{where}：organiser 应为 true 或 false")
    return TemplateTask(
        name=name,
        due=due,
        scope=scope.value,
        scope_values=tuple(values),
        evidence_kind=_enum(obj["evidence"], EvidenceKind, f"{where}的佐证材料").value,
        evidence_note=_string(obj.get("evidence_note"), f"{where}的 evidence_note", required=False)
        or None,
        target_count=target,
        weight=float(weight),
        description=_string(obj.get("description"), f"{where}的 description", required=False)
        or None,
        record_kind=record,
        organiser_takes_part=organiser,
    )


def _object(raw: Any, where: str, allowed: set[str], *, required: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise TemplateError(f"{where}应为 JSON 对象（{{…}}）")
    unknown = sorted(k for k in raw if k not in allowed and not str(k).startswith("_"))
    if unknown:
        raise TemplateError(
            f"{where}含有不认识的项：{'、'.join(unknown)}；可用：{'、'.join(sorted(allowed))}"
        )
    missing = sorted(required - raw.keys())
    if missing:
        raise TemplateError(f"{where}缺少：{'、'.join(missing)}")
    return raw


def _string(raw: Any, where: str, *, required: bool = True) -> str:
    if raw is None and not required:
        return ""
    if not isinstance(raw, str):
        raise TemplateError(f"{where}应为文字")
    if required and not raw.strip():
        raise TemplateError(f"{where}不能为空")
    return raw.strip()


def _enum(raw: Any, enum: type[E], where: str) -> E:
    try:
        return enum(raw)
    except ValueError:
        allowed = "、".join(m.value for m in enum)
        raise TemplateError(f"{where}“{raw}”无效，可选：{allowed}") from None


def _date(raw: Any, where: str) -> DateSpec:
    match = _DATE.match(raw) if isinstance(raw, str) else None
    if match is None:
        raise TemplateError(f"{where}“{raw}”格式不对，应写作“MM-DD”或“次年MM-DD”，如 03-01")
    spec = DateSpec(int(match[2]), int(match[3]), 1 if match[1] else 0)
    try:
        dt.date(2000, spec.month, spec.day)  # a leap year, so 02-29 is accepted here
    except ValueError:
        raise TemplateError(f"{where}“{raw}”不是有效的月日") from None
    return spec


def _order(spec: DateSpec) -> tuple[int, int, int]:
    return (spec.year_offset, spec.month, spec.day)


def localised(template: CampaignTemplate, identity: OfficeIdentity) -> CampaignTemplate:
    """Return the template in the office's wording (报街道组织科备案 → 报镇党委组织办备案)."""

    def text(value: str | None) -> str | None:
        return identity.localise(value) if value else value

    phases = tuple(
        replace(
            phase,
            name=identity.localise(phase.name),
            description=text(phase.description),
            tasks=tuple(
                replace(
                    task,
                    name=identity.localise(task.name),
                    evidence_note=text(task.evidence_note),
                    description=text(task.description),
                )
                for task in phase.tasks
            ),
        )
        for phase in template.phases
    )
    return replace(template, description=identity.localise(template.description), phases=phases)
