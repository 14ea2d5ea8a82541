"""The progress report as a 公文 a leader reads: a short body, the lists attached (issue 18)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import docx
import pytest

from brandoffice.charts.adapters import phase_completions
from brandoffice.numbers import percent, percent_of, wan_yuan
from brandoffice.reports.common import ReportOptions
from brandoffice.reports.kinds import REPORT_KINDS, write_report
from brandoffice.reports.progress_data import load_progress
from brandoffice.services import progress_stats, record_helpers
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.settings import office_identity
from tests.conftest import FakeClock
from tests.core.reports import docx_checks as dc
from tests.databases import opened_copy

NOW = dt.datetime(2026, 12, 7, 10, 30)
D = dt.date

HALF_WIDTH_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:!?()]|[,;:!?()][\u4e00-\u9fff]|→")
"""Half-width punctuation touching a Chinese character, or an arrow, in running text."""


@pytest.fixture(scope="module")
def demo(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    """The demo street, read in December when the campaign is well under way."""
    path = tmp_path_factory.mktemp("paper") / "demo.sqlite3"
    yield from opened_copy(demo_template, path, FakeClock(NOW))


@pytest.fixture(scope="module")
def written(demo: AppContext, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every leader report of the demo street."""
    folder = tmp_path_factory.mktemp("paper_reports")
    return {
        key: write_report(demo, key, folder / f"{key}.docx", ReportOptions())
        for key in REPORT_KINDS
    }


@pytest.fixture(scope="module")
def progress_pdf(written: dict[str, Path], to_pdf: Callable[[Sequence[Path]], list[Any]]) -> Any:
    """The progress report as LibreOffice prints it."""
    return to_pdf([written["progress"]])[0]


def _paragraphs(path: Path) -> list[str]:
    return dc.xml_text(path).splitlines()


def test_body_is_at_most_five_pages_then_the_attachments(progress_pdf: Any) -> None:
    pages = [re.sub(r"[ \t]+", "", progress_pdf.text(p)) for p in range(1, progress_pdf.pages + 1)]
    signed = next(i for i, text in enumerate(pages, start=1) if "特此报告。" in text)
    end = next(
        i for i, text in enumerate(pages, start=1) if "幸福街道党工委\n2026年12月7日" in text
    )
    assert signed <= end <= 5, (signed, end)
    assert progress_pdf.pages > end  # the lists follow
    heads = [re.match(r"\s*(附件\d+)\n", text) for text in pages[end:]]
    assert heads[0] is not None and heads[0].group(1) == "附件1"
    starts = [m.group(1) for m in heads if m]
    assert starts == [f"附件{i}" for i in range(1, len(starts) + 1)]


def test_recipient_note_and_attachment_pages_follow_gbt9704(written: dict[str, Path]) -> None:
    path = written["progress"]
    lines = _paragraphs(path)
    title_end = lines.index("进展情况的报告")
    assert lines[title_end + 1 : title_end + 3] == ["", "区委组织部："]
    closing = lines.index("特此报告。")
    # The tab after each number (a w:tab, no text here) lines the titles up.
    numbered = [
        line for line in lines[closing + 1 : closing + 12] if re.match(r"(附件：)?\d+\.", line)
    ]
    assert numbered and numbered[0].startswith("附件：1.")
    titles = [re.sub(r"^(附件：)?\d+\.", "", line) for line in numbered]
    assert lines[closing + 2 + len(numbered) :][:2] == ["", "幸福街道党工委"]
    marks = []
    for p in dc.part(path, "word/document.xml").iter(dc.w("p")):
        text = "".join(p.itertext())
        if re.fullmatch(r"附件\d+", text):
            assert p.find(f".//{dc.w('pageBreakBefore')}") is not None, text
            fonts = {r.get(dc.w("eastAsia")) for r in p.iter(dc.w("rFonts"))}
            assert fonts == {"黑体"}, text
            jc = p.find(f".//{dc.w('jc')}")
            assert jc is not None and jc.get(dc.w("val")) == "left"
            marks.append(text)
    assert marks == [f"附件{i}" for i in range(1, len(titles) + 1)]
    for number, title in enumerate(titles, start=1):
        at = lines.index(f"附件{number}")
        assert lines[at + 1 : at + 3] == ["", title]  # the title on the third line
    assert "具体情况见附件" in "".join(lines[:closing])


def test_figures_in_the_text_equal_the_tables_and_charts(
    demo: AppContext, written: dict[str, Path]
) -> None:
    path = written["progress"]
    text = dc.body_text(path)
    campaign = CampaignService(demo).campaigns()[0]
    data = load_progress(demo, campaign.id)
    tables = dc.table_rows(path)
    phases = next(t for t in tables if t[0][0] == "阶段")
    total = phases[-1]
    assert total[0] == "合计"
    found = re.search(r"单位任务共(\d+)项。.*?已完成(\d+)项，完成率([\d.]+%)", text)
    assert found, text[:400]
    assert [found[1], found[2], found[3]] == [total[1], total[2], total[6]]
    chart = phase_completions(data.phases)  # what the phase chart draws
    assert sum(p.total for p in chart) == int(total[1])
    assert sum(p.done for p in chart) == int(total[2])
    for row, drawn in zip(phases[1:-1], chart, strict=True):
        sentence = re.search(f"“{drawn.phase}”阶段[^。]*。", text)
        assert sentence and f"单位任务{drawn.total}项" in sentence[0]
        assert row[1] == str(drawn.total) and row[6] == percent(drawn.done, drawn.total)
        if 0 < drawn.done < drawn.total:
            assert f"完成率{row[6]}" in sentence[0]
    overdue = re.search(r"逾期未完成(\d+)项，涉及(\d+)个单位", text)
    late = [i for i in progress_stats.late(demo, campaign.id) if i.overdue]
    assert overdue and int(overdue[1]) == len(late) == int(total[5])
    assert int(overdue[2]) == len({i.org_id for i in late})
    units = next(t for t in tables if t[0][:3] == ["序号", "单位", "领域"])
    rates = {r[1]: r[-1] for r in units[1:]}
    best = re.search(r"分单位看，(.+?)完成率最高，达([\d.]+%)", text)
    assert best and all(rates[name] == best[2] for name in best[1].split("、"))


def test_properties_name_the_office_and_the_day(demo: AppContext, written: dict[str, Path]) -> None:
    for key, path in written.items():
        props = docx.Document(str(path)).core_properties
        assert props.author == office_identity(demo).signer == "幸福街道党工委", key
        assert props.last_modified_by == props.author
        assert props.created is not None and props.created.replace(tzinfo=None) == NOW, key
        assert props.title and "python-docx" not in props.title, key
    progress = docx.Document(str(written["progress"])).core_properties
    assert progress.title.startswith("关于") and progress.title.endswith("进展情况的报告")


@pytest.mark.parametrize("key", list(REPORT_KINDS))
def test_no_half_width_punctuation_in_chinese_sentences(written: dict[str, Path], key: str) -> None:
    lines = _paragraphs(written[key])
    bad = [line for line in lines if HALF_WIDTH_IN_CHINESE.search(line)]
    assert bad == [], key
    assert not re.search(r"\d,\d{3}", "\n".join(lines)), key  # 150,000.00元
    assert not re.search(r"\d{4}-\d\d-\d\d", "\n".join(lines)), key


def test_percent_is_one_rule_for_screen_report_and_chart() -> None:
    assert percent(14, 17) == "82.4%"
    assert record_helpers.percent(record_helpers.rate(14, 17)) == "82.4%"  # the screens' path
    assert percent_of(14 / 17) == "82.4%"
    assert percent(1, 8) == "12.5%"  # half up, not to even
    assert percent(3, 8) == "37.5%" and percent(1, 40) == "2.5%"
    assert percent(17, 17) == "100%" and percent(0, 5) == "0.0%"
    assert percent_of(None) == "—" and percent(0, 0) == "0.0%"
    for part in range(41):
        for whole in range(max(part, 1), 41):
            assert record_helpers.percent(record_helpers.rate(part, whole)) == percent(part, whole)


def test_chart_labels_read_like_the_tables(demo: AppContext) -> None:
    from brandoffice.charts.adapters import unit_rates
    from brandoffice.charts.figures import completion_rate_figure, phase_completion_figure

    campaign = CampaignService(demo).campaigns()[0]
    data = load_progress(demo, campaign.id)
    texts = " ".join(
        t.get_text()
        for fig in (
            phase_completion_figure(phase_completions(data.phases)),
            completion_rate_figure(unit_rates(data.sectors)),
        )
        for t in fig.findobj(lambda a: hasattr(a, "get_text"))
    )
    for p in data.phases:
        assert f"完成 {percent(p.done, p.total)}" in texts
    for s in data.sectors:
        assert f"{percent(s.done, s.total)}（{s.done}/{s.total}）" in texts
    assert f"总体 {percent(data.total.done, data.total.total)}" in texts


def test_amounts_read_as_officials_write_them() -> None:
    assert wan_yuan(15_000_000) == "15万元"
    assert wan_yuan(1_500_000) == "1.5万元"
    assert wan_yuan(7_349_180) == "7.35万元"
    assert wan_yuan(800_000) == "8000元" and wan_yuan(12_345) == "123.45元"
    assert wan_yuan(-2_836_080) == "-2.84万元"


def _tiny(ctx: AppContext, *, tasks: bool) -> None:
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="青山镇党委", kind="党委", level="街道乡镇"))
    orgs.create(OrgDraft(name="甲村党支部", kind="党支部", level="村社区", parent_id=root.id))
    svc = CampaignService(ctx)
    campaign = svc.create_campaign("2026年品牌创建", 2026, scope_org_id=root.id)
    phase = svc.add_phase(campaign.id, "动员部署", D(2026, 3, 1), D(2026, 6, 30))
    if tasks:
        svc.add_task(TaskDraft(phase_id=phase.id, name="成立领导小组", due_on=D(2026, 6, 1)))


@pytest.mark.parametrize("tasks", [False, True])
def test_an_empty_start_reads_well(ctx: AppContext, tmp_path: Path, tasks: bool) -> None:
    _tiny(ctx, tasks=tasks)
    path = write_report(ctx, "progress", tmp_path / "p.docx", ReportOptions(recipient="区委组织部"))
    text = dc.body_text(path)
    for wrong in ("共0个", "其中。", "，。", "：。", "0个单位参加", "涉及0个"):
        assert wrong not in text, wrong
    assert "尚未登记党建品牌。" in text and "特此报告。" in text
    assert "尚无2026年度记录" in text  # the record kinds folded into one sentence
    assert "附件：" not in text or tasks
    dc.check_geometry(path)
    if tasks:
        assert "1个单位参加" in text or "2个单位参加" in text
        assert "没有逾期未完成的任务" in text


def test_recipient_comes_from_the_option_or_the_office_kind(
    ctx: AppContext, tmp_path: Path
) -> None:
    _tiny(ctx, tasks=True)
    own = write_report(
        ctx, "progress", tmp_path / "a.docx", ReportOptions(recipient=" 市委组织部： ")
    )
    assert "\n市委组织部：\n" in dc.xml_text(own)
    from brandoffice.services.settings import check_identity, set_office_identity

    set_office_identity(ctx, check_identity(office_identity(ctx), kind="镇", name="青山镇"))
    town = write_report(ctx, "progress", tmp_path / "b.docx", ReportOptions())
    text = dc.xml_text(town)
    assert "\n县委组织部：\n" in text and "青山镇党委" in text


def test_command_line_names_the_recipient(
    ctx: AppContext, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from brandoffice.cli.main import main

    _tiny(ctx, tasks=True)
    out = tmp_path / "p.docx"
    code = main(["--db", str(db_path), "report", "progress", "--out", str(out), "--to", "区委"])
    assert code == 0, capsys.readouterr().err
    assert "\n区委：\n" in dc.xml_text(out)
