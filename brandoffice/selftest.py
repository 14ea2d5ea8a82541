"""``brandoffice --self-test``: prove a build can store data, write Word and charts, draw Qt."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brandoffice import __version__
from brandoffice.services.context import AppContext

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
QT_SAMPLE = "党建品牌工作台 自检"


@dataclass
class _State:
    """What one step hands to the next."""

    folder: Path
    ctx: AppContext | None = None
    org_id: int = 0
    brand_id: int = 0


def run_self_test() -> int:
    """Run every check in a temporary folder, printing one Chinese line per step.

    The steps: open a new SQLite database and migrate it (Alembic scripts read as
    files, so this proves the bundle ships them), create an organisation and a
    brand through the services, write a registration form (python-docx and its
    default template), write a chart PNG (matplotlib and a Chinese font), and draw
    a Chinese label with Qt (offscreen when there is no display).

    Returns:
        0 when every step passed, 1 at the first failing step (named on stdout,
        with the traceback on stderr).
    """
    print(f"BrandOffice {__version__} 自检开始（Python {sys.version.split()[0]}，{sys.platform}）")
    with tempfile.TemporaryDirectory(prefix="brandoffice-selftest-") as tmp:
        state = _State(Path(tmp))
        steps: list[tuple[str, Callable[[_State], str]]] = [
            ("建立临时数据库并迁移", _step_database),
            ("通过服务登记组织和品牌", _step_services),
            ("生成申报登记表（Word）", _step_registration_form),
            ("生成统计图（PNG）", _step_chart),
            ("图形界面绘制中文", _step_qt),
        ]
        try:
            for number, (title, step) in enumerate(steps, start=1):
                started = time.perf_counter()
                try:
                    detail = step(state)
                except Exception as exc:  # the self-test reports any failure, then exits 1
                    print(f"[{number}/{len(steps)}] {title}……失败：{type(exc).__name__}: {exc}")
                    traceback.print_exc(file=sys.stderr)
                    print(f"自检未通过：第 {number} 步“{title}”出错。")
                    return 1
                seconds = time.perf_counter() - started
                print(f"[{number}/{len(steps)}] {title}……通过（{detail}，{seconds:.1f} 秒）")
        finally:
            if state.ctx is not None:
                # Windows cannot delete the temporary folder while the file is open.
                state.ctx.db.dispose()
    print("自检通过：数据库、迁移、登记表、图表和界面均正常。")
    return 0


def _step_database(state: _State) -> str:
    from brandoffice.app import open_context
    from brandoffice.db.migrate import current_revision, head_revision

    path = state.folder / "selftest.sqlite3"
    state.ctx = open_context(str(path), account="自检")
    revision = current_revision(state.ctx.db.url)
    head = head_revision()
    if revision != head:
        raise RuntimeError(f"迁移后版本为 {revision}，应为 {head}")
    return f"版本 {revision}"


def _step_services(state: _State) -> str:
    from brandoffice.model.vocab import OrgKind, OrgLevel, Sector
    from brandoffice.services.brands import BrandDraft, BrandService
    from brandoffice.services.orgs import OrgDraft, OrgService
    from brandoffice.services.rows import CarrierRow

    ctx = _ctx(state)
    orgs = OrgService(ctx)
    street = orgs.create(
        OrgDraft(
            name="自检街道党工委",
            kind=OrgKind.WORKING_COMMITTEE,
            level=OrgLevel.STREET,
            sector=Sector.STREET,
        )
    )
    branch = orgs.create(
        OrgDraft(
            name="自检社区党支部",
            kind=OrgKind.BRANCH,
            level=OrgLevel.COMMUNITY,
            parent_id=street.id,
            sector=Sector.COMMUNITY,
            secretary="张三",
            member_count=36,
        )
    )
    brand = BrandService(ctx).create(
        BrandDraft(
            org_id=branch.id,
            name="红色驿站",
            year=ctx.today().year,
            theme="党建引领基层治理",
            slogan="有事找驿站",
            service_items=["政策宣讲", "邻里互助"],
            carriers=[CarrierRow("党员服务站", "每周三接待居民")],
        )
    )
    state.org_id, state.brand_id = branch.id, brand.id
    return f"组织 {len(orgs.all_rows())} 个，品牌“{brand.name}”"


def _step_registration_form(state: _State) -> str:
    import docx

    from brandoffice.reports.registration_form import (
        FORM_TITLE,
        RegistrationFormData,
        write_registration_form,
    )
    from brandoffice.services.brands import BrandService
    from brandoffice.services.orgs import OrgService

    ctx = _ctx(state)
    brands = BrandService(ctx)
    brand = brands.get(state.brand_id)
    org = OrgService(ctx).get(state.org_id)
    data = RegistrationFormData(
        unit_name=org.name,
        secretary=org.secretary or "",
        member_count=org.member_count,
        brand_name=brand.name,
        theme=brand.theme or "",
        slogan=brand.slogan or "",
        carriers=tuple((c.name, c.description or "") for c in brands.carriers(brand.id)),
        service_items=tuple(brand.service_items),
        year=brand.year,
        office_name="自检街道",
    )
    path = state.folder / "登记表.docx"
    write_registration_form(data, path)
    size = _non_empty(path)
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    if FORM_TITLE not in text:
        raise RuntimeError("登记表中没有标题")
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    if brand.name not in cells:
        raise RuntimeError("登记表中没有品牌名称")
    return f"{size} 字节，{len(document.tables)} 个表格"


def _step_chart(state: _State) -> str:
    from brandoffice.charts.common import save_png
    from brandoffice.charts.figures import PhaseCompletion, phase_completion_figure
    from brandoffice.charts.fonts import cjk_font_families

    fig = phase_completion_figure(
        [
            PhaseCompletion("动员部署", done=5),
            PhaseCompletion("培育创建", done=3, in_progress=2, overdue=1),
            PhaseCompletion("申报评审", not_started=6),
        ]
    )
    path = save_png(fig, state.folder / "图表.png")
    size = _non_empty(path)
    with open(path, "rb") as handle:
        if handle.read(len(PNG_MAGIC)) != PNG_MAGIC:
            raise RuntimeError("图表文件不是 PNG")
    families = cjk_font_families()
    if not families:
        raise RuntimeError("没有可显示中文的字体，图表中的汉字会显示为方框")
    return f"{size} 字节，中文字体 {families[0]}"


def _step_qt(state: _State) -> str:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFontDatabase  # noqa: TID251 - the self-test checks the Qt bundle
    from PySide6.QtWidgets import QApplication, QLabel  # noqa: TID251

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "brandoffice"])
    chinese = QFontDatabase.WritingSystem.SimplifiedChinese
    if not QFontDatabase.families(chinese):
        _add_shipped_fonts()
    families = QFontDatabase.families(chinese)
    if not families:
        raise RuntimeError("Qt 找不到可显示中文的字体")
    label = QLabel(QT_SAMPLE)
    label.adjustSize()
    image = label.grab().toImage()
    if image.isNull() or image.width() < 10:
        raise RuntimeError("Qt 未能绘制标签")
    path = state.folder / "界面.png"
    if not image.save(str(path)):
        raise RuntimeError("Qt 无法保存 PNG")
    _non_empty(path)
    platform = QApplication.platformName() if app is not None else "?"
    label.deleteLater()
    size = f"{image.width()}×{image.height()} 像素"
    return f"平台 {platform}，{size}，可显示中文的字体 {len(families)} 种"


def _add_shipped_fonts() -> None:
    """Give Qt the fallback font in ``resources/fonts/`` (for PCs without a Chinese font)."""
    from PySide6.QtGui import QFontDatabase  # noqa: TID251

    from brandoffice.paths import resource

    folder = resource("fonts")
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name.lower().endswith((".otf", ".ttf")):
            QFontDatabase.addApplicationFontFromData(entry.read_bytes())


def _ctx(state: _State) -> AppContext:
    if state.ctx is None:
        raise RuntimeError("数据库未打开")
    return state.ctx


def _non_empty(path: Path) -> int:
    if not path.is_file():
        raise RuntimeError(f"未生成文件 {path.name}")
    size = path.stat().st_size
    if size == 0:
        raise RuntimeError(f"文件 {path.name} 为空")
    return size
