"""``brandoffice holidays import|list|clear``: preview, write, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import chinese_calendar
import pytest

from brandoffice.backup import copy_database
from brandoffice.cli.main import main

NOTICES = Path(__file__).parents[1] / "data" / "holidays"


@pytest.fixture
def db(empty_template: Path, tmp_path: Path) -> str:
    """A copy of the migrated empty database, ``init`` run on it."""
    path = str(copy_database(empty_template, tmp_path / "h.sqlite3"))
    assert main(["--db", path, "init"]) == 0
    return path


def _listed(db: str, year: int, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    capsys.readouterr()
    assert main(["--db", db, "holidays", "list", "--year", str(year), "--json"]) == 0
    items: list[dict[str, str]] = json.loads(capsys.readouterr().out)
    return items


def test_import_prints_the_preview_and_the_year_lists_as_json(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _listed(db, 2027, capsys) == []
    args = ["--db", db, "holidays", "import", str(NOTICES / "2027-plausible.txt")]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "2027年节假日安排：放假28天，调休上班5天" in out and "未写入" in out
    assert _listed(db, 2027, capsys) == []
    assert main(args) == 0
    assert "已导入2027年节假日安排" in capsys.readouterr().out
    items = _listed(db, 2027, capsys)
    assert items[0] == {"date": "2027-01-01", "kind": "休", "name": "元旦"}
    assert {"date": "2027-02-20", "kind": "班", "name": "春节"} in items
    assert len(items) == 33 and len({i["date"] for i in items}) == 33


def test_a_gbk_file_imports_and_the_list_matches_chinese_calendar(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = tmp_path / "2024.txt"
    notice.write_bytes((NOTICES / "2024.txt").read_text(encoding="utf-8").encode("gbk"))
    assert main(["--db", db, "holidays", "import", str(notice)]) == 0
    items = _listed(db, 2024, capsys)
    work = {i["date"] for i in items if i["kind"] == "班"}
    assert work == {d.isoformat() for d in chinese_calendar.workdays if d.year == 2024}
    assert main(["--db", db, "holidays", "clear", "--year", "2024"]) == 0
    assert "内置数据" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("会议通知：请按时参加。", ["--year", "2027"], "未能从文本中读出放假安排"),
        ("一、元旦：1月1日（周四）至3日放假。", [], "没有年份"),
        ("一、元旦：1月1日（周四）至3日放假。", ["--year", "2027"], "不是周四"),
    ],
)
def test_a_text_that_does_not_parse_exits_2_and_writes_nothing(
    db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    extra: list[str],
    message: str,
) -> None:
    notice = tmp_path / "n.txt"
    notice.write_text(content, encoding="utf-8")
    assert main(["--db", db, "holidays", "import", str(notice), *extra]) == 2
    assert message in capsys.readouterr().err
    assert _listed(db, 2027, capsys) == []


def test_a_missing_file_exits_2(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "holidays", "import", "nowhere.txt"]) == 2
    assert "文件“nowhere.txt”不存在" in capsys.readouterr().err
