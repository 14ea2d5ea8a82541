"""ID card and mobile numbers masked in free text and in every log record."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from brandoffice.safety.masking import install_log_masking, mask_text, uninstall_log_masking

ID = "110105199003071234"


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        (f"身份证号{ID}，请核对", "身份证号110105********1234，请核对"),
        ("尾号为x：11010519900307123x", "尾号为x：110105********123X"),
        ("电话 13812345678 或 +86 13912345678", "电话 138****5678 或 +86 139****5678"),
        ("订单号 20260520123456789012 不动", "订单号 20260520123456789012 不动"),
        ("座机 010-12345678 不动", "座机 010-12345678 不动"),
        ("12345678901 不是手机号", "12345678901 不是手机号"),
        ("", ""),
    ],
)
def test_mask_text(raw: str, masked: str) -> None:
    assert mask_text(raw) == masked


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    install_log_masking()
    install_log_masking()  # twice changes nothing
    yield stream
    uninstall_log_masking()
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_log_records_of_every_logger_are_masked(log_stream: io.StringIO) -> None:
    logging.getLogger("brandoffice.services.members").info("保存党员 %s 电话 %s", ID, "13812345678")
    logging.getLogger("sqlalchemy.engine").info("[parameters: ('%s',)]", ID)
    try:
        raise ValueError(f"身份证号 {ID} 重复")
    except ValueError:
        logging.getLogger("brandoffice").exception("导入失败")
    text = log_stream.getvalue()
    assert ID not in text and "13812345678" not in text
    assert "110105********1234" in text and "138****5678" in text
    assert "ValueError: 身份证号 110105********1234 重复" in text


def test_uninstall_restores_plain_records(log_stream: io.StringIO) -> None:
    uninstall_log_masking()
    logging.getLogger("brandoffice").warning("号码 %s", "13812345678")
    assert "13812345678" in log_stream.getvalue()
