"""URLs → ``Fetched | FetchFailed``: concurrent, cached, polite and safe retrieval.

This is the only module that imports httpx; every httpx and socket error is
mapped here to one ``FetchStatus`` with a message saying what happened and what
to do, so one bad source never raises. Sources come from exactly one place per
run, in this order of precedence:

    snapshot (``config.snapshot``)   read only the snapshot directory, no socket
    cache    (``config.offline``)    read only the cache; uncached → ``offline``
    network                          ask the server whether a cached copy changed
                                     (ETag / Last-Modified), else use it while younger
                                     than ``max_age``; fetch otherwise (``--refresh``:
                                     always fetch, and replace the cached copy)

Every ``Fetched`` says where it came from (``Origin``) and when it was downloaded,
so a report can tell a fresh page from a week-old copy.

Network fetches run under a global and a per-host concurrency limit, follow
redirects by hand (each hop is checked against the safety rules and a loop is
detected), retry connection errors, 429 and 5xx with exponential backoff and
jitter (honouring Retry-After up to a cap), and stop reading a body at
``config.max_bytes`` counted after decompression.

Safety: only http and https; unless ``config.allow_private``, every hop's host is
resolved and refused when any address is loopback, private, link-local,
reserved or multicast. An injected transport (tests, library users) has no
real addresses, so with one only IP literals and ``localhost`` are checked. The
same rule holds for the cache: an entry fetched from a non-public address (by a
run that allowed it) is marked private and never served to a run that does not.

Budgets: the whole run's fetching stops at ``config.fetch_deadline`` (sources not
done by then are reported ``timeout`` with that reason), and a server (host and
port) that timed out or refused connections ``config.host_failures`` times has its
remaining sources reported without trying them, so no host that never answers can hold a run for
hours. robots.txt is read up to ``ROBOTS_MAX_BYTES`` and any fault in it allows.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import http.cookiejar
import ipaddress
import json
import random
import re
import socket
import ssl
import time
import urllib.robotparser
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

import httpcore
import httpx

from factcheck import __version__
from factcheck.cache import (
    Cache,
    CacheEntry,
    atomic_write,
    is_digest,
    open_cache,
    read_capped,
    sha256_hex,
)
from factcheck.config import Config
from factcheck.errors import ConfigError
from factcheck.extract import strip_controls
from factcheck.models import Fetched, FetchFailed, FetchResult, FetchStatus, Origin

USER_AGENT = f"factcheck/{__version__} (+https://github.com/factcheck-dev/factcheck)"
ROBOTS_AGENT = "factcheck"
SNAPSHOT_VERSION = 1
TOTAL_TIMEOUT_FACTOR = 3.0
"""A whole download (all hops of one attempt) gets this many times ``config.timeout``."""
ROBOTS_MAX_BYTES = 500 * 1024
"""robots.txt is read up to this size and the rest ignored, as major crawlers do."""
MAX_MANIFEST_BYTES = 200_000_000
"""Largest snapshot manifest read (about a million sources)."""
# Failures that say a host is not answering at all (as opposed to one page's problem).
_HOST_DOWN = frozenset({FetchStatus.TIMEOUT, FetchStatus.CONNECTION_ERROR})

# Types no extractor reads; refused from the headers, before any body is downloaded.
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")
# Statuses for which an archived copy is worth asking for.
_DEAD = frozenset(
    {
        FetchStatus.NOT_FOUND,
        FetchStatus.GONE,
        FetchStatus.FORBIDDEN,
        FetchStatus.SERVER_ERROR,
        FetchStatus.TIMEOUT,
        FetchStatus.DNS_ERROR,
        FetchStatus.TLS_ERROR,
        FetchStatus.CONNECTION_ERROR,
        FetchStatus.REDIRECT_LOOP,
    }
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# IPv6 ranges whose low 32 bits are an IPv4 address: well-known NAT64 (RFC 6052) and
# the deprecated IPv4-compatible form (::a.b.c.d, which also holds :: and ::1).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
# Refused outright: local-use NAT64 (RFC 8215) translates to any IPv4 the operator picks,
# and deprecated site-local addresses are private by definition (Python calls them global).
_REFUSED_V6 = (ipaddress.IPv6Network("64:ff9b:1::/48"), ipaddress.IPv6Network("fec0::/10"))
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address
_T = TypeVar("_T")


class FetchProgress(Protocol):
    """Told about progress by the fetcher; the CLI draws it (stages never print)."""

    def start(self, total: int) -> None: ...

    def advance(self, url: str, result: FetchResult) -> None: ...


class _Failure(Exception):
    """Internal control flow: one attempt ended in a status (never leaves this module)."""

    def __init__(
        self,
        status: FetchStatus,
        message: str,
        *,
        http_status: int | None = None,
        retryable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        # Messages quote servers (content types, error texts), which are untrusted.
        message = strip_controls(message)
        super().__init__(message)
        self.status = status
        self.message = message
        self.http_status = http_status
        self.retryable = retryable
        self.retry_after = retry_after

    def result(self, url: str) -> FetchFailed:
        return FetchFailed(
            url=url, status=self.status, message=self.message, http_status=self.http_status
        )


def fetch_all(
    urls: Sequence[str],
    config: Config,
    *,
    progress: FetchProgress | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> dict[str, FetchResult]:
    """Fetch every distinct URL once; one ``Fetched`` or ``FetchFailed`` per URL."""
    return asyncio.run(afetch_all(urls, config, progress=progress, transport=transport))


async def afetch_all(
    urls: Sequence[str],
    config: Config,
    *,
    progress: FetchProgress | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> dict[str, FetchResult]:
    """The async form of ``fetch_all``; results are in the order URLs first appear."""
    unique = list(dict.fromkeys(urls))
    _exclusions(config)  # a bad pattern stops the run before any fetch
    if progress is not None:
        progress.start(len(unique))
    if config.snapshot is not None:
        return _from_snapshot(unique, config, progress)
    cache = open_cache(config)
    if config.offline:
        return _from_cache_only(unique, config, cache, progress)
    async with _Fetcher(config, cache, transport) as fetcher:
        done = await asyncio.gather(*(fetcher.fetch_reporting(u, progress) for u in unique))
    return dict(zip(unique, done, strict=True))


def _internal_error(url: str, exc: Exception) -> FetchFailed:
    """The per-source error boundary's result: a bug while handling ONE source.

    Every failure a source can cause is mapped to its own status where it
    happens; this catches only what slipped through (a bug in this module or a
    library raising something undocumented), so that one source's bug costs that
    source and never the report for all the others. It is used in exactly two
    places: around each network fetch (``_Fetcher.fetch_reporting``) and around
    each source read from the cache or a snapshot (``_isolated``).
    """
    return FetchFailed(
        url=url,
        status=FetchStatus.INTERNAL_ERROR,
        message=f"factcheck hit an unexpected {type(exc).__name__} on this source "
        f"({strip_controls(str(exc))}); "
        "the other sources are unaffected; please report it with the URL",
    )


def _isolated(url: str, work: Callable[[], FetchResult]) -> FetchResult:
    """``work()`` for one source read from the cache or a snapshot, inside the boundary."""
    try:
        return work()
    except Exception as exc:  # the boundary: one source, never the run
        return _internal_error(url, exc)


def _server(url: httpx.URL) -> str:
    """What the host breaker counts failures against: the host and its port (``host:8080``,
    or the host alone on the scheme's default port). Two servers on one machine are
    different servers: a dead port must not stop the sources of a live one."""
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.host if url.port in (None, default) else f"{url.host}:{url.port}"


def _report(progress: FetchProgress | None, url: str, result: FetchResult) -> FetchResult:
    if progress is not None:
        progress.advance(url, result)
    return result


def _exclusions(config: Config) -> list[re.Pattern[str]]:
    try:
        return [re.compile(pattern) for pattern in config.exclude]
    except re.error as exc:
        raise ConfigError(f"invalid exclude pattern {exc.pattern!r}: {exc}") from None


def _excluded(url: str, config: Config) -> FetchFailed | None:
    for pattern in _exclusions(config):
        if pattern.search(url):
            return FetchFailed(
                url=url,
                status=FetchStatus.EXCLUDED,
                message=f"skipped: matches exclude pattern {pattern.pattern!r}",
            )
    return None


def _from_cache_only(
    urls: list[str], config: Config, cache: Cache | None, progress: FetchProgress | None
) -> dict[str, FetchResult]:
    results: dict[str, FetchResult] = {}
    for url in urls:
        result = _isolated(url, functools.partial(_cached_only, url, config, cache))
        results[url] = _report(progress, url, result)
    return results


def _cached_only(url: str, config: Config, cache: Cache | None) -> FetchResult:
    if (failed := _excluded(url, config)) is not None:
        return failed
    entry = cache.get(url) if cache is not None else None
    if entry is not None and entry.private and not config.allow_private:
        return _private_entry(url)
    if entry is None:
        return FetchFailed(
            url=url,
            status=FetchStatus.OFFLINE,
            message="not in the cache and --offline forbids the network; "
            "run once online or use --snapshot",
        )
    return _fetched_from_entry(entry)


def _private_entry(url: str) -> FetchFailed:
    return FetchFailed(
        url=url,
        status=FetchStatus.BLOCKED,
        message="the cached copy came from a non-public address (cached by a run with "
        "--allow-private); refused for safety: use --allow-private to read it",
    )


def _fetched_from_entry(entry: CacheEntry, origin: Origin = Origin.CACHE) -> Fetched:
    return Fetched(
        url=entry.url,
        final_url=entry.final_url,
        http_status=entry.http_status,
        content_type=entry.content_type,
        body=entry.body,
        fetched_at=entry.fetched_at,
        origin=origin,
        archived_url=entry.archived_url,
        last_failure=entry.last_failure if origin is Origin.CACHE else None,
        last_failure_at=entry.last_failure_at if origin is Origin.CACHE else None,
    )


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------- network


@dataclass(frozen=True, slots=True, kw_only=True)
class _Response:
    """What one successful download produced (before it becomes a ``Fetched``)."""

    final_url: str
    http_status: int
    content_type: str
    body: bytes
    etag: str | None
    last_modified: str | None
    not_modified: bool = False

    def to_fetched(self, url: str, archived_url: str | None = None) -> Fetched:
        return Fetched(url=url, final_url=self.final_url, http_status=self.http_status,
                       content_type=self.content_type, body=self.body, fetched_at=_now_iso(),
                       archived_url=archived_url)


class _RefuseAllCookies(http.cookiejar.DefaultCookiePolicy):
    """The shared client keeps no cookies; each source carries its own jar."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False


def _new_client(
    config: Config, transport: httpx.AsyncBaseTransport | None, tls: ssl.SSLContext | None
) -> httpx.AsyncClient:
    # The semaphores bound requests in flight; the pool only keeps connections for reuse.
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=config.per_host * 2)
    if transport is None and not config.allow_private:
        transport = _pinned_transport(limits, tls)
    return httpx.AsyncClient(
        transport=transport,
        verify=tls if tls is not None else True,
        timeout=httpx.Timeout(config.timeout, pool=None),
        limits=limits,
        follow_redirects=False,
        trust_env=False,
        cookies=http.cookiejar.CookieJar(policy=_RefuseAllCookies()),
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain,"
            "application/json;q=0.9,*/*;q=0.5",
            # Only encodings this module decodes itself, with the size cap applied.
            "Accept-Encoding": "gzip, deflate",
        },
    )


def _pinned_transport(limits: httpx.Limits, tls: ssl.SSLContext | None) -> httpx.AsyncHTTPTransport:
    """httpx's transport with its connection pool rebuilt on the pinned backend.

    httpx does not take a network backend, so the pool it built is replaced;
    ``tests/test_fetch.py`` fails if a future httpx renames the attribute.
    """
    transport = httpx.AsyncHTTPTransport(verify=tls if tls is not None else True, limits=limits)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=tls,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_PinnedBackend(),
    )
    return transport


class _Fetcher:
    def __init__(
        self, config: Config, cache: Cache | None, transport: httpx.AsyncBaseTransport | None
    ) -> None:
        self.config = config
        self.cache = cache
        self.real_network = transport is None
        self._global = asyncio.Semaphore(config.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._robots: dict[str, asyncio.Task[urllib.robotparser.RobotFileParser | None]] = {}
        self._transport = transport
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._tls: ssl.SSLContext | None = None
        self._deadline = 0.0
        self._host_down: dict[str, list[FetchFailed]] = {}
        """Failures that count toward the breaker, by server (host and port, ``_server``)."""

    def _client(self, url: httpx.URL) -> httpx.AsyncClient:
        """One connection pool per host: httpcore's pool scans every connection on every
        request, so a single pool shared by hundreds of hosts costs O(n^2) per run."""
        key = url.host if self.real_network else ""
        client = self._clients.get(key)
        if client is None:
            if self._tls is None and self.real_network:
                # Loading CA certificates takes ~15 ms: once per run, not once per host.
                import certifi

                self._tls = ssl.create_default_context(cafile=certifi.where())
            client = self._clients[key] = _new_client(self.config, self._transport, self._tls)
        return client

    async def __aenter__(self) -> _Fetcher:
        self._deadline = asyncio.get_running_loop().time() + self.config.fetch_deadline
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._robots.values():
            task.cancel()
        for client in self._clients.values():
            await client.aclose()

    async def fetch_reporting(self, url: str, progress: FetchProgress | None) -> FetchResult:
        """``fetch`` inside the per-source error boundary (see ``_internal_error``)."""
        try:
            async with asyncio.timeout_at(self._deadline):
                result = await self.fetch(url)
        except TimeoutError:
            result = FetchFailed(
                url=url,
                status=FetchStatus.TIMEOUT,
                message=f"not read before the run's fetch deadline "
                f"({self.config.fetch_deadline:g} s); raise fetch_deadline or use --snapshot",
            )
        except Exception as exc:  # the boundary: one source, never the run
            result = _internal_error(url, exc)
        return _report(progress, url, result)

    async def fetch(self, url: str) -> FetchResult:
        """One source, start to finish; never raises for a bad source."""
        if (failed := _excluded(url, self.config)) is not None:
            return failed
        try:
            parsed = _parse_url(url)
        except _Failure as failure:
            return failure.result(url)
        entry = self._cached(url)
        if entry is not None and self._use_without_asking(entry):
            return _fetched_from_entry(entry)
        result = await self._limited(parsed, lambda: self._network(url, entry))
        if isinstance(result, FetchFailed) and self.config.archive_fallback:
            result = await self._archived(url, result)
        return result

    def _cached(self, url: str) -> CacheEntry | None:
        """The cache entry this run may use: none with --refresh, none that is private
        unless private addresses are allowed (the network rules hold for the cache too)."""
        if self.cache is None or self.config.refresh:
            return None
        entry = self.cache.get(url)
        if entry is not None and entry.private and not self.config.allow_private:
            return None
        return entry

    def _use_without_asking(self, entry: CacheEntry) -> bool:
        """Fresh, and either the server offers no validator to ask with or asking is off."""
        assert self.cache is not None
        if not self.cache.is_fresh(entry, self.config.max_age):
            return False
        return not (self.config.revalidate and _validators(entry))

    async def _limited(self, parsed: httpx.URL, work: Callable[[], Awaitable[_T]]) -> _T:
        # Host slot first, then a global slot, so a busy host never holds global slots idle.
        host = self._hosts.setdefault(parsed.host, asyncio.Semaphore(self.config.per_host))
        async with host, self._global:
            return await work()

    async def _network(self, url: str, entry: CacheEntry | None) -> FetchResult:
        host = _server(httpx.URL(url))
        down = self._host_down.get(host, [])
        if len(down) >= self.config.host_failures:
            last = down[-1]
            return FetchFailed(
                url=url, status=last.status,
                message=f"not tried: {host} failed {len(down)} times in this run "
                f"(last: {last.message}); check the host or use --snapshot",
            )
        result = await self._attempt(url, entry)
        if isinstance(result, FetchFailed) and result.status in _HOST_DOWN:
            self._host_down.setdefault(host, []).append(result)
        if isinstance(result, FetchFailed) and result.http_status is not None:
            self._note_refusal(url, result)
        return result

    def _note_refusal(self, url: str, failed: FetchFailed) -> None:
        """The server answered and refused the page (404, 410, 5xx...): mark the cached
        copy, if any, so a later run that reads it (``--offline``) says so. Failures are
        not cached themselves; the copy stays, as the page may come back."""
        entry = self.cache.get(url) if self.cache is not None else None
        if self.cache is None or entry is None:
            return
        with contextlib.suppress(OSError):
            self.cache.put(replace(entry, last_failure=failed.status.value,
                                   last_failure_at=_now_iso()))

    async def _attempt(self, url: str, entry: CacheEntry | None) -> FetchResult:
        try:
            if self.config.respect_robots:
                await self._check_robots(url)
            response = await self._with_retries(url, entry)
        except _Failure as failure:
            return failure.result(url)
        except (httpx.HTTPError, OSError, UnicodeError) as exc:
            # A server misbehaving in a way not mapped above is still one source's problem.
            return _map_transport_error(exc, self.config.timeout).result(url)
        if response.not_modified and entry is not None:
            fetched = replace(_fetched_from_entry(entry, Origin.REVALIDATED),
                              fetched_at=_now_iso())
        else:
            fetched = response.to_fetched(url)
        await self._store(fetched, response.etag, response.last_modified)
        return fetched

    async def _store(self, fetched: Fetched, etag: str | None, last_modified: str | None) -> None:
        if self.cache is None:
            return
        private = await self._private(fetched.url, fetched.final_url)
        entry = CacheEntry(
            url=fetched.url,
            final_url=fetched.final_url,
            http_status=fetched.http_status,
            content_type=fetched.content_type,
            body=fetched.body,
            fetched_at=fetched.fetched_at,
            stored_at=self.cache.now(),
            etag=etag,
            last_modified=last_modified,
            archived_url=fetched.archived_url,
            private=private,
        )
        # A full or read-only cache must not lose a source we already have.
        with contextlib.suppress(OSError):
            self.cache.put(entry)

    async def _private(self, *urls: str) -> bool:
        """Whether content from these URLs may have come from a non-public address.

        Without ``allow_private`` every hop was checked public, so no. With it, the
        hosts are resolved again; an unresolvable host counts as private.
        """
        if not self.config.allow_private:
            return False
        for url in urls:
            host = httpx.URL(url).host
            addresses = _literal_addresses(host)
            if not addresses and self.real_network:
                try:
                    addresses = await _getaddrinfo(host, 443)
                except (OSError, UnicodeError):
                    return True
            if not all(_public(a) for a in addresses):
                return True
        return False

    async def _with_retries(self, url: str, entry: CacheEntry | None) -> _Response:
        conditional = _validators(entry)
        conditional_url = entry.final_url if entry is not None else url
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            try:
                async with asyncio.timeout(self.config.timeout * TOTAL_TIMEOUT_FACTOR):
                    return await self._follow(url, conditional, conditional_url)
            except TimeoutError:
                raise _Failure(
                    FetchStatus.TIMEOUT,
                    f"download took longer than {self._total_s()} s in total; "
                    "raise --timeout or use --snapshot",
                ) from None
            except _Failure as failure:
                if not failure.retryable or attempt == attempts - 1:
                    if failure.retryable and attempts > 1:
                        failure.message += f" (after {attempts} attempts)"
                    raise
                await asyncio.sleep(self._delay(attempt, failure.retry_after))
        raise AssertionError("unreachable")

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        return retry_delay(self.config, attempt, retry_after)

    def _total_s(self) -> str:
        return f"{self.config.timeout * TOTAL_TIMEOUT_FACTOR:g}"

    async def _follow(
        self, url: str, conditional: dict[str, str], conditional_url: str = "",
        *, cap: int | None = None,
    ) -> _Response:
        """One attempt: follow redirects by hand, checking every hop.

        ``conditional`` headers go only to ``conditional_url`` (the cached final
        URL), the resource their ETag / Last-Modified describe.
        """
        current = _parse_url(url)
        # A loop is a request repeated exactly: the same URL with the same cookies. A
        # consent or cookie-check redirect (A -> consent, which sets a cookie -> A) comes
        # back to A with a new cookie, which is progress; max_redirects bounds the rest.
        seen: set[tuple[str, str]] = set()
        jar = httpx.Cookies()
        for _hop in range(self.config.max_redirects + 1):
            await self._check_address(current)
            # Each hop is a fresh request: credentials exist only as userinfo in a URL,
            # which a relative redirect keeps and a redirect to another host cannot inherit.
            headers = dict(conditional) if str(current) == conditional_url else {}
            request = self._client(current).build_request("GET", current, headers=headers)
            jar.set_cookie_header(request)
            visit = (str(current), request.headers.get("cookie", ""))
            if visit in seen:
                raise _Failure(
                    FetchStatus.REDIRECT_LOOP,
                    f"redirect loop back to {current}; the site is misconfigured, "
                    "cite the final page instead",
                )
            seen.add(visit)
            response = await self._send(request)
            try:
                if "set-cookie" in response.headers:
                    jar.extract_cookies(response)
                location = _redirect_target(response)
                if location is None:
                    sent = conditional if str(current) == conditional_url else {}
                    return await self._finish(response, sent, cap)
            finally:
                await response.aclose()
            current = _next_hop(current, location)
        raise _Failure(
            FetchStatus.REDIRECT_LOOP,
            f"more than {self.config.max_redirects} redirects; cite the final page or "
            "raise --max-redirects",
        )

    async def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._client(request.url).send(request, stream=True)
        except httpx.HTTPError as exc:
            raise _map_transport_error(exc, self.config.timeout) from None
        except httpx.InvalidURL as exc:
            # httpx parses a redirect's Location itself before handing the response back.
            raise _Failure(
                FetchStatus.INVALID_URL,
                f"the server redirected to a URL that cannot be fetched ({exc}), such as a "
                "javascript:, mailto: or data: link; cite the final page instead",
            ) from None

    async def _finish(
        self, response: httpx.Response, conditional: dict[str, str], cap: int | None = None
    ) -> _Response:
        code = response.status_code
        final_url = str(response.request.url)
        if code == 304 and conditional:
            return _Response(
                final_url=final_url,
                http_status=code,
                content_type="",
                body=b"",
                etag=response.headers.get("etag") or conditional.get("If-None-Match"),
                last_modified=response.headers.get("last-modified")
                or conditional.get("If-Modified-Since"),
                not_modified=True,
            )
        if not 200 <= code < 300:
            raise _status_failure(response)
        content_type = response.headers.get("content-type", "")
        if content_type.lower().startswith(_BINARY_PREFIXES):
            raise _Failure(
                FetchStatus.UNSUPPORTED_TYPE,
                f"the source is {content_type.split(';')[0]}, not text; cite a page or a PDF",
                http_status=code,
            )
        if cap is None:
            body = await _read_capped(response, self.config.max_bytes, self.config.timeout)
        else:
            body = await _read_capped(response, cap, self.config.timeout, truncate=True)
        return _Response(
            final_url=final_url,
            http_status=code,
            content_type=content_type,
            body=body,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )

    async def _check_address(self, url: httpx.URL) -> None:
        """Refuse IP literals and localhost early; names are checked when connecting.

        On the real network the pinned backend resolves each name as it opens
        the connection and connects only to the addresses it checked, so a
        second, different DNS answer cannot slip through (DNS rebinding).
        """
        if self.config.allow_private:
            return
        _require_public(url.host, _literal_addresses(url.host))

    async def _check_robots(self, url: str) -> None:
        parsed = httpx.URL(url)
        key = f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"
        if key not in self._robots:
            self._robots[key] = asyncio.ensure_future(self._load_robots(key))
        parser = await asyncio.shield(self._robots[key])
        if parser is not None and not _robots_allow(parser, url):
            raise _Failure(
                FetchStatus.ROBOTS_DISALLOWED,
                "robots.txt disallows fetching this page; set respect_robots = false in "
                ".factcheck.toml (or leave out --respect-robots), or use --snapshot",
            )

    async def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's robots.txt, or None (allow everything) when it has none."""
        try:
            async with asyncio.timeout(self.config.timeout * TOTAL_TIMEOUT_FACTOR):
                response = await self._follow(f"{origin}/robots.txt", {}, cap=ROBOTS_MAX_BYTES)
        except (_Failure, TimeoutError, httpx.HTTPError, OSError, UnicodeError):
            return None  # no usable robots.txt: everything is allowed
        parser = urllib.robotparser.RobotFileParser()
        try:
            parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        except Exception:  # any fault in the file allows, as docs/fetching.md promises
            return None
        return parser

    async def _archived(self, url: str, failed: FetchFailed) -> FetchResult:
        if failed.status not in _DEAD:
            return failed
        try:
            api = _parse_url(str(httpx.URL(self.config.archive_api, params={"url": url})))
            # The archive is one more host: its lookups share its per-host limit.
            outcome = await self._limited(api, lambda: self._archive_lookup(api))
            if outcome is None:
                return _note(failed, "no archived copy found")
            snapshot, response = outcome
        except _Failure as failure:
            return _note(failed, f"the archive lookup failed too ({failure.message})")
        except (httpx.HTTPError, OSError, UnicodeError) as exc:
            return _note(failed, f"the archive lookup failed too ({type(exc).__name__})")
        fetched = response.to_fetched(url, archived_url=snapshot)
        await self._store(fetched, None, None)
        return fetched

    async def _archive_lookup(self, api: httpx.URL) -> tuple[str, _Response] | None:
        answer = await self._with_retries(str(api), None)
        snapshot = _closest_snapshot(answer.body)
        if snapshot is None:
            return None
        return snapshot, await self._with_retries(snapshot, None)


def _robots_allow(parser: urllib.robotparser.RobotFileParser, url: str) -> bool:
    """The parser's answer; a rule or URL it cannot handle allows (robots.txt is advice)."""
    try:
        return parser.can_fetch(ROBOTS_AGENT, url)
    except Exception:  # a third-party parser on hostile text: any failure means "allow"
        return True


def retry_delay(config: Config, attempt: int, retry_after: float | None) -> float:
    """Seconds before retry ``attempt + 1``: the server's Retry-After (capped), else
    exponential backoff with jitter, so parallel retries do not arrive together."""
    if retry_after is not None:
        return min(max(retry_after, 0.0), config.max_retry_after)
    base: float = config.retry_backoff * 2.0**attempt
    return min(base * random.uniform(0.5, 1.5), config.max_retry_after)


def _literal_addresses(host: str) -> list[_Address]:
    """The address of an IP literal or localhost; empty for other names."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return [ipaddress.ip_address("127.0.0.1")]
    return []


async def _getaddrinfo(host: str, port: int) -> list[_Address]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


async def _public_addresses(host: str, port: int) -> list[_Address]:
    """Every address ``host`` resolves to, or a ``blocked``/``dns_error`` failure."""
    addresses = _literal_addresses(host)
    if not addresses:
        try:
            addresses = await _getaddrinfo(host, port)
        except (OSError, UnicodeError) as exc:
            raise _Failure(
                FetchStatus.DNS_ERROR,
                f"the host name {host} could not be resolved ({exc}); check the URL for typos",
            ) from None
    _require_public(host, addresses)
    return list(dict.fromkeys(addresses))


def _require_public(host: str, addresses: list[_Address]) -> None:
    for address in addresses:
        if not _public(address):
            raise _Failure(
                FetchStatus.BLOCKED,
                f"{host} resolves to {address}, a non-public address; refused for safety "
                "(use --allow-private to fetch from local networks)",
            )


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections only to addresses that passed the safety check.

    The name is resolved here, every address is checked, and the socket is
    connected to a checked address (TLS still verifies the original host name).
    """

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await _public_addresses(host, port)
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise _Failure(FetchStatus.BLOCKED, "unix sockets are never used")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _note(failed: FetchFailed, note: str) -> FetchFailed:
    return replace(failed, message=f"{failed.message}; {note}")


def _closest_snapshot(body: bytes) -> str | None:
    """``archived_snapshots.closest.url`` from a Wayback availability answer."""
    try:
        data = json.loads(body)
        closest = data["archived_snapshots"]["closest"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(closest, dict) or closest.get("available") is False:
        return None
    url = closest.get("url")
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def _validators(entry: CacheEntry | None) -> dict[str, str]:
    if entry is None or entry.archived_url is not None:
        return {}
    headers = {}
    if entry.etag:
        headers["If-None-Match"] = entry.etag
    if entry.last_modified:
        headers["If-Modified-Since"] = entry.last_modified
    return headers


def _next_hop(current: httpx.URL, location: str) -> httpx.URL:
    try:
        joined = str(current.join(location))
    except (httpx.InvalidURL, TypeError, ValueError, UnicodeError) as exc:
        raise _Failure(
            FetchStatus.INVALID_URL, f"a redirect pointed to an invalid URL {location!r} ({exc})"
        ) from None
    return _parse_url(joined, hop=True)


def _parse_url(url: str, *, hop: bool = False) -> httpx.URL:
    where = "a redirect pointed to" if hop else "the URL is"
    scheme = unsupported_scheme(url)
    if scheme is not None:
        raise _Failure(FetchStatus.UNSUPPORTED_SCHEME,
                       f"unsupported URL scheme: {where} {scheme}:, only http and https "
                       "sources are fetched")
    try:
        parsed = httpx.URL(url.strip())
        # Each of these parses lazily and can fail: an IDNA host ("xn--a") on decoding,
        # a port outside 1-65535 only when a socket is opened.
        host, port = parsed.host, parsed.port
    except (httpx.InvalidURL, TypeError, ValueError, UnicodeError) as exc:
        raise _Failure(FetchStatus.INVALID_URL, f"{where} not a valid URL ({exc})") from None
    if parsed.scheme not in ("http", "https"):
        raise _Failure(FetchStatus.INVALID_URL, f"{where} not an http or https URL")
    if not host:
        raise _Failure(FetchStatus.INVALID_URL, f"{where} missing a host name")
    if port is not None and not 0 < port <= 65535:
        raise _Failure(FetchStatus.INVALID_URL, f"{where} using port {port}, outside 1-65535")
    return parsed


_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")


def unsupported_scheme(url: str) -> str | None:
    """The scheme of ``url`` when it has one other than http(s) (``file``, ``ftp``,
    ``javascript``, ``data``...), else None."""
    match = _SCHEME.match(url)
    if match is None:
        return None
    scheme = match.group(1).lower()
    # "localhost:8000/page" has no scheme, only a host and a port.
    if scheme in ("http", "https") or url[match.end():match.end() + 1].isdigit():
        return None
    return scheme


def _redirect_target(response: httpx.Response) -> str | None:
    if response.status_code not in _REDIRECTS:
        return None
    location: str | None = response.headers.get("location")
    if not location:
        raise _Failure(
            FetchStatus.HTTP_ERROR,
            f"HTTP {response.status_code} redirect without a Location header",
            http_status=response.status_code,
        )
    return location


def _public(address: _Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        if any(address in network for network in _REFUSED_V6):
            return False
        embedded = _embedded_ipv4(address)
        if embedded:
            # The packet really goes to this IPv4 host (through a translator, relay or
            # tunnel), so that address decides; Python's is_global passes most of these.
            return all(_public(inner) for inner in embedded)
    # is_global is False for loopback, private, link-local, shared and reserved ranges;
    # multicast is excluded separately because some multicast ranges count as global.
    return address.is_global and not address.is_multicast


def _embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address carries (mapped, NAT64, 6to4, Teredo, compatible)."""
    if address.ipv4_mapped is not None:
        return (address.ipv4_mapped,)
    if address.sixtofour is not None:
        return (address.sixtofour,)
    if address.teredo is not None:
        return address.teredo  # (server, client); both must be public
    if address in _NAT64 or address in _IPV4_COMPATIBLE:
        return (ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF),)
    return ()


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None if unusable.

    Total on any header text: ``str.isdigit`` is true for "²" and other non-ASCII
    digits that ``float`` refuses, and a date can be out of any datetime's range.
    """
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)  # a huge value is inf, which the retry delay caps
    try:
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def _status_failure(response: httpx.Response) -> _Failure:
    code = response.status_code
    reason = f"HTTP {code} {response.reason_phrase}".rstrip()
    match code:
        case 404:
            status, hint = FetchStatus.NOT_FOUND, "the page does not exist; fix or replace the link"
        case 410:
            status, hint = FetchStatus.GONE, "the page was removed; try --archive-fallback"
        case 401 | 403:
            status, hint = FetchStatus.FORBIDDEN, "access denied or paywalled; use --snapshot"
        case 429:
            return _Failure(
                FetchStatus.RATE_LIMITED,
                f"{reason}: rate limited; lower --concurrency or retry later",
                http_status=code,
                retryable=True,
                retry_after=_retry_after(response.headers.get("retry-after")),
            )
        case _ if code >= 500:
            return _Failure(
                FetchStatus.SERVER_ERROR,
                f"{reason}: the server failed; retry later or use --archive-fallback",
                http_status=code,
                retryable=True,
                retry_after=_retry_after(response.headers.get("retry-after")),
            )
        case _:
            status, hint = FetchStatus.HTTP_ERROR, "the server refused the request"
    return _Failure(status, f"{reason}: {hint}", http_status=code)


def _map_transport_error(exc: Exception, timeout: float) -> _Failure:
    """One httpx error → one status; connection failures are worth a retry."""
    if isinstance(exc, httpx.TimeoutException):
        return _Failure(
            FetchStatus.TIMEOUT,
            f"timed out after {timeout:g} s; raise --timeout or use --snapshot",
            retryable=isinstance(exc, httpx.ConnectTimeout),
        )
    if isinstance(exc, httpx.RemoteProtocolError) and "location header" in str(exc):
        # httpx parses the Location of every redirect before this module sees it.
        return _Failure(FetchStatus.INVALID_URL, f"a redirect pointed to an invalid URL ({exc})")
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return _Failure(FetchStatus.INVALID_URL, f"the URL cannot be fetched ({exc})")
    cause = _root_cause(exc)
    if isinstance(cause, UnicodeError):
        return _Failure(FetchStatus.INVALID_URL,
                        f"the host name is not a valid international name ({cause}); fix the URL")
    if isinstance(cause, socket.gaierror):
        return _Failure(
            FetchStatus.DNS_ERROR,
            f"the host name could not be resolved ({cause}); check the URL for typos",
        )
    if isinstance(cause, ssl.SSLError) or "SSL" in str(exc) or "CERTIFICATE" in str(exc):
        return _Failure(
            FetchStatus.TLS_ERROR,
            f"TLS handshake failed ({exc}); the site's certificate is invalid",
        )
    if isinstance(exc, httpx.ConnectError):
        return _Failure(
            FetchStatus.CONNECTION_ERROR,
            f"could not connect ({exc or cause}); the server may be down, retry later",
            retryable=True,
        )
    return _Failure(
        FetchStatus.CONNECTION_ERROR,
        f"the connection failed mid-response ({type(exc).__name__}: {exc}); retry later",
    )


def _root_cause(exc: BaseException) -> BaseException:
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        nxt = exc.__cause__ or exc.__context__
        if nxt is None:
            break
        exc = nxt
    return exc


async def _read_capped(
    response: httpx.Response, cap: int, timeout: float, *, truncate: bool = False
) -> bytes:
    """The decoded body, refused as soon as it passes ``cap`` bytes (after decompression);
    with ``truncate``, its first ``cap`` bytes instead."""
    if response.is_stream_consumed:
        # A response built in memory (an injected MockTransport) arrives already decoded.
        if len(response.content) > cap and not truncate:
            raise _too_large(cap, response.status_code)
        return response.content[:cap]
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    declared = response.headers.get("content-length", "")
    if encoding == "identity" and declared.isdigit() and int(declared) > cap and not truncate:
        raise _too_large(cap, response.status_code)
    chunks: list[bytes] = []
    total = 0
    try:
        async for chunk in _decoded(response.aiter_raw(), encoding, cap):
            total += len(chunk)
            if total > cap:
                if truncate:
                    chunks.append(chunk[: len(chunk) - (total - cap)])
                    break
                raise _too_large(cap, response.status_code)
            chunks.append(chunk)
    except zlib.error as exc:
        raise _Failure(
            FetchStatus.HTTP_ERROR,
            f"the {encoding} body is corrupt ({exc}); the server sent a broken response",
            http_status=response.status_code,
        ) from None
    except httpx.HTTPError as exc:
        raise _map_transport_error(exc, timeout) from None
    return b"".join(chunks)


def _too_large(cap: int, code: int) -> _Failure:
    return _Failure(
        FetchStatus.TOO_LARGE,
        f"the body is over {cap:,} bytes (after decompression); raise --max-bytes to accept it",
        http_status=code,
    )


async def _decoded(raw: AsyncIterator[bytes], encoding: str, cap: int) -> AsyncIterator[bytes]:
    """Decompress incrementally, never producing more than ``cap + 1`` bytes per call."""
    if encoding in ("identity", ""):
        async for chunk in raw:
            yield chunk
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise _Failure(
            FetchStatus.HTTP_ERROR,
            f"the server used content-encoding {encoding!r}, which was not requested",
        )
    decoder: Any = None
    head = b""
    async for chunk in raw:
        if decoder is None:
            # The zlib-or-raw choice reads two bytes, which may arrive in separate chunks.
            head += chunk
            if len(head) < 2:
                continue
            decoder, chunk = _decompressor(encoding, head), head
        data = decoder.decompress(chunk, cap + 1)
        yield data
        while decoder.unconsumed_tail:
            yield decoder.decompress(decoder.unconsumed_tail, cap + 1)
    if decoder is None and head:
        yield _decompressor(encoding, head).decompress(head, cap + 1)


def _decompressor(encoding: str, first: bytes) -> Any:
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    # "deflate" is zlib-wrapped by the standard, but some servers send raw deflate.
    zlib_header = len(first) >= 2 and (first[0] & 0x0F) == 8 and int.from_bytes(first[:2]) % 31 == 0
    return zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)


# --------------------------------------------------------------------------- snapshots


def save_snapshot(
    results: Mapping[str, FetchResult], directory: Path, *, keep: Sequence[dict[str, Any]] = ()
) -> None:
    """Write ``results`` as a snapshot: bodies named by SHA-256, then the manifest.

    ``keep`` are records of an existing manifest to carry over (``merge_plan``); a
    URL in both is written once, from ``results``.
    """
    bodies = directory / "bodies"
    now = _now_iso()
    sources = [r for r in keep if r.get("url") not in results]
    for url, result in results.items():
        match result:
            case Fetched():
                digest = sha256_hex(result.body)
                path = bodies / digest
                if not path.exists():
                    atomic_write(path, result.body)
                sources.append(_fetched_record(url, result, digest))
            case FetchFailed():
                sources.append(
                    {
                        "url": url,
                        "status": result.status.value,
                        "http_status": result.http_status,
                        "error": result.message,
                        "failed_at": now,
                    }
                )
    manifest = {"version": SNAPSHOT_VERSION, "created": now, "sources": sources}
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    atomic_write(directory / "manifest.json", text.encode("utf-8"))


def _fetched_record(url: str, result: Fetched, digest: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "url": url,
        "final_url": result.final_url,
        "fetched_at": result.fetched_at,
        "status": FetchStatus.OK.value,
        "http_status": result.http_status,
        "content_type": result.content_type,
        "sha256": digest,
        "bytes": len(result.body),
    }
    if result.archived_url is not None:
        record["archived_url"] = result.archived_url
    return record


def merge_plan(
    urls: Sequence[str], directory: Path, *, refresh: bool
) -> tuple[list[str], list[dict[str, Any]]]:
    """What ``factcheck fetch`` into ``directory`` must fetch, and which records it keeps.

    An existing snapshot is merged into, never silently replaced: its saved sources
    are kept (and not fetched again) unless ``refresh``; sources it recorded as
    failures are tried again. A directory without a manifest starts a new snapshot.
    """
    if not (directory / "manifest.json").exists():
        return list(urls), []
    records = [r for r in _read_manifest(directory)["sources"]
               if isinstance(r, dict) and isinstance(r.get("url"), str)]
    wanted = set(urls)
    saved = {r["url"] for r in records if r.get("status") == FetchStatus.OK.value}
    keep = [r for r in records if not (refresh and r["url"] in wanted)]
    todo = [u for u in urls if refresh or u not in saved]
    return todo, keep


def load_snapshot(directory: Path, max_bytes: int = 10_000_000) -> dict[str, FetchResult]:
    """Every source recorded in a snapshot; a missing body reads as ``not_in_snapshot``.

    Raises ``ConfigError`` when the directory holds no readable manifest, since
    the run cannot proceed without one. Bodies larger than ``max_bytes`` are not read.
    """
    manifest = _read_manifest(directory)
    results: dict[str, FetchResult] = {}
    for record in manifest["sources"]:
        if isinstance(record, dict) and isinstance(record.get("url"), str):
            url = record["url"]
            # A failure recorded before records carried their time is dated by the manifest.
            dated = {"failed_at": manifest.get("created"), **record}
            work = functools.partial(_record_result, dated, directory, max_bytes)
            results[url] = _isolated(url, work)
    return results


def _read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / "manifest.json"
    if not path.exists():
        hint = ("make one with `factcheck fetch DRAFT --snapshot " f"{directory}`"
                if directory.is_dir() or not directory.exists() else "give a snapshot folder")
        raise ConfigError(f"{directory} is not a snapshot (no manifest.json); {hint}")
    data = read_capped(path, MAX_MANIFEST_BYTES)
    if data is None:
        raise ConfigError(f"cannot read snapshot {path}: not a regular file, or larger than "
                          f"{MAX_MANIFEST_BYTES:,} bytes")
    try:
        manifest = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ConfigError(f"snapshot {path} is not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("version") != SNAPSHOT_VERSION:
        raise ConfigError(f"snapshot {path} is not a version {SNAPSHOT_VERSION} manifest")
    if not isinstance(manifest.get("sources"), list):
        raise ConfigError(f"snapshot {path} has no 'sources' list")
    return manifest


def _record_result(record: dict[str, Any], directory: Path, max_bytes: int) -> FetchResult:
    url: str = record["url"]
    try:
        status = FetchStatus(record.get("status", ""))
    except ValueError:
        status = FetchStatus.NOT_IN_SNAPSHOT
    if status is not FetchStatus.OK:
        return FetchFailed(
            url=url,
            status=status,
            message=_recorded_failure(record, status, directory),
            http_status=record.get("http_status"),
        )
    digest = record.get("sha256")
    # The digest names a file: only 64 hex digits, so it cannot be a path elsewhere.
    body = read_capped(directory / "bodies" / digest, max_bytes) if is_digest(digest) else None
    if body is None or sha256_hex(body) != digest:
        return FetchFailed(
            url=url,
            status=FetchStatus.NOT_IN_SNAPSHOT,
            message="the snapshot's body file is missing or damaged; re-create the snapshot",
        )
    return Fetched(
        url=url,
        final_url=str(record.get("final_url") or url),
        http_status=record.get("http_status"),
        content_type=str(record.get("content_type", "")),
        body=body,
        fetched_at=str(record.get("fetched_at", "")),
        origin=Origin.SNAPSHOT,
        archived_url=record.get("archived_url"),
    )


def _recorded_failure(record: dict[str, Any], status: FetchStatus, directory: Path) -> str:
    """A failure read back from a snapshot, said as one: what happened then, and when,
    without the live run's advice (retry later, raise --timeout, use --snapshot), which
    a snapshot run cannot follow; what to do is fetching into the snapshot again."""
    error = strip_controls(str(record.get("error") or ""))
    what = _without_advice(error) or status.value
    stamp = str(record.get("failed_at") or "")
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d.*Z", stamp):
        stamp = f"{stamp[:10]} {stamp[11:16]} UTC"
    at = f" ({stamp})" if stamp else ""
    what = f"when the snapshot was made{at}: {what}"
    again = f"'factcheck fetch DRAFT --snapshot {directory}'"
    if status in _LINK_FAULTS:
        todo = f"fix or replace the link, then run {again}"
    else:
        todo = f"to try it again, run {again} (recorded failures are fetched again)"
    return f"{what}; {todo}"


_LINK_FAULTS = frozenset({FetchStatus.NOT_FOUND, FetchStatus.GONE, FetchStatus.INVALID_URL,
                          FetchStatus.REDIRECT_LOOP, FetchStatus.UNSUPPORTED_SCHEME})
"""Recorded failures that fetching again will not cure: the link itself needs fixing."""


def _without_advice(message: str) -> str:
    """The first part of a failure message (``what: why``), before its first ``; advice``
    outside brackets, and the ``(after N attempts)`` note when there was one."""
    depth = 0
    for i, ch in enumerate(message):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and message.startswith("; ", i):
            head = message[:i]
            attempts = re.search(r" \(after \d+ attempts\)$", message)
            return head + (attempts.group() if attempts else "")
    return message


def _from_snapshot(
    urls: list[str], config: Config, progress: FetchProgress | None
) -> dict[str, FetchResult]:
    assert config.snapshot is not None
    recorded = load_snapshot(config.snapshot, config.max_bytes)
    results: dict[str, FetchResult] = {}
    for url in urls:
        result = _excluded(url, config) or recorded.get(url)
        if result is None:
            result = FetchFailed(
                url=url,
                status=FetchStatus.NOT_IN_SNAPSHOT,
                message=f"not in snapshot {config.snapshot}; re-create it with `factcheck fetch`",
            )
        results[url] = _report(progress, url, result)
    return results


# --------------------------------------------------------------------------- JSON APIs
#
# Model endpoints (an OpenAI-compatible chat-completions server) are called with the same
# rules as sources: timeouts per request and per attempt, retries of connection errors,
# 429 and 5xx with backoff and jitter honouring Retry-After up to a cap, a concurrency
# limit and a size cap on answers. Two differences, both deliberate: the endpoint is one
# the user named, so private and loopback addresses are allowed (a model server on this
# machine is the common case), and redirects are never followed, so a key sent in a
# header can only ever reach the address the user gave.


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiAnswer:
    """A 2xx answer from a JSON API, its body read under ``config.max_bytes``."""

    http_status: int
    body: bytes
    attempts: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiFailed:
    """The call failed, and why (the message says what to do); ``attempts`` were made."""

    status: FetchStatus
    message: str
    http_status: int | None = None
    attempts: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiSkipped:
    """The caller's gate refused an attempt (a budget ran out) before it was sent."""

    reason: str
    attempts: int = 0


ApiResult = ApiAnswer | ApiFailed | ApiSkipped
AttemptGate = Callable[[], str | None]
"""Asked before every attempt, retries included; a reason refuses the attempt."""


class JsonApi:
    """POST JSON to an endpoint the user named; use as ``async with JsonApi(...) as api``."""

    def __init__(
        self,
        config: Config,
        *,
        timeout: float,
        concurrency: int,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config
        self.timeout = timeout
        self._concurrency = concurrency
        self._transport = transport
        self._slots: asyncio.Semaphore | None = None
        self._http: httpx.AsyncClient | None = None

    async def __aenter__(self) -> JsonApi:
        self._slots = asyncio.Semaphore(self._concurrency)
        tls: ssl.SSLContext | bool = True
        if self._transport is None:
            import certifi

            tls = ssl.create_default_context(cafile=certifi.where())
        self._http = httpx.AsyncClient(
            transport=self._transport,
            verify=tls,
            timeout=httpx.Timeout(self.timeout, pool=None),
            limits=httpx.Limits(max_connections=None,
                                max_keepalive_connections=self._concurrency),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json",
                     "Accept-Encoding": "gzip, deflate"},
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._http is not None:
            await self._http.aclose()

    async def post(
        self,
        url: str,
        payload: Any,
        headers: Mapping[str, str],
        gate: AttemptGate | None = None,
    ) -> ApiResult:
        """One call, retried as the fetcher retries; never raises for a bad answer."""
        assert self._slots is not None, "use JsonApi as an async context manager"
        attempts = self.config.retries + 1
        async with self._slots:
            for attempt in range(attempts):
                refusal = gate() if gate is not None else None
                if refusal is not None:
                    return ApiSkipped(reason=refusal, attempts=attempt)
                try:
                    async with asyncio.timeout(self.timeout * TOTAL_TIMEOUT_FACTOR):
                        return await self._attempt(url, payload, headers, attempt + 1)
                except TimeoutError:
                    failure = _Failure(FetchStatus.TIMEOUT, self._timed_out())
                except _Failure as caught:
                    failure = caught
                if not failure.retryable or attempt == attempts - 1:
                    after = f" (after {attempt + 1} attempts)" if attempt else ""
                    return ApiFailed(status=failure.status, message=failure.message + after,
                                     http_status=failure.http_status, attempts=attempt + 1)
                await asyncio.sleep(retry_delay(self.config, attempt, failure.retry_after))
        raise AssertionError("unreachable")

    def _timed_out(self) -> str:
        return f"the endpoint did not answer within {self.timeout:g} s"

    async def _attempt(
        self, url: str, payload: Any, headers: Mapping[str, str], attempt: int
    ) -> ApiAnswer:
        assert self._http is not None
        try:
            request = self._http.build_request("POST", url, json=payload, headers=dict(headers))
            response = await self._http.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise self._transport_failure(exc) from None
        try:
            code = response.status_code
            if not 200 <= code < 300:
                raise await _api_status_failure(response)
            body = await _read_capped(response, self.config.max_bytes, self.timeout)
        except httpx.HTTPError as exc:
            raise self._transport_failure(exc) from None
        finally:
            await response.aclose()
        return ApiAnswer(http_status=code, body=body, attempts=attempt)

    def _transport_failure(self, exc: Exception) -> _Failure:
        failure = _map_transport_error(exc, self.timeout)
        if failure.status is FetchStatus.TIMEOUT:
            failure.message = self._timed_out()
        return failure


async def _api_status_failure(response: httpx.Response) -> _Failure:
    """A non-2xx answer of a JSON API as a status, quoting the server's own error text."""
    code = response.status_code
    reason = f"HTTP {code} {response.reason_phrase}".rstrip()
    detail = await _error_text(response)
    said = f" ({detail})" if detail else ""
    retry_after = _retry_after(response.headers.get("retry-after"))
    match code:
        case 429:
            return _Failure(FetchStatus.RATE_LIMITED, f"{reason}: rate limited{said}",
                            http_status=code, retryable=True, retry_after=retry_after)
        case _ if code >= 500:
            return _Failure(FetchStatus.SERVER_ERROR, f"{reason}: the server failed{said}",
                            http_status=code, retryable=True, retry_after=retry_after)
        case 401 | 403:
            return _Failure(FetchStatus.FORBIDDEN, f"{reason}: the endpoint refused the "
                            f"credentials{said}", http_status=code)
        case 404:
            return _Failure(FetchStatus.NOT_FOUND, f"{reason}: no such endpoint{said}",
                            http_status=code)
        case _ if code in _REDIRECTS:
            where = response.headers.get("location", "")
            return _Failure(FetchStatus.HTTP_ERROR, f"{reason}: the endpoint redirects to "
                            f"{where!r}; give that address instead (redirects are not "
                            "followed, so a key never goes elsewhere)", http_status=code)
        case _:
            return _Failure(FetchStatus.HTTP_ERROR, f"{reason}{said}", http_status=code)


_ERROR_TEXT_BYTES = 300
"""How much of an error answer is quoted: enough for "model not found", never a page."""


async def _error_text(response: httpx.Response) -> str:
    try:
        data = b""
        async for chunk in response.aiter_bytes():
            data += chunk
            if len(data) >= _ERROR_TEXT_BYTES:
                break
    except (httpx.HTTPError, zlib.error):
        return ""
    text = " ".join(data[:_ERROR_TEXT_BYTES].decode("utf-8", errors="replace").split())
    return strip_controls(text)
