"""A PostgreSQL server connection as the clerk types it: host, port, database, user, TLS mode."""

from __future__ import annotations

from dataclasses import dataclass

from brandoffice.errors import StorageError, ValidationError

SSL_MODES = ("disable", "prefer", "require", "verify-full")
SSL_MODE_LABELS = {
    "disable": "不加密（disable）",
    "prefer": "能加密就加密（prefer）",
    "require": "必须加密（require）",
    "verify-full": "加密并核对服务器证书（verify-full）",
}
DEFAULT_PORT = 5432
DRIVER = "postgresql+psycopg"


@dataclass(frozen=True)
class ServerConnection:
    """Where a clerk's program connects; never holds the password.

    Attributes:
        host: Server name or address.
        port: TCP port.
        database: Database name.
        user: The clerk's own login (never the owner's).
        sslmode: One of :data:`SSL_MODES`.
        rootcert: The CA certificate file for ``verify-full`` (empty: the system's).
    """

    host: str
    port: int
    database: str
    user: str
    sslmode: str = "prefer"
    rootcert: str = ""

    def checked(self) -> ServerConnection:
        """Return the connection with spaces trimmed, or raise ValidationError naming the field."""
        host, database, user = self.host.strip(), self.database.strip(), self.user.strip()
        for value, label, field in (
            (host, "服务器地址", "host"),
            (database, "数据库名", "database"),
            (user, "用户名", "user"),
        ):
            if not value:
                raise ValidationError(f"请填写{label}", field)
            if any(c.isspace() or c in "/@?#" for c in value) and field != "host":
                raise ValidationError(f"{label}不能含空格或 / @ ? # 等字符", field)
        if not 1 <= self.port <= 65535:
            raise ValidationError("端口应在 1–65535 之间", "port")
        if self.sslmode not in SSL_MODES:
            raise ValidationError(f"加密方式应为 {'、'.join(SSL_MODES)} 之一", "sslmode")
        return ServerConnection(
            host, self.port, database, user, self.sslmode, self.rootcert.strip()
        )

    def url(self, password: str | None = None) -> str:
        """Return the SQLAlchemy URL, with ``password`` when given (keep it out of logs)."""
        from sqlalchemy.engine import URL

        query = {"sslmode": self.sslmode}
        if self.sslmode == "verify-full":  # libpq 16+: "system" is the OS's certificate store
            query["sslrootcert"] = self.rootcert or "system"
        socket = self.host.startswith("/")  # a Unix socket folder goes in the query
        if socket:
            query.update(host=self.host, port=str(self.port))
        made = URL.create(
            DRIVER,
            username=self.user,
            password=password or None,
            host=None if socket else self.host,
            port=None if socket else self.port,
            database=self.database,
            query=query,
        )
        return made.render_as_string(hide_password=False)

    @property
    def key(self) -> str:
        """Return the name the password is kept under in the keyring: ``user@host:port/db``."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    @classmethod
    def from_url(cls, url: str) -> ServerConnection | None:
        """Return the connection a PostgreSQL URL names (its password dropped), else None."""
        from sqlalchemy.engine import make_url

        try:
            parsed = make_url(url)
        except Exception:  # not a URL at all: the caller shows its own message
            return None
        if parsed.get_backend_name() != "postgresql":
            return None
        sslmode = str(parsed.query.get("sslmode") or "prefer")
        rootcert = str(parsed.query.get("sslrootcert") or "")
        return cls(
            host=parsed.host or str(parsed.query.get("host") or ""),
            port=parsed.port or int(str(parsed.query.get("port") or DEFAULT_PORT)),
            database=parsed.database or "",
            user=parsed.username or "",
            sslmode=sslmode if sslmode in SSL_MODES else "prefer",
            rootcert="" if rootcert == "system" else rootcert,
        )


def check_server_url(url: str) -> str:
    """Return ``url`` when it is a PostgreSQL URL the program can open, else raise in Chinese.

    Raises:
        ValidationError: Not a URL, a bad port, or another kind of database; the
            message shows the URL with its password masked.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from brandoffice.safety.masking import mask_url

    try:
        parsed = make_url(url)  # a port that is not a number fails here
        kind = (parsed.get_backend_name(), parsed.get_driver_name())
    except (ValueError, TypeError, ArgumentError) as exc:  # NoSuchModuleError: unknown kind
        if not isinstance(exc, ArgumentError) or "plugin" not in str(exc):
            raise ValidationError(
                f"数据库地址格式不正确：{mask_url(url)}"
                "（应为 postgresql+psycopg://用户名@服务器:端口/数据库名）",
                "db",
            ) from None
        kind = ("", "")
    if kind != ("postgresql", "psycopg"):
        raise ValidationError(
            f"不支持的数据库地址：{mask_url(url)}（服务器应为 postgresql+psycopg://…，单机用文件路径）",
            "db",
        )
    return url


class ConnectionFailedError(StorageError):
    """The server could not be reached or refused the login.

    Attributes:
        detail: The driver's own text (passwords masked), for the details pane.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


_REASONS = (
    ("password authentication failed", "用户名或密码不正确"),
    ("no password supplied", "请输入密码"),
    ("does not exist", "服务器上没有这个数据库或用户"),
    ("no pg_hba.conf entry", "服务器不允许这台电脑以此用户连接（请管理员检查 pg_hba.conf）"),
    ("permission denied for database", "此用户没有连接这个数据库的权限"),
    ("ssl", "加密连接失败，请检查加密方式和证书"),
    ("timeout", "连接超时，请检查服务器地址、端口和网络"),
)


def probe_connection(url: str, timeout_s: int = 10) -> str:
    """Connect once and return the login's name, or raise ConnectionFailedError in Chinese."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    from brandoffice.safety.masking import mask_url

    engine = create_engine(url, connect_args={"connect_timeout": timeout_s})
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT session_user")).scalar())
    except DBAPIError as exc:
        detail = mask_url(str(exc.orig))
        lowered = detail.lower()
        reason = next((text for needle, text in _REASONS if needle in lowered), None)
        shown = reason or "请检查服务器地址、端口、网络和加密方式"
        raise ConnectionFailedError(f"无法连接服务器：{shown}。", detail) from None
    finally:
        engine.dispose()
