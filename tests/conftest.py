"""Shared pytest fixtures: the local fixture HTTP server and fetch settings for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.config import Config
from tests.server import FixtureServer


@pytest.fixture(scope="session", autouse=True)
def private_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's cache directory, for the tests that use the default one: the session's
    own, so a run never reads what an earlier run, or older code, stored there (a stored
    frame conflict of a version in development once failed a test). Subprocesses get it
    through XDG_CACHE_HOME."""
    root = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(root))
        for module in ("factcheck.cache", "factcheck.verify.store"):
            patch.setattr(f"{module}.default_cache_dir", lambda: root / "factcheck")
        yield root / "factcheck"


@pytest.fixture(scope="session")
def fixture_server() -> Iterator[FixtureServer]:
    """A real HTTP server on 127.0.0.1 (random port) serving tests/server.py's routes."""
    server = FixtureServer().start()
    yield server
    server.stop()


@pytest.fixture
def fetch_config(tmp_path: Path) -> Config:
    """Settings for fetching from the local server: private addresses allowed, fast retries,
    a private cache directory, small size limits so faults show up quickly.

    The timeout is generous: a busy machine may take a second to answer, and that is
    no fault. A test of timeouts sets its own short one (``replace(config, timeout=0.3)``).
    """
    return Config(
        allow_private=True,
        cache_dir=tmp_path / "cache",
        timeout=10.0,
        retries=2,
        retry_backoff=0.01,
        max_retry_after=0.2,
        max_bytes=1_000_000,
    )
