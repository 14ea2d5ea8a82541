"""One error path: a bug in a worker, a slot, a dialog or a record tab is logged and shown once."""

from __future__ import annotations

import logging
import sys
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from brandoffice.errors import ValidationError
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.ui.conftest import Messages
from ui import app, messages
from ui.orgs.records.common import RecordTab
from ui.tasks import TaskRunner

Shown = list[tuple[str, str, str, str | None]]


class InjectedError(RuntimeError):
    """The programming error the tests inject."""


def explode() -> Any:
    raise InjectedError("division by zero in row_total")


@pytest.fixture
def shown(msgs: Messages) -> list[tuple[str, str, str, str | None]]:
    """Record message boxes instead of opening them."""
    return msgs.shown


def _internal(shown: Shown, caplog: pytest.LogCaptureFixture) -> None:
    """Assert one internal-error box with the traceback and one logged traceback."""
    errors = [s for s in shown if s[0] == "error"]
    assert len(errors) == 1, shown
    _kind, title, text, details = errors[0]
    assert title == messages.INTERNAL_TITLE
    assert "InjectedError" not in text and "row_total" not in text  # Chinese for the clerk ...
    assert (
        details is not None and "row_total" in details and "Traceback" in details
    )  # ... and a copy
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert len(logged) == 1
    assert logged[0].exc_info is not None and logged[0].exc_info[0] is InjectedError


def test_a_worker_bug_without_handler_is_logged_and_shown(
    qtbot: QtBot, runner: TaskRunner, shown: Shown, caplog: pytest.LogCaptureFixture
) -> None:
    handle = runner.run(explode, lambda _r: None)
    qtbot.waitUntil(lambda: handle.done)
    runner.wait(5000)
    _internal(shown, caplog)


def test_a_worker_bug_with_a_handler_is_shown_once_and_the_handler_recovers(
    qtbot: QtBot, runner: TaskRunner, shown: Shown, caplog: pytest.LogCaptureFixture
) -> None:
    """A handler that shows the error itself does not show it a second time."""
    seen: list[str] = []

    def handler(exc: BaseException) -> None:
        seen.append(messages.text_of(exc))
        runner.show_error(exc, "读取")

    handle = runner.run(explode, lambda _r: None, on_error=handler)
    qtbot.waitUntil(lambda: handle.done)
    runner.wait(5000)
    _internal(shown, caplog)
    assert seen == [messages.INTERNAL_SHORT]


def test_a_known_error_is_shown_plainly_and_not_logged_as_a_bug(
    qtbot: QtBot, runner: TaskRunner, shown: Shown, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse() -> None:
        raise ValidationError("名称不能为空", "name")

    handle = runner.run(refuse, lambda _r: None, title="保存")
    qtbot.waitUntil(lambda: handle.done)
    runner.wait(5000)
    assert shown == [("warn", "保存", "名称不能为空", None)]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


class _Emitter(QObject):
    fired = Signal()


@pytest.mark.qt_no_exception_capture
def test_a_slot_bug_goes_through_the_excepthook(
    qtbot: QtBot,
    shown: Shown,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "excepthook", app._excepthook)
    emitter = _Emitter()
    emitter.fired.connect(explode)
    emitter.fired.emit()
    _internal(shown, caplog)


@pytest.mark.qt_no_exception_capture
def test_a_dialog_bug_goes_through_the_excepthook(
    qtbot: QtBot,
    shown: Shown,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "excepthook", app._excepthook)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    button = QPushButton("保存", dialog)
    button.clicked.connect(explode)
    dialog.show()
    button.click()
    _internal(shown, caplog)
    assert dialog.isVisible()  # the clerk's input is still there


class _BrokenTab(RecordTab):
    """A record tab whose read has a programming error."""

    def fetch(self, org: Any, year: int) -> Any:
        return explode()

    def present(self, data: Any) -> None:
        raise AssertionError("nothing to present")


def test_a_record_tab_bug_is_logged_shown_and_the_tab_says_so_in_chinese(
    qtbot: QtBot,
    parent: QWidget,
    runner: TaskRunner,
    ctx: AppContext,
    shown: Shown,
    caplog: pytest.LogCaptureFixture,
) -> None:
    tab = _BrokenTab(ctx, runner, parent)
    org = OrgService(ctx).create(OrgDraft("和平社区党委", "党委", "村社区"))
    tab.set_scope(org, 2026)
    tab.ensure_loaded()
    qtbot.waitUntil(lambda: bool(shown))
    runner.wait(5000)
    _internal(shown, caplog)
    assert messages.INTERNAL_SHORT in tab.note.text()
    assert "row_total" not in tab.note.text()
