"""A PostgreSQL server connection as the clerk types it: host, port, database, user, TLS mode."""

from __future__ import annotations

from dataclasses import dataclass

from brandoffice.errors import ValidationError

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
        if self.rootcert:
            query["sslrootcert"] = self.rootcert
        made = URL.create(
            DRIVER,
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
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
        return cls(
            host=parsed.host or "",
            port=parsed.port or DEFAULT_PORT,
            database=parsed.database or "",
            user=parsed.username or "",
            sslmode=sslmode if sslmode in SSL_MODES else "prefer",
            rootcert=str(parsed.query.get("sslrootcert") or ""),
        )
