"""Fixtures of the service tests: the records street in the test's own database."""

from __future__ import annotations

import pytest

from brandoffice.services.context import AppContext
from tests.core.services.records_fixtures import Street, build_street


@pytest.fixture
def street(ctx: AppContext) -> Street:
    """The records street (units, members, the 2026 campaign) in the test's own database."""
    return build_street(ctx)
