"""Party-spirit analysis reports (党性分析报告): who handed one in, the files, completion rates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, ValidationError
from brandoffice.excel.record_columns import SPIRIT_REPORTS
from brandoffice.model import Campaign, Member, Organisation, PartySpiritReport, table_of
from brandoffice.model.vocab import MemberCategory
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.context import Service

REPORT = table_of(PartySpiritReport)
MEMBER = table_of(Member)
ORG = table_of(Organisation)
LABEL = "党性分析报告"

REQUIRED_CATEGORIES = (MemberCategory.SERVING,)
"""Who must write one: seeds 000 and 004 ask it of 在职党员 (serving members). Members of
other categories may hand one in; it is kept but not counted in the completion rate."""
REQUIRED = [c.value for c in REQUIRED_CATEGORIES]


@dataclass(frozen=True, slots=True)
class PartySpiritRow:
    """A member's report of a year, with the member's and unit's names."""

    id: int
    member_id: int
    member_name: str
    category: str
    org_id: int
    unit_name: str
    year: int
    campaign_id: int | None
    submitted: bool
    submitted_on: dt.date | None
    attachment_id: int | None
    filename: str | None
    reviewer: str | None
    reviewer_comment: str | None
    version: int

    @property
    def required(self) -> bool:
        """Tell whether the member's category must write a report."""
        return self.category in REQUIRED


@dataclass(frozen=True, slots=True)
class UnitSpiritCompletion:
    """A unit's reports of a year: members who must write one, how many did, who has not."""

    org_id: int
    unit_name: str
    required: int
    submitted: int
    outstanding: tuple[str, ...]

    @property
    def rate(self) -> float | None:
        """Return submitted ÷ required (None when nobody must write one)."""
        return rh.rate(self.submitted, self.required)


@dataclass(frozen=True, slots=True)
class SpiritLine:
    """A member who must write a report (or handed one in anyway) and the report, if any."""

    member_id: int
    name: str
    category: str
    org_id: int
    unit_name: str
    report: PartySpiritRow | None

    @property
    def required(self) -> bool:
        """Tell whether the member's category must write one."""
        return self.category in REQUIRED

    @property
    def submitted(self) -> bool:
        """Tell whether the report was handed in."""
        return self.report is not None and self.report.submitted

    @property
    def state(self) -> str:
        """Return 已提交 / 未提交 (registered, not handed in) / 未登记."""
        if self.report is None:
            return "未登记"
        return "已提交" if self.report.submitted else "未提交"


@dataclass(frozen=True)
class SpiritView:
    """The roster of a unit's subtree (who must write a report) and its completion per unit."""

    lines: list[SpiritLine]
    completion: list[UnitSpiritCompletion]

    @property
    def required(self) -> int:
        """Return the members who must write one."""
        return sum(c.required for c in self.completion)

    @property
    def submitted(self) -> int:
        """Return how many of them handed one in."""
        return sum(c.submitted for c in self.completion)


class PartySpiritService(Service):
    """Reports of members, the files, reviewers' comments and the completion per unit."""

    # -- reads ---------------------------------------------------------------
    def reports(
        self, year: int, *, org_id: int | None = None, member_id: int | None = None
    ) -> list[PartySpiritRow]:
        """Return the reports of a year, of a unit's subtree or one member, by unit and name."""
        query = _query().where(REPORT.c.year == year).order_by(ORG.c.name, MEMBER.c.name)
        if member_id is not None:
            query = query.where(REPORT.c.member_id == member_id)
        return rh.rows_of(self.ctx, PartySpiritRow, query, MEMBER.c.org_id, org_id=org_id)

    def view(self, org_id: int, year: int) -> SpiritView:
        """Return the roster of a unit's subtree in a year: the unit's own members first."""
        reports = {r.member_id: r for r in self.reports(year, org_id=org_id)}
        query = select(
            MEMBER.c.id, MEMBER.c.name, MEMBER.c.category, MEMBER.c.org_id, ORG.c.name
        ).join(ORG, ORG.c.id == MEMBER.c.org_id)
        with self.ctx.db.read() as s:
            units = rh.scope_units(s, org_id) or []
            query = query.where(
                MEMBER.c.org_id.in_(units),
                MEMBER.c.category.in_(REQUIRED) | MEMBER.c.id.in_(list(reports)),
            )
            lines = [SpiritLine(*r, reports.get(r[0])) for r in s.execute(query)]
        lines.sort(
            key=lambda x: (x.org_id != org_id, x.unit_name, x.submitted, x.name, x.member_id)
        )
        return SpiritView(lines, self.completion(year, org_id))

    def get(self, report_id: int) -> PartySpiritRow:
        """Return one report or raise NotFoundError."""
        return rh.row_of(self.ctx, PartySpiritRow, _query(), REPORT, report_id, LABEL)

    def file(self, report_id: int) -> tuple[str, bytes]:
        """Return the file name and content of a report's file."""
        with self.ctx.db.read() as s:
            report = rh.load(s, PartySpiritReport, report_id, None, LABEL)
            if report.attachment_id is None:
                raise NotFoundError(f"该{LABEL}没有附件")
            return report.filename or f"{LABEL}", rh.file_content(s, report.attachment_id)

    def completion(self, year: int, org_id: int | None = None) -> list[UnitSpiritCompletion]:
        """Return per unit (with members who must write one) the completion of a year.

        Args:
            year: The year.
            org_id: Only this unit and the units below it; all units when None.
        """
        query = (
            select(MEMBER.c.org_id, MEMBER.c.name, REPORT.c.submitted)
            .outerjoin(
                REPORT, (REPORT.c.member_id == MEMBER.c.id) & (REPORT.c.year == rh.year(year))
            )
            .where(MEMBER.c.category.in_(REQUIRED))
            .order_by(MEMBER.c.org_id, MEMBER.c.name, MEMBER.c.id)
        )
        counts: dict[int, list[Any]] = {}
        with self.ctx.db.read() as s:
            query = rh.in_scope(s, query, org_id, MEMBER.c.org_id)
            for unit, name, submitted in s.execute(query):
                entry = counts.setdefault(int(unit), [0, 0, []])
                entry[0] += 1
                if submitted:
                    entry[1] += 1
                else:
                    entry[2].append(str(name))
            names = rh.org_names(s, list(counts))
        rows = [
            UnitSpiritCompletion(unit, names[unit], n, done, tuple(missing))
            for unit, (n, done, missing) in counts.items()
        ]
        return sorted(rows, key=lambda r: (r.unit_name, r.org_id))

    # -- writes --------------------------------------------------------------
    @retry_conflicts
    def record(
        self,
        member_id: int,
        year: int,
        *,
        submitted: bool = True,
        submitted_on: dt.date | None = None,
        campaign_id: int | None = None,
        filename: str | None = None,
        data: bytes | None = None,
        mime: str | None = None,
    ) -> PartySpiritRow:
        """Register a member's report of a year (one per member and year).

        Args:
            member_id: The member.
            year: The year the report is of.
            submitted: Whether it was handed in; a file implies it was.
            submitted_on: When; today when submitted and None.
            campaign_id: The campaign that asked for it, if any.
            filename: The file's name, with ``data``.
            data: The file's content, stored once per SHA-256.
            mime: Its MIME type; guessed from the name when None.
        """
        when = rh.year(year)
        handed_in = bool(submitted or data)
        date = submission(handed_in, submitted_on, when, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            person = rh.member(s, member_id)
            _check_campaign(s, campaign_id)
            same = (REPORT.c.member_id == member_id) & (REPORT.c.year == when)
            if s.scalar(select(REPORT.c.id).where(same)) is not None:
                raise ValidationError(f"党员“{person.name}”的{when}年度{LABEL}已登记", "year")
            report = PartySpiritReport(
                member_id=member_id,
                year=when,
                campaign_id=campaign_id,
                submitted=handed_in,
                submitted_on=date,
            )
            if data is not None:
                report.attachment_id, report.filename = rh.store_file(s, filename or "", data, mime)
            state = "已提交" if handed_in else "未提交"
            new_id = rh.add(s, self.ctx, report, "登记党性分析报告", LABEL, person.name, state)
        return self.get(new_id)

    @retry_conflicts
    def update(
        self,
        report_id: int,
        version: int,
        *,
        submitted: bool,
        submitted_on: dt.date | None = None,
        campaign_id: int | None = None,
    ) -> PartySpiritRow:
        """Change whether and when a report was handed in (the file stays)."""
        with self.ctx.db.write.begin() as s:
            report = rh.load(s, PartySpiritReport, report_id, version, LABEL)
            handed_in = bool(submitted or report.attachment_id is not None)
            report.submitted_on = submission(handed_in, submitted_on, report.year, self.ctx.today())
            report.submitted = handed_in
            _check_campaign(s, campaign_id)
            report.campaign_id = campaign_id
            name = rh.member(s, report.member_id).name
            rh.log(s, self.ctx, "修改党性分析报告", LABEL, report_id, name)
        return self.get(report_id)

    @retry_conflicts
    def attach(
        self, report_id: int, version: int, filename: str, data: bytes, mime: str | None = None
    ) -> PartySpiritRow:
        """Attach (or replace) a report's file; the report counts as handed in from then."""
        with self.ctx.db.write.begin() as s:
            report = rh.load(s, PartySpiritReport, report_id, version, LABEL)
            old = report.attachment_id
            report.attachment_id, report.filename = rh.store_file(s, filename, data, mime)
            if not report.submitted:
                report.submitted = True
                report.submitted_on = submission(True, None, report.year, self.ctx.today())
            s.flush()
            if old is not None and old != report.attachment_id:
                rh.drop_if_unused(s, old)
            name = rh.member(s, report.member_id).name
            rh.log(s, self.ctx, "上传党性分析报告", LABEL, report_id, name, report.filename)
        return self.get(report_id)

    @retry_conflicts
    def review(
        self, report_id: int, version: int, reviewer: str, comment: str | None
    ) -> PartySpiritRow:
        """Record who read a handed-in report and their comment."""
        validate.text(reviewer, "审阅人", "reviewer", max_len=50)
        with self.ctx.db.write.begin() as s:
            report = rh.load(s, PartySpiritReport, report_id, version, LABEL)
            who, text = clean_review(report.submitted, reviewer, comment)
            report.reviewer, report.reviewer_comment = who, text
            name = rh.member(s, report.member_id).name
            rh.log(s, self.ctx, "审阅党性分析报告", LABEL, report_id, name, f"审阅人：{who}")
        return self.get(report_id)

    @retry_conflicts
    def delete(self, report_id: int) -> None:
        """Delete a report registered by mistake, with its file when nothing else uses it."""
        with self.ctx.db.write.begin() as s:
            report = rh.load(s, PartySpiritReport, report_id, None, LABEL)
            attachment, member_id, year = report.attachment_id, report.member_id, report.year
            s.delete(report)
            s.flush()
            if attachment is not None:
                rh.drop_if_unused(s, attachment)
            name = rh.member(s, member_id).name
            rh.log(s, self.ctx, "删除党性分析报告", LABEL, report_id, name, f"{year}年度")


def submission(handed_in: bool, when: dt.date | None, year: int, today: dt.date) -> dt.date | None:
    """Return the date a report was handed in (today when not given), or None when it was not.

    Raises:
        ValidationError: A date for a report not handed in, after today or before its year.
    """
    if not handed_in:
        if when is not None:
            raise ValidationError("未提交的报告不能填写提交日期", "submitted_on")
        return None
    date = when or today
    SPIRIT_REPORTS.column("submitted_on").refuse_future(date, today)
    if date.year < year:
        raise ValidationError(f"提交日期早于{year}年，请核对年度", "submitted_on")
    return date


def clean_review(
    submitted: bool, reviewer: str | None, comment: str | None
) -> tuple[str | None, str | None]:
    """Check who read a report and what they said; return both (None when blank).

    Raises:
        ValidationError: A reviewer or comment on a report not handed in, a comment without
            a reviewer, or text too long.
    """
    who = validate.optional_text(reviewer, "审阅人", "reviewer", max_len=50)
    text = validate.optional_text(comment, "审阅意见", "reviewer_comment", max_len=2000)
    if (who or text) and not submitted:
        raise ValidationError("报告尚未提交，不能填写审阅意见", "reviewer_comment")
    if text and not who:
        raise ValidationError("审阅人不能为空", "reviewer")
    return who, text


def _check_campaign(session: Session, campaign_id: int | None) -> None:
    if campaign_id is not None and session.get(Campaign, campaign_id) is None:
        raise ValidationError(f"创建活动（编号 {campaign_id}）不存在", "campaign_id")


def _query() -> Any:
    return (
        select(
            REPORT,
            MEMBER.c.name.label("member_name"),
            MEMBER.c.category,
            MEMBER.c.org_id,
            ORG.c.name.label("unit_name"),
        )
        .join(MEMBER, MEMBER.c.id == REPORT.c.member_id)
        .join(ORG, ORG.c.id == MEMBER.c.org_id)
    )
