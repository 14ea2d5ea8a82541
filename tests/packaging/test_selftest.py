"""``brandoffice --self-test`` in-process: every step passes, a failing step is named."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from brandoffice import selftest


def test_self_test_passes(qtbot: QtBot, capsys: pytest.CaptureFixture[str]) -> None:
    assert selftest.run_self_test() == 0
    out = capsys.readouterr().out
    assert out.count("……通过") == 5
    assert "自检通过" in out.splitlines()[-1]


def test_a_failing_step_is_named_and_returns_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(state: object) -> str:
        raise RuntimeError("模板缺失")

    monkeypatch.setattr(selftest, "_step_registration_form", broken)
    assert selftest.run_self_test() == 1
    captured = capsys.readouterr()
    assert "[3/5] 生成申报登记表（Word）……失败：RuntimeError: 模板缺失" in captured.out
    assert "自检未通过" in captured.out
    assert "Traceback" in captured.err
