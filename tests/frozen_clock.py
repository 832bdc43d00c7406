"""A pytest plugin that runs every test at another date: ``-p tests.frozen_clock``.

``INTAKE_TEST_NOW`` (ISO 8601 with a timezone, e.g. ``2027-03-15T10:00:00Z``) is when
each test starts; the clock then ticks on from there, so a test started at
``2026-12-31T23:59:59.5Z`` crosses into the next year while it runs. scripts/test.sh
runs the date-sensitive suites this way as well as on today's date.

Only this process's clock moves (time-machine): a server started as a subprocess keeps
the real date, so tests that need one are left out of these runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import time_machine

NOW = os.environ.get("INTAKE_TEST_NOW")


def pytest_report_header(config: pytest.Config) -> str | None:
    return f"frozen clock: every test starts at {NOW} (ticking)" if NOW else None


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Fixtures, the test and its teardown all run on the travelled clock."""
    if not NOW:
        yield
        return
    with time_machine.travel(NOW, tick=True):
        yield
