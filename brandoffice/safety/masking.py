"""Masking of ID card and mobile numbers and URL passwords in free text and every log record."""

from __future__ import annotations

import logging
import re
from typing import Any

from brandoffice.idcard import mask_id_number, mask_phone

# Digits around a match would make it part of a longer number (an order number, a
# timestamp): those are left alone. A 15-digit first-generation ID is not matched,
# because 15-digit numbers are too common elsewhere.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}\d{7}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")
# ``scheme://user:password@host`` and a ``password=`` option (URL query or libpq conninfo).
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][\w+.-]*://[^:/@\s]*:)[^@\s]*(?=@)")
_PASSWORD_OPTION = re.compile(r"(?P<head>\bpassword\s*=\s*)[^&\s]+", re.IGNORECASE)
HIDDEN_PASSWORD = "***"


def mask_url(text: str) -> str:
    """Replace every password of a database URL (or conninfo) inside ``text`` with ``***``.

    Args:
        text: A URL, or any text that may hold one (a log line, an error message).

    Returns:
        The text with ``postgresql://user:secret@host`` as ``postgresql://user:***@host``
        and ``password=secret`` as ``password=***``.
    """
    if not text or ("@" not in text and "=" not in text):
        return text
    masked = _URL_PASSWORD.sub(lambda m: m.group("head") + HIDDEN_PASSWORD, text)
    return _PASSWORD_OPTION.sub(lambda m: m.group("head") + HIDDEN_PASSWORD, masked)


def mask_text(text: str) -> str:
    """Mask every 18-digit ID number, 11-digit mobile number and URL password in ``text``.

    Args:
        text: Any free text (a log line, an audit detail, an error message).

    Returns:
        The text with ID numbers as ``110105********123X``, mobiles as ``138****5678``
        and passwords as in :func:`mask_url`.
    """
    if not text:
        return text
    masked = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), mask_url(text))
    return _MOBILE.sub(lambda m: _mask_mobile(m.group(0)), masked)


def _mask_mobile(found: str) -> str:
    prefix, number = found[:-11], found[-11:]
    return prefix + mask_phone(number)


def mask_optional(text: str | None) -> str | None:
    """Mask like :func:`mask_text`, passing None through."""
    return None if text is None else mask_text(text)


class MaskingFilter(logging.Filter):
    """A logging filter that masks personal numbers in the message and the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record`` in place; never drops it."""
        mask_record(record)
        return True


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask a record's message, arguments, traceback and stack text in place."""
    if getattr(record, "_brandoffice_masked", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # a broken format string is the logging module's to report
        return record
    record.msg = mask_text(message)
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask_text(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_text(record.stack_info)
    setattr(record, "_brandoffice_masked", True)  # noqa: B010
    return record


_installed: dict[str, Any] = {}


def install_log_masking() -> MaskingFilter:
    """Mask personal numbers in every log record made from now on in this process.

    The record factory is wrapped, so records of every logger (``brandoffice.*``,
    SQLAlchemy's echo with its parameters, third-party libraries) are masked
    before any handler sees them; the filter is also put on the ``brandoffice``
    logger for handlers that copy records. Calling it twice changes nothing.

    Returns:
        The filter, to add to handlers that are created with their own factory.
    """
    if "filter" in _installed:
        return _installed["filter"]  # type: ignore[no-any-return]
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(previous(*args, **kwargs))

    masking = MaskingFilter()
    logging.setLogRecordFactory(factory)
    logging.getLogger("brandoffice").addFilter(masking)
    _installed.update(filter=masking, previous=previous)
    return masking


def uninstall_log_masking() -> None:
    """Undo :func:`install_log_masking` (for tests)."""
    if "filter" not in _installed:
        return
    logging.setLogRecordFactory(_installed["previous"])
    logging.getLogger("brandoffice").removeFilter(_installed["filter"])
    _installed.clear()
