"""Server connections as typed in the window, and passwords masked in every shown URL."""

from __future__ import annotations

import logging

import pytest

from brandoffice.cli.main import main
from brandoffice.db.connection import ServerConnection
from brandoffice.db.engine import resolve_url
from brandoffice.db.server import scram_verifier
from brandoffice.errors import ValidationError
from brandoffice.safety.masking import install_log_masking, mask_text, mask_url


def test_a_connection_round_trips_through_its_url_without_the_password() -> None:
    typed = ServerConnection(" db.district.cn ", 5433, "brandoffice", "zhangsan", "require")
    checked = typed.checked()
    url = checked.url("p@ss:w/rd")
    assert url.startswith("postgresql+psycopg://zhangsan:p%40ss%3Aw%2Frd@db.district.cn:5433/")
    assert ServerConnection.from_url(url) == checked
    assert "p%40ss" not in mask_url(url) and "zhangsan:***@db.district.cn" in mask_url(url)
    assert checked.key == "zhangsan@db.district.cn:5433/brandoffice"
    assert ServerConnection.from_url("sqlite:////tmp/x.sqlite3") is None


def test_verify_full_uses_the_given_certificate_or_the_systems() -> None:
    full = ServerConnection("h", 5432, "d", "u", "verify-full")
    assert "sslrootcert=system" in full.url()
    assert ServerConnection.from_url(full.url()) == full
    own = ServerConnection("h", 5432, "d", "u", "verify-full", "C:/certs/root.crt")
    assert ServerConnection.from_url(own.url()) == own


@pytest.mark.parametrize(
    ("field", "connection"),
    [
        ("host", ServerConnection(" ", 5432, "d", "u")),
        ("database", ServerConnection("h", 5432, "", "u")),
        ("user", ServerConnection("h", 5432, "d", "a b")),
        ("port", ServerConnection("h", 0, "d", "u")),
        ("sslmode", ServerConnection("h", 5432, "d", "u", "allow")),
    ],
)
def test_bad_fields_are_named(field: str, connection: ServerConnection) -> None:
    with pytest.raises(ValidationError) as refused:
        connection.checked()
    assert refused.value.field == field


def test_passwords_are_masked_in_urls_conninfo_and_log_records(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert mask_url("postgresql://owner:Top-Secret@h/db") == "postgresql://owner:***@h/db"
    assert mask_url("postgresql://u@h/db?password=Top-Secret&x=1") == (
        "postgresql://u@h/db?password=***&x=1"
    )
    assert mask_url("host=h password=Top-Secret dbname=d") == "host=h password=*** dbname=d"
    assert mask_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert "Top-Secret" not in mask_text("打开 postgresql+psycopg://a:Top-Secret@h/d 失败")
    install_log_masking()
    with caplog.at_level(logging.WARNING):
        logging.getLogger("brandoffice.test").warning(
            "无法打开 %s", "postgresql://a:Top-Secret@h/d"
        )
    assert "Top-Secret" not in caplog.text and "a:***@h" in caplog.text


def test_the_scram_verifier_has_postgresqls_form() -> None:
    verifier = scram_verifier("Qingming-2026", salt=b"0123456789abcdef")
    head, keys = verifier.split("$", 2)[1:]
    assert verifier.startswith("SCRAM-SHA-256$4096:") and head == "4096:MDEyMzQ1Njc4OWFiY2RlZg=="
    assert len(keys.split(":")) == 2 and "Qingming" not in verifier
    assert scram_verifier("Qingming-2026") != scram_verifier("Qingming-2026")  # salted


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql+psycopg://u:Top-Secret@h:port/db", "格式不正确"),
        ("postgres://u:Top-Secret@h/db", "不支持"),
        ("mysql://u:Top-Secret@h/db", "不支持"),
        ("postgresql+nosuch://u:Top-Secret@h/db", "不支持"),
    ],
)
def test_a_bad_database_url_is_refused_with_its_password_masked(
    url: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        resolve_url(url)
    assert "Top-Secret" not in str(refused.value) and "u:***@h" in str(refused.value)
    assert main(["--db", url, "list", "orgs"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Top-Secret" not in err
    assert resolve_url("postgresql+psycopg://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
