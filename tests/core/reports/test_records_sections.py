"""The campaign-record sections of the progress report and the commendation list from an evaluation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from brandoffice.app import open_context
from brandoffice.kinds.campaign import KINDS as CAMPAIGN_KINDS
from brandoffice.numbers import wan, wan_yuan
from brandoffice.reports.common import ReportOptions, number, percent
from brandoffice.reports.fonts import choose_fonts
from brandoffice.reports.honours_list import write_honours
from brandoffice.reports.layout import chinese_number
from brandoffice.reports.progress_report import write_progress
from brandoffice.reports.records import SECTIONS
from brandoffice.reports.records.data import evaluation_nominees
from brandoffice.reports.records.shared import NAMES_MAX
from brandoffice.services.benchmarking import BenchmarkService
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.commitments import CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.demo_points import DemoPointService
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.funds import FundService
from brandoffice.services.grades import GradeService
from brandoffice.services.models_deeds import ModelService
from brandoffice.services.orgs import OrgService
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.rows import CampaignRow
from brandoffice.services.secretary_reviews import SecretaryReviewService
from brandoffice.services.training import TrainingService
from brandoffice.tree_order import tree_places
from tests.conftest import FakeClock
from tests.core.reports import docx_checks as dc
from tests.core.reports.records_seed import ensure_records
from tests.core.services.records_fixtures import build_street
from tests.databases import opened_copy

DEMO_DAY = dt.datetime(2026, 5, 20, 9, 0)
PHONE_NOTE = "阵地改造完工，联系人电话13812345678"


@pytest.fixture(scope="module")
def demo(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    """The demo street with every kind of record (added where the demo has none yet)."""
    path = tmp_path_factory.mktemp("records") / "demo.sqlite3"
    for context in opened_copy(demo_template, path, FakeClock(DEMO_DAY)):
        ensure_records(context, _campaign(context))
        points = DemoPointService(context).summary(1, 2026).points
        DemoPointService(context).add_note(points[0].org_id, dt.date(2026, 5, 20), PHONE_NOTE)
        yield context


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    """The small street of the service tests, its campaign without tasks, records seeded."""
    path = tmp_path_factory.mktemp("street") / "street.sqlite3"
    context = open_context(str(path), clock=FakeClock(DEMO_DAY))
    build_street(context)
    ensure_records(context, _campaign(context))
    yield context
    context.db.dispose()


@pytest.fixture(scope="module")
def written(
    demo: AppContext, street: AppContext, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The demo's progress report and 2026 commendation list, and the street's report."""
    folder = tmp_path_factory.mktemp("records_reports")
    calls: list[tuple[int, int]] = []
    progress = write_progress(
        demo, folder / "progress.docx", ReportOptions(), lambda d, t: calls.append((d, t))
    )
    assert calls[-1][0] == calls[-1][1] and all(d <= t for d, t in calls)
    return {
        "progress": progress,
        "honours": write_honours(demo, folder / "honours.docx", ReportOptions(year=2026)),
        "street": write_progress(street, folder / "street.docx", ReportOptions()),
    }


@pytest.fixture(scope="module")
def pdfs(written: dict[str, Path], to_pdf: Callable[[Sequence[Path]], list[Any]]) -> dict[str, Any]:
    """The three converted by LibreOffice in one run."""
    return dict(zip(written, to_pdf(list(written.values())), strict=True))


def _campaign(ctx: AppContext) -> CampaignRow:
    return CampaignService(ctx).campaigns()[0]


def _in_tree_order(ctx: AppContext, units: Sequence[Any]) -> list[Any]:
    """Return per-unit rows in the order the reports print them: the tree's."""
    place = tree_places(OrgService(ctx).all_rows())
    return sorted(units, key=lambda u: place[u.org_id])


def _table(path: Path, *head: str) -> list[list[str]]:
    """The first table whose header starts with ``head``."""
    return next(t for t in dc.table_rows(path) if t[0][: len(head)] == list(head))


def _section(path: Path, title: str) -> str:
    """The whitespace-free text from a section's heading to the next heading."""
    text = dc.body_text(path)
    start = text.index(f"、{title}")
    following = re.search(r"[一二三四五六七八九十]+、", text[start + len(title) + 1 :])
    end = start + len(title) + 1 + following.start() if following else len(text)
    return text[start:end]


def test_sections_fill_their_own_attachment_numbered_from_one(written: dict[str, Path]) -> None:
    for key in ("progress", "street"):
        lines = dc.xml_text(written[key]).splitlines()
        note = next(line for line in lines if line.startswith("附件："))
        start = lines.index("各项基础工作开展情况", lines.index(note) + 1)
        assert lines[start - 1] == "" and re.fullmatch(r"附件\d*", lines[start - 2]), key
        heads = [line for line in lines[start:] if re.match(r"^[一二三四五六七八九十]+、", line)]
        assert heads[: len(SECTIONS)] == [
            f"{chinese_number(1 + i)}、{s}" for i, s in enumerate(SECTIONS)
        ], key
        body = "\n".join(lines[: lines.index(note)])
        assert "、各项基础工作\n" in body and "具体情况见附件" in body, key


def test_evaluation_agrees_with_the_results(demo: AppContext, written: dict[str, Path]) -> None:
    path = written["progress"]
    evaluation = EvaluationService(demo)
    plan = evaluation.plan_of_campaign(_campaign(demo).id)
    assert plan is not None
    results = evaluation.results(plan.id)
    members = sum(u.members for u in results.units)
    text = _section(path, "党员评议")
    assert f"按“{plan.standard}”标准" in text and "自评（占30%）和群众评议（占70%）" in text
    share = percent(results.evaluated, members)
    assert (
        f"共有党员{members}名" in text
        and f"评议党员{results.evaluated}名，占党员总数的{share}" in text
    )
    units = _table(path, "序号", "单位", "党员数", "已评议")
    done = [u for u in results.units if u.evaluated]
    assert [[*r[1:4], r[5]] for r in units[1:-1]] == [
        [u.unit_name, str(u.members), str(u.evaluated), number(u.mean)] for u in done
    ]
    assert units[-1][3] == str(results.evaluated)
    nominees = sorted(
        evaluation_nominees(demo, plan.year).values(), key=lambda x: -(x.result.combined or 0)
    )
    assert nominees, "the demo (or the seed) nominates from the evaluation"
    top = _table(path, "序号", "姓名", "所在单位")
    assert [(r[1], r[2], r[5]) for r in top[1:]] == [
        (x.result.name, x.result.unit_name, number(x.result.combined)) for x in nominees
    ]


def test_party_spirit_rates_and_units_below_full(
    demo: AppContext, written: dict[str, Path]
) -> None:
    path = written["progress"]
    units = PartySpiritService(demo).completion(2026, 1)
    required, submitted = sum(u.required for u in units), sum(u.submitted for u in units)
    text = _section(path, "党性分析报告")
    assert (
        f"在职党员{required}名，已提交{submitted}名，完成率{percent(submitted, required)}" in text
    )
    short = sorted(
        (u for u in units if u.submitted < u.required),
        key=lambda u: (u.submitted / u.required, u.unit_name),
    )
    assert short and f"完成率未达100%的单位{len(short)}个" in text
    assert "、".join(u.unit_name for u in short[:NAMES_MAX]) in text
    table = _table(path, "序号", "单位", "应提交")
    assert [r[1:4] for r in table[1:-1]] == [
        [u.unit_name, str(u.required), str(u.submitted)] for u in _in_tree_order(demo, units)
    ]
    assert table[-1][-1] == percent(submitted, required)


def test_commitments_and_secretaries(demo: AppContext, written: dict[str, Path]) -> None:
    path = written["progress"]
    counts = CommitmentService(demo).counts(2026, 1)
    table = _table(path, "序号", "单位", "承诺数")
    assert [r[1:3] for r in table[1:-1]] == [
        [c.unit_name, str(c.total)] for c in _in_tree_order(demo, counts)
    ]
    assert table[-1][2] == str(sum(c.total for c in counts))
    assert table[-1][6] == str(sum(c.unchecked for c in counts))
    reviews = SecretaryReviewService(demo)
    year = max(r.year for r in reviews.reviews() if r.year <= 2026)
    rating = reviews.rating_counts(year, 1)
    assert _table(path, *rating)[1] == [*map(str, rating.values()), str(sum(rating.values()))]
    low = sorted(
        (r for r in reviews.reviews(year, 1) if r.rating in ("一般", "差")),
        key=lambda r: (r.rating != "差", r.score or 0, r.unit_name),
    )
    table = _table(path, "序号", "单位", "得分", "评议等次")
    assert [(r[1], r[3]) for r in table[1:]] == [(r.unit_name, r.rating) for r in low]
    assert f"{year}年度共有{sum(rating.values())}个单位的书记述职" in _section(path, "书记述职评议")


def test_models_and_demo_points(demo: AppContext, written: dict[str, Path]) -> None:
    path = written["progress"]
    deeds = ModelService(demo).deeds(2026, org_id=1)
    summary = DemoPointService(demo).summary(1, 2026)
    text = _section(path, "先进典型")
    assert f"登记先进典型事迹{len(deeds)}篇" in text
    assert f"示范点建设目标{summary.target}个，现有示范点{summary.count}个" in text
    table = _table(path, "序号", "单位", "集体事迹")
    assert sum(int(r[-1]) for r in table[1:]) == len(deeds)
    points = _table(path, "序号", "示范点")
    assert [r[1] for r in points[1:]] == [p.name for p in summary.points]
    assert "阵地改造完工，联系人电话138****5678" in text and "13812345678" not in text


def test_funds_in_wan_yuan_with_totals(demo: AppContext, written: dict[str, Path]) -> None:
    path = written["progress"]
    service = FundService(demo)
    overall = service.overall(2026)
    amounts = [overall.applied_fen, overall.approved_fen, overall.spent_fen, overall.balance_fen]
    shown = [wan_yuan(v) for v in amounts]
    text = _section(path, "专项经费")
    assert f"共申请{shown[0]}，批准{shown[1]}，已支出{shown[2]}，结余{shown[3]}" in text
    table = _table(path, "序号", "品牌或示范点")
    assert table[-1] == ["", "合计", "", *(wan(v) for v in amounts)]
    assert [r[1] for r in table[1:-1]] == [t.target_name for t in service.totals(2026)]
    assert all(re.fullmatch(r"-?\d+(\.\d{1,2})?", cell) for row in table[1:] for cell in row[3:])
    assert "（万元）" in text


def test_training_coverage(demo: AppContext, written: dict[str, Path]) -> None:
    path = written["progress"]
    service = TrainingService(demo)
    sessions = service.sessions(2026, org_id=1)
    coverage = [c for c in service.coverage(2026, 1) if c.members]
    members, trained = sum(c.members for c in coverage), sum(c.trained for c in coverage)
    text = _section(path, "培训")
    assert f"共举办分级分批培训{len(sessions)}期" in text
    assert f"全体党员{members}名中参加培训的{trained}名，覆盖率{percent(trained, members)}" in text
    levels = _table(path, "培训层级")
    assert levels[-1][:2] == ["合计", str(len(sessions))]
    assert levels[-1][3] == str(sum(s.attended for s in sessions))
    table = _table(path, "序号", "单位", "党员数", "参训党员")
    assert [r[1:4] for r in table[1:-1]] == [
        [c.unit_name, str(c.members), str(c.trained)] for c in coverage
    ]
    assert table[-1][2:4] == [str(members), str(trained)]


def test_benchmarking_and_grade_paths(demo: AppContext, written: dict[str, Path]) -> None:
    path = written["progress"]
    benchmarks = BenchmarkService(demo).benchmarks(2026, 1)
    grades = GradeService(demo)
    movement = grades.movement(2026, 1)
    text = _section(path, "对标定位")
    assert f"2026年度{len(benchmarks)}个单位开展“四找”对标定位" in text
    assert f"晋档升级{movement.moved_up}个" in text
    filed = _table(path, "序号", "单位", "对标单位")
    assert [(r[1], r[2]) for r in filed[1:]] == [(b.unit_name, b.model_name) for b in benchmarks]
    paths = {
        p.org_id: "—".join(f"{year}年{grade}" for year, grade in p.steps)
        for p in grades.paths(1, last_year=2026)
    }
    risers = [m for m in movement.moves if m.step > 0]
    assert risers
    table = _table(path, "序号", "单位", "上次等次")  # every compared unit: up, same or down
    shown = [(r[1], r[4], r[5]) for r in table[1:]]
    assert shown[: len(movement.moves)] == [
        (m.unit_name, m.word, paths[m.org_id]) for m in movement.moves
    ]
    assert shown[0][1].startswith("晋升")
    assert len(shown) == len(movement.moves) + len(movement.first_graded)


def test_a_small_street_seeded_from_scratch(street: AppContext, written: dict[str, Path]) -> None:
    path = written["street"]
    text = dc.body_text(path)
    for kind in CAMPAIGN_KINDS:  # the seed gave every issue-9 section something to say
        if kind.section is not None:
            assert "本节从略" not in _section(path, kind.label), kind.label
    assert "综合得分靠前的党员" in text  # nobody commended from the evaluation yet
    assert (
        "完成率未达100%的单位1个（其中1个单位尚无人提交），按完成率从低到高依次为：光明社区党委，"
        in text
    )
    commitments = _table(path, "序号", "单位", "承诺数")
    assert commitments[-1][2:] == ["2", "1", "0", "0", "1", "100%"]
    assert "2025年度共有3个单位的书记述职并接受评议，评为“好”的1个、“较好”的1个" in text
    assert "共申请1万元，批准8000.5元，已支出1234.56元，结余6765.94元" in text
    assert "尚差1个" in text  # the target is two, the street has one demonstration point
    assert "2025年后进—2026年中间" in text


def test_sections_without_records_say_so_in_one_line(ctx: AppContext, tmp_path: Path) -> None:
    build_street(ctx)
    path = write_progress(ctx, tmp_path / "empty.docx", ReportOptions())
    lines = dc.xml_text(path).splitlines()
    for title in SECTIONS:
        at = next(i for i, line in enumerate(lines) if line.endswith(f"、{title}"))
        if title == "先进典型":
            assert "现有示范点1个" in lines[at + 1]  # 光明 is a demonstration point
            continue
        assert lines[at + 1].endswith("本节从略。"), (title, lines[at + 1])


def test_honours_list_shows_scores_when_commended_from_the_evaluation(
    demo: AppContext, written: dict[str, Path]
) -> None:
    path = written["honours"]
    nominees = evaluation_nominees(demo, 2026)
    text = dc.body_text(path)
    assert "党员评议（五带头）的综合得分推荐产生" in text
    table = _table(path, "序号", "姓名", "性别", "所在党组织", "综合得分")
    by_name = {x.result.name: x.result for x in nominees.values()}
    assert len(table) - 1 == len(by_name)
    for row in table[1:]:
        result = by_name[row[1]]
        assert (row[3], row[4]) == (result.unit_name, number(result.combined))
    older = write_honours(demo, path.with_name("h2025.docx"), ReportOptions(year=2025))
    assert "综合得分" not in dc.body_text(older)


@pytest.mark.parametrize("key", ["progress", "honours", "street"])
def test_geometry_fonts_and_no_personal_numbers(written: dict[str, Path], key: str) -> None:
    path = written[key]
    dc.check_geometry(path)
    assert dc.check_runs(path) > 20
    dc.check_body_pitch(path, choose_fonts().fonts.body)  # auto: by the installed faces
    dc.check_footers(path)
    assert dc.personal_numbers(path) == ([], [])


@pytest.mark.parametrize("key", ["progress", "honours", "street"])
def test_converts_with_every_section_and_page_numbers(pdfs: dict[str, Any], key: str) -> None:
    pdf = pdfs[key]
    if key != "honours":
        text = pdf.compact()
        assert all(f"、{title}" in text for title in SECTIONS)
    for page in range(1, pdf.pages + 1):
        numbers = [x for word, x, y in pdf.words(page) if word == str(page) and y > 700]
        assert numbers and (numbers[0] > 297) == (page % 2 == 1), (key, page)
        right = max((x for _w, x, _y in pdf.words(page)), default=0)
        assert right < 595 - 26 / 25.4 * 72, (key, page)  # nothing starts in the right margin


def test_units_are_listed_in_tree_order(demo: AppContext) -> None:
    """Per-unit tables follow the organisation tree (parents first), not character codes."""
    from brandoffice.reports.records.data import load_records

    place = tree_places(OrgService(demo).all_rows())
    data = load_records(demo, _campaign(demo))
    for rows in (data.spirit, data.commitments):
        assert len(rows) > 2
        order = [place[u.org_id] for u in rows]
        assert order == sorted(order)
    names = [u.unit_name for u in data.spirit]
    assert names != sorted(names)  # the demo's tree order is not the names' order
