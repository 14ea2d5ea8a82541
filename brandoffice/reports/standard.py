"""GB/T 9704-2012 page geometry, Chinese type sizes, font sets and date writing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0  # 二号
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号
SIZE_S4 = 12.0  # 小四
SIZE_5 = 10.5  # 五号
SIZE_S5 = 9.0  # 小五

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGINS_MM["top"] - MARGINS_MM["bottom"]  # 225
LINE_PITCH_PT = 28.95
"""22 lines in the 225 mm text block."""
CHAR_SPACING_PT = -0.25
"""28 characters of 16 pt need 448 pt; condensing by 0.25 pt fits them into 442 pt."""
# GB/T 9704: the dash of the page number sits 7 mm below the text block; for a 14 pt
# line that puts the bottom of the footer about 25 mm above the paper's edge.
FOOTER_DISTANCE_MM = 25.0

_CN_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class FontSet:
    """The fonts of one document, by role.

    Attributes:
        key: Stable identifier for settings files.
        label: Chinese name for a settings dialog.
        title: Title font (二号).
        body: Body text (三号).
        heading1: First-level headings "一、" and table headers.
        heading2: Second-level headings "（一）" and subtitles.
        song: 宋体, for page numbers.
        title_bold: Embolden the title, for sets whose title font is a regular weight.
    """

    key: str
    label: str
    title: str
    body: str
    heading1: str
    heading2: str
    song: str
    title_bold: bool = False


GB2312_FONTS = FontSet(
    key="gb2312",
    label="公文字体（方正小标宋简体、仿宋_GB2312、楷体_GB2312）",
    title="方正小标宋简体",
    body="仿宋_GB2312",
    heading1="黑体",
    heading2="楷体_GB2312",
    song="宋体",
)
WINDOWS_FONTS = FontSet(
    key="windows",
    label="Windows 自带字体（宋体、仿宋、楷体、黑体）",
    title="宋体",
    body="仿宋",
    heading1="黑体",
    heading2="楷体",
    song="宋体",
    title_bold=True,
)
"""For PCs without the GB2312 fonts: 宋体 in bold stands in for 小标宋."""
FONT_SETS = {fonts.key: fonts for fonts in (GB2312_FONTS, WINDOWS_FONTS)}


def chinese_date(day: dt.date) -> str:
    """Write a date the GB/T 9704 way, e.g. ``2026年11月22日`` (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_number(n: int) -> str:
    """Chinese numeral for 1–99, as used in headings: 1 → 一, 10 → 十, 21 → 二十一."""
    if not 1 <= n <= 99:
        raise ValueError(f"heading number out of range: {n}")
    tens, units = divmod(n, 10)
    prefix = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return prefix + (_CN_DIGITS[units] if units else "")
