"""连接服务器: the clerk's own login to the district's PostgreSQL server, remembered without password.

The connection (host, port, database, user, TLS mode) is kept in the window's
settings; the password only in the operating system's keyring, and only when
“记住密码” is ticked.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from brandoffice.db.connection import (
    DEFAULT_PORT,
    SSL_MODE_LABELS,
    SSL_MODES,
    ConnectionFailedError,
    ServerConnection,
    probe_connection,
)
from brandoffice.errors import ValidationError
from brandoffice.safety import credentials
from ui import file_dialogs
from ui.icons import icon

GROUP = "server"
ERROR_STYLE = "color: #b3261e;"
NOTE_STYLE = "color: #5f6368;"


def load_connection(settings: QSettings) -> ServerConnection | None:
    """Return the remembered server connection, or None when none was saved."""
    host = str(settings.value(f"{GROUP}/host", "") or "")
    if not host:
        return None
    return ServerConnection(
        host=host,
        port=int(str(settings.value(f"{GROUP}/port", DEFAULT_PORT) or DEFAULT_PORT)),
        database=str(settings.value(f"{GROUP}/database", "") or ""),
        user=str(settings.value(f"{GROUP}/user", "") or ""),
        sslmode=str(settings.value(f"{GROUP}/sslmode", "prefer") or "prefer"),
        rootcert=str(settings.value(f"{GROUP}/rootcert", "") or ""),
    )


def uses_server(settings: QSettings) -> bool:
    """Tell whether the window opens the remembered server when no database was named."""
    return str(settings.value(f"{GROUP}/use", "false")).lower() == "true"


def save_connection(settings: QSettings, connection: ServerConnection, *, use: bool) -> None:
    """Remember ``connection`` (never a password) and whether to open it at start."""
    for key in ("host", "port", "database", "user", "sslmode", "rootcert"):
        settings.setValue(f"{GROUP}/{key}", getattr(connection, key))
    settings.setValue(f"{GROUP}/use", "true" if use else "false")
    settings.sync()


class ConnectionDialog(QDialog):
    """Host, port, database, user, password, TLS mode and “记住密码”.

    On 连接 the fields are checked, the server is tried once, and only then is
    the connection remembered (and the password put in the keyring when asked).

    Attributes:
        url: The URL to open (with the password) once accepted; never logged.
    """

    def __init__(
        self,
        settings: QSettings,
        initial: ServerConnection | None = None,
        parent: QWidget | None = None,
        *,
        reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.url = ""
        self.setWindowTitle("连接服务器")
        self.setWindowIcon(icon("app"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "连接区里的 PostgreSQL 服务器。请使用管理员为您建立的登录名和密码，"
            "不要使用数据库所有者的账号。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if reason:
            problem = QLabel(reason)
            problem.setWordWrap(True)
            problem.setStyleSheet(ERROR_STYLE)
            layout.addWidget(problem)
        form = QFormLayout()
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText("例如 192.168.1.20 或 db.district.gov.cn")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit()
        self.database_edit.setPlaceholderText("例如 brandoffice")
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText("管理员为您建立的登录名")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.ssl_combo = QComboBox()
        for mode in SSL_MODES:
            self.ssl_combo.addItem(SSL_MODE_LABELS[mode], mode)
        self.rootcert_edit = QLineEdit()
        self.rootcert_edit.setPlaceholderText("留空则使用系统的证书")
        browse = QPushButton("选择…")
        browse.clicked.connect(self._choose_rootcert)
        cert_row = QHBoxLayout()
        cert_row.addWidget(self.rootcert_edit, 1)
        cert_row.addWidget(browse)
        self.cert_widgets = (self.rootcert_edit, browse)
        self.remember_check = QCheckBox("记住密码（保存在系统的密码库中，不写入任何文件）")
        if not credentials.keyring_available():
            self.remember_check.setEnabled(False)
            self.remember_check.setText("记住密码（本机没有可用的系统密码库，每次连接需输入密码）")
        form.addRow("服务器地址：", self.host_edit)
        form.addRow("端口：", self.port_spin)
        form.addRow("数据库名：", self.database_edit)
        form.addRow("用户名：", self.user_edit)
        form.addRow("密码：", self.password_edit)
        form.addRow("加密方式：", self.ssl_combo)
        form.addRow("根证书：", cert_row)
        form.addRow("", self.remember_check)
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox()
        self.connect_button = buttons.addButton("连接", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ssl_combo.currentIndexChanged.connect(self._ssl_changed)
        self._fill(initial or load_connection(settings))
        self._ssl_changed()

    def _fill(self, connection: ServerConnection | None) -> None:
        if connection is None:
            return
        self.host_edit.setText(connection.host)
        self.port_spin.setValue(connection.port)
        self.database_edit.setText(connection.database)
        self.user_edit.setText(connection.user)
        self.ssl_combo.setCurrentIndex(max(0, self.ssl_combo.findData(connection.sslmode)))
        self.rootcert_edit.setText(connection.rootcert)
        kept = credentials.stored_password(connection) if connection.user else None
        if kept:
            self.password_edit.setText(kept)
            self.remember_check.setChecked(True)
        focus = self.password_edit if connection.user and not kept else self.host_edit
        focus.setFocus()

    def _ssl_changed(self) -> None:
        for widget in self.cert_widgets:
            widget.setEnabled(self.ssl_combo.currentData() == "verify-full")

    def _choose_rootcert(self) -> None:
        path, _ = file_dialogs.get_open_file_name(
            self, "选择服务器的根证书", self.rootcert_edit.text(), "证书 (*.crt *.pem *.cer)"
        )
        if path:
            self.rootcert_edit.setText(path)

    def connection(self) -> ServerConnection:
        """Return the typed connection, checked (raises ValidationError)."""
        return ServerConnection(
            host=self.host_edit.text(),
            port=self.port_spin.value(),
            database=self.database_edit.text(),
            user=self.user_edit.text(),
            sslmode=str(self.ssl_combo.currentData()),
            rootcert=self.rootcert_edit.text()
            if self.ssl_combo.currentData() == "verify-full"
            else "",
        ).checked()

    def _show_error(self, text: str, detail: str = "") -> None:
        self.error_label.setText(text)
        self.error_label.setToolTip(detail)
        self.error_label.show()

    def accept(self) -> None:
        """Check the fields, try the server once, then remember the connection."""
        try:
            connection = self.connection()
        except ValidationError as exc:
            self._show_error(str(exc))
            return
        password = self.password_edit.text()
        if not password:
            self._show_error("请输入密码")
            self.password_edit.setFocus()
            return
        url = connection.url(password)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            probe_connection(url)
        except ConnectionFailedError as exc:
            self._show_error(str(exc), exc.detail)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        save_connection(self.settings, connection, use=True)
        if self.remember_check.isChecked() and self.remember_check.isEnabled():
            credentials.store_password(connection, password)
        else:
            credentials.forget_password(connection)
        self.url = url
        super().accept()


def ask_server_url(
    settings: QSettings,
    parent: QWidget | None = None,
    *,
    initial: ServerConnection | None = None,
    reason: str = "",
) -> str | None:
    """Show the dialog and wait; return the URL to open, or None when cancelled."""
    dialog = ConnectionDialog(settings, initial, parent, reason=reason)
    try:
        return dialog.url if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def remembered_server_url(settings: QSettings) -> str | None:
    """Return the URL of the remembered server at start, asking for the password if none is kept.

    None when no server is remembered for start-up, or the clerk cancelled (the
    local database opens then).
    """
    connection = load_connection(settings)
    if connection is None or not uses_server(settings):
        return None
    password = credentials.stored_password(connection)
    if password:
        return connection.url(password)
    return ask_server_url(settings, initial=connection)
