"""The 下发决定数据包 dialog: which reporting office gets the decisions, with which campaign."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from ui.widgets import dialog_layout

if TYPE_CHECKING:
    from brandoffice.services.context import AppContext

DOWN_TITLE = "下发决定数据包"
NO_CAMPAIGN = "（不下发创建活动）"


@dataclass(frozen=True)
class Choices:
    """What the dialog offers: offices that reported here and the campaigns held here.

    Attributes:
        offices: ``(uid, name)`` of every office whose packet is imported, by name.
        campaigns: ``(uid, name)`` of the campaigns made here, newest year first.
    """

    offices: list[tuple[str, str]]
    campaigns: list[tuple[str, str]]


def load_choices(ctx: AppContext) -> Choices:
    """Read the offices and campaigns the dialog lists (on the TaskRunner)."""
    from brandoffice.packet.export import own_campaigns, reporting_offices

    return Choices(reporting_offices(ctx), own_campaigns(ctx))


class DownPacketDialog(QDialog):
    """Choose the receiving office and, optionally, a campaign to send as its template."""

    def __init__(self, parent: QWidget | None, choices: Choices) -> None:
        super().__init__(parent)
        self.setWindowTitle(DOWN_TITLE)
        intro = QLabel(
            "把区里对一个报送单位所作的决定生成数据包，交给该单位用“数据 → 导入数据包…”导入。\n"
            "数据包含该单位品牌的命名、复查等历程，评审结果和表彰；"
            "可一并下发一个创建活动，作为该单位的活动模板（任务落到该单位的各下级组织）。",
            self,
        )
        intro.setWordWrap(True)
        self.office = QComboBox(self)
        for uid, name in choices.offices:
            self.office.addItem(name, uid)
        self.campaign = QComboBox(self)
        self.campaign.addItem(NO_CAMPAIGN, None)
        for uid, name in choices.campaigns:
            self.campaign.addItem(name, uid)
        form = QFormLayout()
        form.addRow("接收单位", self.office)
        form.addRow("创建活动", self.campaign)
        note = QLabel(
            "接收单位为已导入过其报送数据包的单位；创建活动只列出本级制定的活动，"
            "不含各单位报送来的活动。",
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(self)
        self.next_button = buttons.addButton(
            "选择保存位置…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        dialog_layout(self, intro, form, note, buttons=buttons)
        self.resize(520, self.sizeHint().height())

    def office_uid(self) -> str:
        """Return the chosen office's stable id."""
        return str(self.office.currentData())

    def office_name(self) -> str:
        """Return the chosen office's name."""
        return self.office.currentText()

    def campaigns(self) -> list[str]:
        """Return the uid of the campaign to send, if one is chosen."""
        chosen = self.campaign.currentData()
        return [str(chosen)] if chosen else []
