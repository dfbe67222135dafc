"""On-disk cache of fetched sources: a plain file store with atomic writes.

Layout under the cache directory (versioned so a format change never reads old
entries)::

    v2/entries/<sha256 of URL>.json   metadata: URL, final URL, validators, body hash,
                                      and whether it came from a non-public address
    v2/bodies/<sha256 of body>        the raw body, named by its own hash
    v2/text/<sha256 of body>.json     extracted text, keyed by the body it came from
    v2/index/<sha256 of text>.json    the matcher's index of that text (match/index.py)

Every file is written to a temporary name in the same directory and moved into
place with ``os.replace``, which is atomic on POSIX and Windows, so a killed run
or two runs at once leave either the old entry or the new one, never half of
one. A body is written before the entry that names it, and a reader verifies
the body's hash, so an entry whose body is missing or truncated reads as a miss.

Nothing read back is trusted as a path or a size: a body is named only by 64 hex
digits, only regular files are opened (never a FIFO or a device, even through a
symlink), and every read stops at a cap (``read_capped``). The same rules hold for
snapshots (fetch.py), which are as much outside input as the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

if TYPE_CHECKING:
    from factcheck.config import Config

FORMAT = "v2"
MAX_META_BYTES = 1_000_000
"""Largest entry metadata file read; real ones are well under 2 KB."""
TEXT_FACTOR = 4
"""Extracted text stored for a body may be this many times ``max_bytes`` (JSON escaping)."""
_DIGEST = re.compile(r"[0-9a-f]{64}")


def default_cache_dir() -> Path:
    """The platform's user cache directory for factcheck."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("factcheck", appauthor=False))


def open_cache(config: Config) -> Cache | None:
    """The run's cache (``config.cache_dir`` or the platform default), or None with
    ``use_cache`` off."""
    if not config.use_cache:
        return None
    directory = config.cache_dir if config.cache_dir is not None else default_cache_dir()
    return Cache(directory, max_bytes=config.max_bytes)


def is_digest(value: object) -> TypeGuard[str]:
    """Whether ``value`` is a SHA-256 hex digest, the only form a body name may take."""
    return isinstance(value, str) and _DIGEST.fullmatch(value) is not None


def read_capped(path: Path, cap: int) -> bytes | None:
    """The bytes of a regular file of at most ``cap`` bytes, else None.

    Opened non-blocking so a FIFO cannot hang the run, checked with ``fstat`` on the
    open descriptor (a symlink to ``/dev/zero`` is a device, not a regular file),
    and read no further than ``cap + 1`` bytes however the file grows meanwhile.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(cap + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= cap else None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        # No fsync: os.replace already makes the entry appear whole or not at all, and a
        # file a power cut leaves empty or short fails its hash or JSON check and reads as
        # a miss. An fsync per entry cost about 1.5 ms, 0.9 s for a cold 300-source check.
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@dataclass(frozen=True, slots=True, kw_only=True)
class CacheEntry:
    """One cached source: the response body and what is needed to revalidate it."""

    url: str
    final_url: str
    http_status: int | None
    content_type: str
    body: bytes
    fetched_at: str
    stored_at: float
    """Epoch seconds when the entry was stored or last revalidated."""
    etag: str | None = None
    last_modified: str | None = None
    archived_url: str | None = None
    private: bool = True
    """Fetched from (or through a redirect to) a non-public address by a run that allowed
    it; served only to runs that allow private addresses. True unless shown otherwise."""
    last_failure: str | None = None
    """When the server was last asked for this page and refused it (``not_found``,
    ``gone``, ``server_error``...), that status; the copy is older. Cleared when a later
    fetch or revalidation succeeds (the entry is written anew)."""
    last_failure_at: str | None = None
    """When that refusal happened (UTC, ISO 8601)."""


class Cache:
    """A URL-keyed store of response bodies and metadata; safe for concurrent runs."""

    def __init__(
        self,
        directory: Path,
        *,
        clock: Callable[[], float] = time.time,
        max_bytes: int = 10_000_000,
    ) -> None:
        self.root = directory / FORMAT
        self._clock = clock
        self.max_bytes = max_bytes

    def _entry_path(self, url: str) -> Path:
        return self.root / "entries" / f"{sha256_hex(url.encode('utf-8'))}.json"

    def _body_path(self, digest: str) -> Path:
        return self.root / "bodies" / digest

    def get(self, url: str) -> CacheEntry | None:
        """The entry for ``url``, or None when absent, unreadable or incomplete."""
        meta = _read_json(self._entry_path(url), MAX_META_BYTES)
        if meta is None or meta.get("url") != url:
            return None
        digest = meta.get("sha256")
        if not is_digest(digest):
            return None
        body = read_capped(self._body_path(digest), self.max_bytes)
        if body is None or sha256_hex(body) != digest:
            return None
        try:
            return CacheEntry(
                url=url,
                final_url=str(meta["final_url"]),
                http_status=meta.get("http_status"),
                content_type=str(meta.get("content_type", "")),
                body=body,
                fetched_at=str(meta.get("fetched_at", "")),
                stored_at=float(meta["stored_at"]),
                etag=meta.get("etag"),
                last_modified=meta.get("last_modified"),
                archived_url=meta.get("archived_url"),
                private=meta.get("private") is not False,
                last_failure=_optional_str(meta.get("last_failure")),
                last_failure_at=_optional_str(meta.get("last_failure_at")),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, entry: CacheEntry) -> None:
        """Store ``entry``: body first, then the metadata that points at it."""
        digest = sha256_hex(entry.body)
        body_path = self._body_path(digest)
        if not body_path.exists():
            atomic_write(body_path, entry.body)
        meta: dict[str, Any] = asdict(entry)
        del meta["body"]
        meta["sha256"] = digest
        atomic_write(self._entry_path(entry.url), _dump_json(meta))

    def is_fresh(self, entry: CacheEntry, max_age: float) -> bool:
        return 0 <= self._clock() - entry.stored_at <= max_age

    def now(self) -> float:
        return self._clock()

    def get_text(self, body_sha256: str) -> dict[str, Any] | None:
        """Extracted text stored for a body hash (whatever ``put_text`` was given)."""
        return _read_json(self.root / "text" / f"{body_sha256}.json",
                          TEXT_FACTOR * self.max_bytes)

    def put_text(self, body_sha256: str, payload: dict[str, Any]) -> None:
        atomic_write(self.root / "text" / f"{body_sha256}.json", _dump_json(payload))

    def get_index(self, key: str) -> dict[str, Any] | None:
        """A document index stored under ``key`` (its text's and settings' hash)."""
        # An index holds a few times its text's size; the same bound as extracted text.
        return _read_json(self.root / "index" / f"{key}.json", TEXT_FACTOR * self.max_bytes)

    def put_index(self, key: str, payload: dict[str, Any]) -> None:
        # Unsorted (the lists carry the order; sorting costs on big pages) and ASCII, so a
        # lone surrogate a page may hold is escaped rather than unwritable.
        atomic_write(self.root / "index" / f"{key}.json", json.dumps(payload).encode("ascii"))


def derived_cache(config: Config) -> Cache | None:
    """The cache for what is derived from bodies (extracted text, indexes), or None: a
    snapshot run reads and writes no cache, and ``use_cache`` off means none at all."""
    if config.snapshot is not None or not config.use_cache:
        return None
    return Cache(config.cache_dir if config.cache_dir is not None else default_cache_dir(),
                 max_bytes=config.max_bytes)


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _dump_json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")


def _read_json(path: Path, cap: int) -> dict[str, Any] | None:
    data = read_capped(path, cap)
    if data is None:
        return None
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
