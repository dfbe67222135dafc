"""cache.py: entries survive only whole; interrupted or concurrent writes never expose a half."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from factcheck.cache import Cache, CacheEntry, atomic_write


def entry(
    body: bytes, *, url: str = "https://example.org/a", stored_at: float = 1000.0
) -> CacheEntry:
    return CacheEntry(
        url=url,
        final_url=url,
        http_status=200,
        content_type="text/html",
        body=body,
        fetched_at="2026-01-01T00:00:00Z",
        stored_at=stored_at,
        etag='"e1"',
        last_modified=None,
    )


def test_put_then_get_round_trips(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put(entry(b"<p>hello</p>"))
    got = cache.get("https://example.org/a")
    assert got == entry(b"<p>hello</p>")
    assert cache.get("https://example.org/other") is None


def test_freshness_follows_the_clock(tmp_path: Path) -> None:
    now = [1000.0]
    cache = Cache(tmp_path, clock=lambda: now[0])
    item = entry(b"x", stored_at=1000.0)
    assert cache.is_fresh(item, max_age=60)
    now[0] = 1061.0
    assert not cache.is_fresh(item, max_age=60)


def test_interrupted_write_leaves_the_old_entry_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    cache.put(entry(b"old body"))

    def killed(src: str, dst: str) -> None:
        raise KeyboardInterrupt  # the run is killed between writing and renaming

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        cache.put(entry(b"new body"))
    monkeypatch.undo()
    got = cache.get("https://example.org/a")
    assert got is not None and got.body == b"old body"
    leftovers = [p for p in tmp_path.rglob(".tmp-*")]
    assert leftovers == []


@pytest.mark.parametrize("damage", ["truncate_body", "delete_body", "garble_meta", "empty_meta"])
def test_damaged_entry_reads_as_a_miss(tmp_path: Path, damage: str) -> None:
    cache = Cache(tmp_path)
    cache.put(entry(b"a body long enough to truncate"))
    body = next((tmp_path / "v2" / "bodies").iterdir())
    meta = next((tmp_path / "v2" / "entries").iterdir())
    match damage:
        case "truncate_body":
            body.write_bytes(body.read_bytes()[:5])
        case "delete_body":
            body.unlink()
        case "garble_meta":
            meta.write_bytes(meta.read_bytes()[:20])
        case "empty_meta":
            meta.write_bytes(b"")
    assert cache.get("https://example.org/a") is None


def test_concurrent_writers_never_expose_a_mixed_entry(tmp_path: Path) -> None:
    bodies = [b"A" * 200_000, b"B" * 300_000]
    stop = threading.Event()
    seen: list[bytes | None] = []

    def writer(body: bytes) -> None:
        cache = Cache(tmp_path)  # a separate instance per "run"
        while not stop.is_set():
            cache.put(entry(body))

    Cache(tmp_path).put(entry(bodies[0]))
    threads = [threading.Thread(target=writer, args=(b,)) for b in bodies]
    for thread in threads:
        thread.start()
    reader = Cache(tmp_path)
    try:
        for _ in range(300):
            got = reader.get("https://example.org/a")
            seen.append(got.body if got else None)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    # Every read sees one whole entry: never a miss, never a mix of the two.
    assert set(seen) <= set(bodies)


def test_atomic_write_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.json"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["file.json"]


def test_the_suite_keeps_out_of_the_users_cache(private_user_cache: Path) -> None:
    """Tests that use the default cache directory get the session's own, in this process
    and in the CLI runs it starts."""
    import os
    import subprocess
    import sys

    from factcheck.cache import default_cache_dir

    assert default_cache_dir() == private_user_cache
    found = subprocess.run(
        [sys.executable, "-c", "from factcheck.cache import default_cache_dir as d; print(d())"],
        capture_output=True, text=True, check=True, env=os.environ.copy())
    assert Path(found.stdout.strip()) == private_user_cache
