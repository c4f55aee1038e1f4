"""Fixtures for the whole suite (gongkai/ and tests/).

The test database keeps the rows its migrations wrote, whatever ran before: see
tests/migration_data.py. That is what makes ``pytest --reuse-db`` (what `make test`
uses outside CI) correct after transactional and live-server tests.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Hypothesis' default 200 ms deadline and its too_slow health check are timings: on the
# shared 2-core machine a loaded moment failed the workday property tests with
# DeadlineExceeded. Timing belongs in bench/, so no test may fail on it; the number of
# examples stays each test's own.
hypothesis_settings.register_profile(
    "gongkai", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("gongkai")

# Migrations applied after this moment were applied by this run (one second of slack
# for a clock that stores whole seconds).
RUN_STARTED = datetime.now(UTC) - timedelta(seconds=1)


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: Any, request: pytest.FixtureRequest
) -> Iterator[None]:
    """pytest-django's database setup, then the migration data made sure of."""
    from django.conf import settings

    from tests.migration_data import (
        StaleTestDatabase,
        connect_restore_after_flush,
        ensure_seeded,
    )

    with django_db_blocker.unblock():
        for alias in settings.DATABASES:
            try:
                outcome = ensure_seeded(alias, RUN_STARTED)
            except StaleTestDatabase:
                pytest.exit(
                    f"The reused test database {alias!r} has no migration-data "
                    "snapshot (it predates it and may have been flushed): run once "
                    "with --create-db.",
                    returncode=4,
                )
            if request.config.option.verbose > 0:
                _report(request, f"test database {alias!r}: migration data {outcome}")
    connect_restore_after_flush()
    yield


def _report(request: pytest.FixtureRequest, line: str) -> None:
    """A line on the terminal from inside a fixture (pytest captures its output)."""
    plugins = request.config.pluginmanager
    reporter, capture = (
        plugins.get_plugin("terminalreporter"),
        plugins.get_plugin("capturemanager"),
    )
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)
