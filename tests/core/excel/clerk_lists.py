"""Lists written the way clerks write them: a unit list, a roster, a brand list.

No 组织类别, 组织层级, 党员类别 or 创建年度 columns; the national member system's roster
headers (公民身份号码, 所在党支部, 人员类别 …); phones with dashes, dots, brackets and
+86; digits typed in full width; names padded with the ideographic space. The roster in
``data/roster_soffice.xlsx`` is the same roster saved by LibreOffice from
``data/roster_soffice.csv`` (see :func:`convert_with_soffice`).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path

from tests.core.excel.excel_helpers import id_number, write_xlsx

DATA = Path(__file__).parent / "data"
SOFFICE_ROSTER = DATA / "roster_soffice.xlsx"

WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def wide(text: str) -> str:
    """Return ``text`` with its digits typed in full width."""
    return text.translate(WIDE)


UNIT_HEADER = ["序号", "党组织名称", "上级党组织", "书记", "联系电话", "党员数", "成立时间"]
UNIT_ROWS = [
    # A child before its parent, a name padded with U+3000, stray spaces around names.
    [1, "幸福驿站社区第一党支部", "幸福驿站社区党委", "陈晓红", "138-0013-8001", 12, None],
    [2, "幸福街道党工委", None, "王建华", "(0571) 8800.1234", 9, "1984.10.1"],
    [3, "幸福驿站社区党委", " 幸福街道党工委\u3000", "李敏", "＋86 139 0013 9002", 78, None],
    [4, "和平社区　党总支", "幸福街道党工委", "赵  刚", wide("0571-88002345"), 40, None],
    [5, "街道机关党支部", "幸福街道党工委", None, "0571 8800 3456 转 12", None, None],
]
UNITS_EXPECTED = {
    "幸福街道党工委": ("党工委", "街道乡镇", "0571-88001234", None),
    "幸福驿站社区党委": ("党委", "村社区", "13900139002", "幸福街道党工委"),
    "幸福驿站社区第一党支部": ("党支部", "基层单位", "13800138001", "幸福驿站社区党委"),
    "和平社区党总支": ("党总支", "村社区", "0571-88002345", "幸福街道党工委"),
    "街道机关党支部": ("党支部", "村社区", "0571-88003456-12", "幸福街道党工委"),
}
"""Stored name → (kind, level, phone, parent name)."""

ROSTER_HEADER = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "公民身份号码",
    "出生日期",
    "学历",
    "人员类别",
    "所在党支部",
    "入党时间",
    "转正时间",
    "工作岗位",
    "联系电话",
]


WITH_X = next(id_number(n) for n in range(100, 999) if id_number(n).endswith("X"))


def roster_rows() -> list[list[object]]:
    """Return the roster's rows: full-width IDs, a lower-case x, phones with separators."""
    with_x = WITH_X
    return [
        [1, "王　芳", "女", "汉族", wide(id_number(124)), "1985-03-12", "本科", "正式党员",
         "幸福驿站社区第一党支部", "2010.07.01", "2011.07.01", "社区工作者", "138-0013-8001"],
        [2, "陈 晓 红", None, "汉族", with_x.lower(), None, "大专", "预备党员",
         "幸福驿站社区党委", wide("2024年7月1日"), None, "网格员", "(0571) 8800.1234"],
        [3, "李建国", "男", "回族", id_number(131)[:6] + " " + id_number(131)[6:], None, "高中",
         "正式党员", "和平社区　党总支", dt.date(1998, 6, 30), None, None, "＋86 139 0013 9002"],
        [4, "赵刚", None, None, None, None, None, None, "街道机关党支部", None, None, None,
         wide("13700137003")],
    ]  # fmt: skip


ROSTER_EXPECTED = {
    "王芳": (id_number(124), "13800138001", "幸福驿站社区第一党支部", dt.date(2010, 7, 1)),
    "陈晓红": (WITH_X, "0571-88001234", "幸福驿站社区党委", dt.date(2024, 7, 1)),
    "李建国": (id_number(131), "13900139002", "和平社区党总支", dt.date(1998, 6, 30)),
    "赵刚": (None, "13700137003", "街道机关党支部", None),
}
"""Stored name → (ID number, phone, unit, join date)."""

BRAND_HEADER = ["品牌名称", "所属党组织", "品牌口号", "联系电话"]
BRAND_ROWS = [
    ["“幸福驿站”", "幸福驿站社区党委", "有事找驿站，幸福在身边", None],
    ["和平　先锋", "和平社区党总支", "党员带头，和平共建", None],
]


def write_units(path: Path) -> Path:
    """Write the unit list with openpyxl."""
    return write_xlsx(path, UNIT_HEADER, UNIT_ROWS, above=[["幸福街道基层党组织一览表"]])


def write_roster(path: Path, rows: list[list[object]] | None = None) -> Path:
    """Write the roster (or other rows under its header) with openpyxl."""
    return write_xlsx(path, ROSTER_HEADER, roster_rows() if rows is None else rows)


def write_brands(path: Path) -> Path:
    """Write the brand list with openpyxl; it has no 创建年度 column."""
    return write_xlsx(path, BRAND_HEADER[:3], [r[:3] for r in BRAND_ROWS])


def write_roster_csv(path: Path) -> Path:
    """Write the roster as the UTF-8 CSV LibreOffice converts into ``SOFFICE_ROSTER``."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(ROSTER_HEADER)
        for row in roster_rows():
            writer.writerow(["" if v is None else v for v in row])
    return path


def convert_with_soffice(csv_path: Path, out_dir: Path) -> Path:
    """Save a roster CSV as .xlsx with LibreOffice, every column typed as text (as a
    clerk sets the ID number column) but the date columns (出生日期, 入党时间, 转正时间).

    Raises:
        FileNotFoundError: LibreOffice is not installed.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise FileNotFoundError("soffice")
    dates = {ROSTER_HEADER.index(h) + 1 for h in ("出生日期", "入党时间", "转正时间")}
    types = "/".join(f"{i}/{5 if i in dates else 2}" for i in range(1, len(ROSTER_HEADER) + 1))
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{out_dir / 'profile'}",
            "--infilter=CSV:44,34,76,1," + types,
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out_dir),
            str(csv_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out_dir / (csv_path.stem + ".xlsx")


if __name__ == "__main__":  # python -m tests.core.excel.clerk_lists: refresh the soffice file
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        source = write_roster_csv(Path(work) / "roster_soffice.csv")
        DATA.mkdir(exist_ok=True)
        shutil.copy(source, DATA / source.name)
        shutil.copy(convert_with_soffice(source, Path(work)), SOFFICE_ROSTER)
        print(f"written {SOFFICE_ROSTER}")
