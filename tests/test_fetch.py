"""fetch.py against a real local server (tests/server.py) and, for pure logic, MockTransport."""

from __future__ import annotations

import json
import socket
import ssl
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from factcheck import __version__
from factcheck.config import Config
from factcheck.fetch import USER_AGENT, fetch_all, load_snapshot, save_snapshot
from factcheck.models import Fetched, FetchFailed, FetchResult, FetchStatus, Origin
from tests.server import FixtureServer


def fetch_one(url: str, config: Config, **kwargs: object) -> FetchResult:
    results = fetch_all([url], config, **kwargs)  # type: ignore[arg-type]
    assert list(results) == [url]
    return results[url]


def status_of(result: FetchResult) -> FetchStatus:
    return FetchStatus.OK if isinstance(result, Fetched) else result.status


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait the fetcher chose before a retry, in seconds, as it chose it.

    What a test of retries asserts instead of the wall-clock time the run took, so
    a busy machine cannot fail it.
    """
    from factcheck import fetch

    chosen: list[float] = []
    real = fetch.retry_delay

    def spy(config: Config, attempt: int, retry_after: float | None) -> float:
        chosen.append(real(config, attempt, retry_after))
        return chosen[-1]

    monkeypatch.setattr(fetch, "retry_delay", spy)
    return chosen


# --------------------------------------------------------------------------- statuses


def test_plain_page_is_fetched(fixture_server: FixtureServer, fetch_config: Config) -> None:
    url = fixture_server.url("/pages/plain.html")
    result = fetch_one(url, fetch_config)
    assert isinstance(result, Fetched)
    assert result.final_url == url
    assert result.http_status == 200
    assert result.content_type.startswith("text/html")
    assert b"solar-powered ferry" in result.body
    assert result.fetched_at.endswith("Z")
    assert not result.from_cache


def test_each_distinct_url_is_fetched_once(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    url = fixture_server.url("/flaky/once")  # 500 on a second request would show up
    before = fixture_server.count("/flaky/once")
    results = fetch_all([url, url, url], replace(fetch_config, retries=0))
    assert list(results) == [url]
    assert fixture_server.count("/flaky/once") == before + 1


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (404, FetchStatus.NOT_FOUND),
        (410, FetchStatus.GONE),
        (401, FetchStatus.FORBIDDEN),
        (403, FetchStatus.FORBIDDEN),
        (418, FetchStatus.HTTP_ERROR),
        (400, FetchStatus.HTTP_ERROR),
        (500, FetchStatus.SERVER_ERROR),
        (503, FetchStatus.SERVER_ERROR),
        (429, FetchStatus.RATE_LIMITED),
    ],
)
def test_http_status_codes_map_to_statuses(
    fixture_server: FixtureServer, fetch_config: Config, code: int, status: FetchStatus
) -> None:
    result = fetch_one(fixture_server.url(f"/status/{code}"), fetch_config)
    assert isinstance(result, FetchFailed)
    assert result.status is status
    assert result.http_status == code
    assert result.message


def test_slow_page_times_out(
    fixture_server: FixtureServer, fetch_config: Config, waits: list[float]
) -> None:
    result = fetch_one(fixture_server.url("/slow?s=3"), replace(fetch_config, timeout=0.3))
    assert isinstance(result, FetchFailed) and result.status is FetchStatus.TIMEOUT
    assert "timed out after 0.3 s" in result.message
    assert waits == []  # read timeouts are not retried (retries=2 would allow two more)


def test_trickling_body_hits_the_total_deadline(
    fixture_server: FixtureServer, fetch_config: Config, waits: list[float]
) -> None:
    # Each byte arrives well within the read timeout; only the total deadline stops it
    # (without it the 5 s trickle would end and the page be fetched).
    result = fetch_one(fixture_server.url("/trickle"), replace(fetch_config, timeout=0.3))
    assert isinstance(result, FetchFailed) and result.status is FetchStatus.TIMEOUT
    assert "longer than 0.9 s in total" in result.message
    assert waits == []


def test_server_error_then_success_is_retried(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    result = fetch_one(fixture_server.url("/flaky/retry"), fetch_config)
    assert status_of(result) is FetchStatus.OK
    assert fixture_server.count("/flaky/retry") == 2


def test_persistent_server_error_gives_up_after_the_retries(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    before = fixture_server.count("/status/502")
    result = fetch_one(fixture_server.url("/status/502"), replace(fetch_config, retries=3))
    assert status_of(result) is FetchStatus.SERVER_ERROR
    assert fixture_server.count("/status/502") == before + 4


def test_no_retry_when_retries_is_zero(fixture_server: FixtureServer, fetch_config: Config) -> None:
    result = fetch_one(fixture_server.url("/flaky/noretry"), replace(fetch_config, retries=0))
    assert status_of(result) is FetchStatus.SERVER_ERROR
    assert fixture_server.count("/flaky/noretry") == 1


def test_retry_after_is_honoured_up_to_the_cap(
    fixture_server: FixtureServer, fetch_config: Config, waits: list[float]
) -> None:
    # The server asks for 1 s; the cap of 0.3 s is what must be waited, no less, no more.
    start = time.monotonic()
    result = fetch_one(
        fixture_server.url("/ratelimited/cap"), replace(fetch_config, max_retry_after=0.3)
    )
    elapsed = time.monotonic() - start
    assert status_of(result) is FetchStatus.OK
    assert fixture_server.count("/ratelimited/cap") == 2
    assert waits == [0.3]
    assert elapsed >= 0.3  # the wait is really waited (a busy machine only adds to it)


def test_redirect_chain_records_the_final_url(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    result = fetch_one(fixture_server.url("/redirect/4"), fetch_config)
    assert isinstance(result, Fetched)
    assert result.url == fixture_server.url("/redirect/4")
    assert result.final_url == fixture_server.url("/pages/plain.html")


def test_redirect_loop_is_detected(fixture_server: FixtureServer, fetch_config: Config) -> None:
    result = fetch_one(fixture_server.url("/loop/a"), fetch_config)
    assert status_of(result) is FetchStatus.REDIRECT_LOOP


def test_cookie_consent_redirect_back_to_the_page_is_not_a_loop(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    url = fixture_server.url("/consent/article")
    before = fixture_server.count("/consent/article")
    result = fetch_one(url, replace(fetch_config, use_cache=False))
    assert isinstance(result, Fetched)
    assert result.final_url == url
    assert b"<p" in result.body
    # A -> consent -> A (now with the cookie): two visits to A, no more.
    assert fixture_server.count("/consent/article") - before == 2


def test_consent_redirect_still_counts_against_max_redirects(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    config = replace(fetch_config, use_cache=False, max_redirects=1)
    result = fetch_one(fixture_server.url("/consent/other"), config)
    assert status_of(result) is FetchStatus.REDIRECT_LOOP


def test_a_redirect_loop_that_sets_the_same_cookie_is_still_a_loop(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    # /consent/accept redirecting to itself: the second visit adds the cookie, the third
    # would repeat the second exactly, so it is caught long before max_redirects.
    before = fixture_server.count("/consent/accept")
    url = fixture_server.url("/consent/accept?back=self")
    result = fetch_one(url, replace(fetch_config, use_cache=False, max_redirects=10))
    assert status_of(result) is FetchStatus.REDIRECT_LOOP
    assert fixture_server.count("/consent/accept") - before == 2


def test_too_many_redirects(fixture_server: FixtureServer, fetch_config: Config) -> None:
    result = fetch_one(fixture_server.url("/redirect/5"), replace(fetch_config, max_redirects=3))
    assert status_of(result) is FetchStatus.REDIRECT_LOOP
    result = fetch_one(fixture_server.url("/redirect/3"), replace(fetch_config, max_redirects=3))
    assert status_of(result) is FetchStatus.OK


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_body_over_the_cap_is_too_large(
    fixture_server: FixtureServer, fetch_config: Config, path: str
) -> None:
    result = fetch_one(fixture_server.url(path), fetch_config)
    assert status_of(result) is FetchStatus.TOO_LARGE
    larger = fetch_one(fixture_server.url(path), replace(fetch_config, max_bytes=3_000_000))
    assert status_of(larger) is FetchStatus.OK


def test_gzip_bomb_stops_at_the_cap(fixture_server: FixtureServer, fetch_config: Config) -> None:
    # ~50 KB on the wire, 50 MB decompressed: the cap counts decompressed bytes.
    result = fetch_one(fixture_server.url("/gzip-bomb"), replace(fetch_config, timeout=5.0))
    assert isinstance(result, FetchFailed)
    assert result.status is FetchStatus.TOO_LARGE


def test_gzip_page_is_decompressed(fixture_server: FixtureServer, fetch_config: Config) -> None:
    result = fetch_one(fixture_server.url("/gzip-page"), fetch_config)
    assert isinstance(result, Fetched)
    assert result.body == Path("fixtures/pages/plain.html").read_bytes()


def test_image_is_refused_before_download(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    result = fetch_one(fixture_server.url("/image.png"), fetch_config)
    assert status_of(result) is FetchStatus.UNSUPPORTED_TYPE


def test_connection_refused(fetch_config: Config) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch_one(f"http://127.0.0.1:{port}/", replace(fetch_config, retries=1))
    assert status_of(result) is FetchStatus.CONNECTION_ERROR


def _raising(exc: Exception) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return httpx.MockTransport(handler)


def test_dns_failure_maps_to_dns_error(fetch_config: Config) -> None:
    error = httpx.ConnectError("[Errno -2] Name or service not known")
    error.__cause__ = socket.gaierror(-2, "Name or service not known")
    result = fetch_one("http://no-such-host.test/", fetch_config, transport=_raising(error))
    assert status_of(result) is FetchStatus.DNS_ERROR


def test_tls_failure_maps_to_tls_error(fetch_config: Config) -> None:
    error = httpx.ConnectError("certificate verify failed")
    error.__cause__ = ssl.SSLCertVerificationError(1, "certificate verify failed")
    result = fetch_one("https://expired.test/", fetch_config, transport=_raising(error))
    assert status_of(result) is FetchStatus.TLS_ERROR


def test_one_bad_source_never_spoils_the_others(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    urls = [
        fixture_server.url("/pages/plain.html"),
        fixture_server.url("/status/404"),
        "not a url",
        "ftp://example.org/file",
        fixture_server.url("/loop/a"),
    ]
    results = fetch_all(urls, fetch_config)
    assert [status_of(results[u]) for u in urls] == [
        FetchStatus.OK,
        FetchStatus.NOT_FOUND,
        FetchStatus.INVALID_URL,
        FetchStatus.UNSUPPORTED_SCHEME,
        FetchStatus.REDIRECT_LOOP,
    ]


# --------------------------------------------------------------------------- politeness


def test_user_agent_names_tool_version_and_project(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    fetch_one(fixture_server.url("/pages/nav.html"), replace(fetch_config, use_cache=False))
    sent = fixture_server.headers_for("/pages/nav.html")[-1]["user-agent"]
    assert sent == USER_AGENT
    assert f"factcheck/{__version__}" in sent and "https://" in sent


def test_per_host_limit_is_respected(fixture_server: FixtureServer, fetch_config: Config) -> None:
    urls = [fixture_server.url(f"/concurrent?n={i}") for i in range(6)]
    fixture_server.reset_concurrency()
    results = fetch_all(urls, replace(fetch_config, per_host=2, timeout=2.0, use_cache=False))
    assert all(status_of(r) is FetchStatus.OK for r in results.values())
    assert fixture_server.max_in_flight == 2


def test_robots_txt_is_honoured_and_fetched_once(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    before = fixture_server.count("/robots.txt")
    config = replace(fetch_config, respect_robots=True)
    allowed = fixture_server.url("/pages/article.html")
    refused = fixture_server.url("/private/page")
    results = fetch_all([allowed, refused], config)
    assert status_of(results[allowed]) is FetchStatus.OK
    assert status_of(results[refused]) is FetchStatus.ROBOTS_DISALLOWED
    assert fixture_server.count("/robots.txt") == before + 1
    assert fixture_server.count("/private/page") == 0


def test_cookies_are_not_kept_between_sources(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    setter, echo = fixture_server.url("/set-cookie"), fixture_server.url("/echo")
    config = replace(fetch_config, concurrency=1, per_host=1, use_cache=False)
    results = fetch_all([setter, echo], config)
    echoed = results[echo]
    assert isinstance(echoed, Fetched)
    assert json.loads(echoed.body)["cookie"] is None


def test_credentials_do_not_follow_a_redirect_to_another_host(fetch_config: Config) -> None:
    seen: dict[str, str | None] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen[request.url.host] = request.headers.get("authorization")
        if request.url.host == "93.184.216.10":
            return httpx.Response(302, headers={"Location": "http://93.184.216.20/landing"})
        return httpx.Response(200, text="<p>landing</p>", headers={"Content-Type": "text/html"})

    config = replace(fetch_config, allow_private=False, use_cache=False)
    result = fetch_one(
        "http://reader:secret@93.184.216.10/start", config, transport=httpx.MockTransport(handler)
    )
    assert status_of(result) is FetchStatus.OK
    assert seen["93.184.216.10"] is not None and seen["93.184.216.10"].startswith("Basic ")
    assert seen["93.184.216.20"] is None


def test_excluded_urls_are_not_requested(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    url = fixture_server.url("/flaky/excluded")
    result = fetch_one(url, replace(fetch_config, exclude=(r"/flaky/exc",)))
    assert status_of(result) is FetchStatus.EXCLUDED
    assert fixture_server.count("/flaky/excluded") == 0


def test_progress_is_reported_once_per_distinct_url(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    events: list[tuple[str, object]] = []

    class Recorder:
        def start(self, total: int) -> None:
            events.append(("start", total))

        def advance(self, url: str, result: FetchResult) -> None:
            events.append(("advance", url))

    a, b = fixture_server.url("/pages/plain.html"), fixture_server.url("/status/404")
    fetch_all([a, b, a], fetch_config, progress=Recorder())
    assert events[0] == ("start", 2)
    assert sorted(events[1:]) == sorted([("advance", a), ("advance", b)])


# --------------------------------------------------------------------------- safety


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "[::1]", "10.1.2.3", "192.168.0.1", "169.254.169.254",
     "0.0.0.0", "[::ffff:127.0.0.1]", "224.0.0.1", "100.64.0.1",
     # IPv4 hidden in IPv6: NAT64, 6to4, IPv4-compatible; and site-local
     "[64:ff9b::7f00:1]", "[64:ff9b::a00:1]", "[2002:7f00:1::]", "[2002:a00:1::]",
     "[::7f00:1]", "[fec0::1]", "[64:ff9b:1::808:808]"],
)  # fmt: skip
def test_private_addresses_are_blocked_without_the_flag(host: str) -> None:
    result = fetch_one(f"http://{host}/", Config(use_cache=False, retries=0))
    assert status_of(result) is FetchStatus.BLOCKED


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("::ffff:127.0.0.1", False), ("::ffff:8.8.8.8", True),  # IPv4-mapped
        ("64:ff9b::7f00:1", False), ("64:ff9b::a00:1", False),  # NAT64 /96
        ("64:ff9b::c0a8:101", False), ("64:ff9b::808:808", True),
        ("64:ff9b:1::808:808", False),  # local-use NAT64 /48: refused outright
        ("2002:7f00:1::", False), ("2002:a00:1::1", False),  # 6to4
        ("2002:a9fe:a9fe::", False), ("2002:808:808::1", True),
        ("::7f00:1", False), ("::a00:1", False), ("::808:808", True),  # IPv4-compatible
        ("::1", False), ("::", False),
        # Teredo (server 65.54.227.120; client obfuscated in the low 32 bits)
        ("2001:0:4136:e378:8000:63bf:80ff:fefe", False),  # client 127.0.1.1
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # client 192.0.2.45
        ("fec0::1", False), ("fec0:1234::5", False), ("feff::1", False),  # site-local
        ("fe80::1", False), ("fc00::1", False), ("ff02::1", False),
        ("2606:4700::1111", True), ("8.8.8.8", True), ("10.0.0.1", False),
    ],
)  # fmt: skip
def test_public_unwraps_ipv4_embedded_in_ipv6(address: str, public: bool) -> None:
    import ipaddress

    from factcheck.fetch import _public

    assert _public(ipaddress.ip_address(address)) is public


def test_embedded_ipv4_is_found_in_every_ipv6_form() -> None:
    import ipaddress

    from factcheck.fetch import _embedded_ipv4

    def embedded(text: str) -> list[str]:
        return [str(a) for a in _embedded_ipv4(ipaddress.IPv6Address(text))]

    assert embedded("::ffff:10.1.2.3") == ["10.1.2.3"]
    assert embedded("64:ff9b::10.1.2.3") == ["10.1.2.3"]
    assert embedded("2002:a01:203::") == ["10.1.2.3"]
    assert embedded("::10.1.2.3") == ["10.1.2.3"]
    assert embedded("2001:0:4136:e378:8000:63bf:3fff:fdd2") == ["65.54.227.120", "192.0.2.45"]
    assert embedded("2606:4700::1111") == []


def test_loopback_server_is_blocked_without_allow_private(fixture_server: FixtureServer) -> None:
    before = fixture_server.count("/pages/plain.html")
    result = fetch_one(fixture_server.url("/pages/plain.html"), Config(use_cache=False))
    assert status_of(result) is FetchStatus.BLOCKED
    assert fixture_server.count("/pages/plain.html") == before


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1:9/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"]
)
def test_redirect_into_a_private_address_is_blocked(fetch_config: Config, target: str) -> None:
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(302, headers={"Location": target})

    config = replace(fetch_config, allow_private=False, use_cache=False)
    result = fetch_one(
        "http://93.184.216.7/article", config, transport=httpx.MockTransport(handler)
    )
    assert status_of(result) is FetchStatus.BLOCKED
    assert requested == ["http://93.184.216.7/article"]  # the private hop was never sent


def test_real_redirect_to_loopback_is_checked_on_the_hop(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    # With private addresses allowed the hop is followed; the per-hop check is what refuses it.
    target = fixture_server.url("/pages/plain.html")
    url = fixture_server.url(f"/redirect-to?url={target}")
    assert status_of(fetch_one(url, fetch_config)) is FetchStatus.OK
    hops: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hops.append(str(request.url))
        return httpx.Response(301, headers={"Location": target})

    config = replace(fetch_config, allow_private=False, use_cache=False)
    result = fetch_one("http://93.184.216.8/", config, transport=httpx.MockTransport(handler))
    assert status_of(result) is FetchStatus.BLOCKED
    assert hops == ["http://93.184.216.8/"]


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a", "javascript:alert(1)", "gopher://x/"]
)
def test_non_http_schemes_are_refused(url: str, fetch_config: Config) -> None:
    result = fetch_one(url, fetch_config)
    assert status_of(result) is FetchStatus.UNSUPPORTED_SCHEME
    assert isinstance(result, FetchFailed) and "unsupported URL scheme" in result.message


def test_redirect_to_a_file_url_is_refused(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    result = fetch_one(fixture_server.url("/redirect-to?url=file:///etc/passwd"), fetch_config)
    assert status_of(result) is FetchStatus.UNSUPPORTED_SCHEME


@pytest.mark.parametrize("url", ["not a url", "http://", "https:///path-only", ""])
def test_malformed_urls_are_invalid(url: str, fetch_config: Config) -> None:
    assert status_of(fetch_one(url, fetch_config)) is FetchStatus.INVALID_URL


# --------------------------------------------------------------------------- cache


def test_second_run_uses_the_cache_without_a_request(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    url = fixture_server.url("/flaky/cached")  # first request fails: retried once, then 200
    first = fetch_one(url, fetch_config)
    assert isinstance(first, Fetched) and not first.from_cache
    requests = fixture_server.count("/flaky/cached")
    second = fetch_one(url, fetch_config)
    assert isinstance(second, Fetched) and second.from_cache
    assert second.body == first.body
    assert fixture_server.count("/flaky/cached") == requests


def test_no_cache_fetches_again(fixture_server: FixtureServer, fetch_config: Config) -> None:
    url = fixture_server.url("/pages/article.html")
    config = replace(fetch_config, use_cache=False)
    fetch_one(url, config)
    before = fixture_server.count("/pages/article.html")
    fetch_one(url, config)
    assert fixture_server.count("/pages/article.html") == before + 1


def test_stale_entry_is_revalidated_with_etag(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    url = fixture_server.url("/etag")
    config = replace(fetch_config, max_age=0.0)
    first = fetch_one(url, config)
    assert isinstance(first, Fetched)
    time.sleep(0.01)
    second = fetch_one(url, config)
    assert isinstance(second, Fetched)
    assert second.body == first.body and second.from_cache
    sent = fixture_server.headers_for("/etag")[-1]
    assert sent.get("if-none-match") == '"v1"'


def test_revalidation_goes_to_the_final_url_of_a_redirect(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    url = fixture_server.url("/etag-moved")
    config = replace(fetch_config, max_age=0.0)
    first = fetch_one(url, config)
    assert isinstance(first, Fetched) and first.final_url == fixture_server.url("/etag")
    second = fetch_one(url, config)
    assert isinstance(second, Fetched) and second.from_cache
    assert "if-none-match" not in fixture_server.headers_for("/etag-moved")[-1]
    assert fixture_server.headers_for("/etag")[-1].get("if-none-match") == '"v1"'


def test_offline_uses_cache_and_reports_the_rest(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    cached = fixture_server.url("/pages/nav.html")
    fetch_one(cached, fetch_config)
    uncached = fixture_server.url("/flaky/offline")
    before = fixture_server.count("/pages/nav.html")
    results = fetch_all([cached, uncached], replace(fetch_config, offline=True, max_age=0.0))
    assert isinstance(results[cached], Fetched)
    assert status_of(results[uncached]) is FetchStatus.OFFLINE
    assert fixture_server.count("/pages/nav.html") == before
    assert fixture_server.count("/flaky/offline") == 0


def test_truncated_cached_body_is_never_read(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    url = fixture_server.url("/pages/article.html")
    fetch_one(url, fetch_config)
    assert fetch_config.cache_dir is not None
    for body in (fetch_config.cache_dir / "v2" / "bodies").iterdir():
        body.write_bytes(body.read_bytes()[:100])  # as if a run died mid-write
    before = fixture_server.count("/pages/article.html")
    again = fetch_one(url, fetch_config)
    assert isinstance(again, Fetched) and not again.from_cache
    assert b"Weekend plans" in again.body
    assert fixture_server.count("/pages/article.html") == before + 1


# --------------------------------------------------------------------------- archive


def test_dead_source_falls_back_to_the_archive(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    config = replace(
        fetch_config, archive_fallback=True, archive_api=fixture_server.url("/wayback")
    )
    url = fixture_server.url("/status/410")
    result = fetch_one(url, config)
    assert isinstance(result, Fetched)
    assert result.url == url
    assert result.archived_url is not None and "/archived/" in result.archived_url
    assert b"Library extends opening hours" in result.body


def test_no_archived_copy_keeps_the_original_status(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    config = replace(
        fetch_config, archive_fallback=True, archive_api=fixture_server.url("/wayback")
    )
    result = fetch_one(fixture_server.url("/status/404?no-archive"), config)
    assert status_of(result) is FetchStatus.NOT_FOUND
    before = fixture_server.count("/wayback")
    blocked = fetch_one(fixture_server.url("/image.png"), config)  # not dead: not looked up
    assert status_of(blocked) is FetchStatus.UNSUPPORTED_TYPE
    assert fixture_server.count("/wayback") == before


# --------------------------------------------------------------------------- snapshots


def test_snapshot_round_trip_opens_no_socket(
    fixture_server: FixtureServer,
    fetch_config: Config,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ok, gone = fixture_server.url("/pages/plain.html"), fixture_server.url("/status/404")
    pdf = fixture_server.url("/pdf")
    online = fetch_all([ok, gone, pdf], fetch_config)
    snapshot = tmp_path / "snap"
    save_snapshot(online, snapshot)

    manifest = json.loads((snapshot / "manifest.json").read_text())
    assert manifest["version"] == 1 and manifest["created"].endswith("Z")
    records = {r["url"]: r for r in manifest["sources"]}
    assert records[gone]["status"] == "not_found" and records[gone]["http_status"] == 404
    assert "error" in records[gone]
    digest = records[ok]["sha256"]
    assert (snapshot / "bodies" / digest).read_bytes() == Path(
        "fixtures/pages/plain.html"
    ).read_bytes()
    assert records[ok]["bytes"] == len((snapshot / "bodies" / digest).read_bytes())
    assert set(records[ok]) >= {"final_url", "fetched_at", "content_type", "http_status"}

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a socket was opened in snapshot mode")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    missing = fixture_server.url("/pages/article.html")
    offline = fetch_all([ok, gone, pdf, missing], replace(fetch_config, snapshot=snapshot))
    for url in (ok, pdf):
        assert isinstance(offline[url], Fetched)
        assert offline[url].body == online[url].body  # type: ignore[union-attr]
    # A recorded failure reads back as one: same status, what happened and when, and the
    # advice a snapshot run can follow (fix the link, fetch again), not the live run's.
    recorded = offline[gone]
    assert isinstance(recorded, FetchFailed) and isinstance(online[gone], FetchFailed)
    assert (recorded.status, recorded.http_status) == (FetchStatus.NOT_FOUND, 404)
    assert recorded.message.startswith(f"when the snapshot was made ({manifest['created'][:10]}")
    assert "HTTP 404" in recorded.message and f"--snapshot {snapshot}" in recorded.message
    assert status_of(offline[missing]) is FetchStatus.NOT_IN_SNAPSHOT
    assert load_snapshot(snapshot)[ok] == offline[ok]


def test_a_failure_read_from_a_snapshot_gives_no_live_run_advice(
    fixture_server: FixtureServer, fetch_config: Config, tmp_path: Path
) -> None:
    broken = fixture_server.url("/status/500?snapshot-advice=1")
    slow = fixture_server.url("/slow?s=2&snapshot-advice=1")
    online = fetch_all([broken, slow], replace(fetch_config, retries=0, timeout=0.3))
    assert all("retry later" in r.message or "use --snapshot" in r.message
               for r in online.values() if isinstance(r, FetchFailed))
    save_snapshot(online, tmp_path / "snap")
    offline = fetch_all([broken, slow], replace(fetch_config, snapshot=tmp_path / "snap"))
    for url, status in ((broken, FetchStatus.SERVER_ERROR), (slow, FetchStatus.TIMEOUT)):
        result = offline[url]
        assert isinstance(result, FetchFailed) and result.status is status
        assert "retry later" not in result.message
        assert "use --snapshot" not in result.message and "raise --timeout" not in result.message
        assert "when the snapshot was made" in result.message
        assert "factcheck fetch DRAFT --snapshot" in result.message


def test_snapshot_with_a_missing_body_reports_not_in_snapshot(
    fixture_server: FixtureServer, fetch_config: Config, tmp_path: Path
) -> None:
    url = fixture_server.url("/pages/nav.html")
    save_snapshot(fetch_all([url], fetch_config), tmp_path)
    for body in (tmp_path / "bodies").iterdir():
        body.unlink()
    result = fetch_one(url, replace(fetch_config, snapshot=tmp_path))
    assert status_of(result) is FetchStatus.NOT_IN_SNAPSHOT


def test_snapshot_without_manifest_cannot_run(tmp_path: Path) -> None:
    from factcheck.errors import ConfigError

    with pytest.raises(ConfigError):
        fetch_all(["http://example.org/"], Config(snapshot=tmp_path))


# --------------------------------------------------------------------------- hostile servers


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("hangup", FetchStatus.CONNECTION_ERROR),
        ("garbage", FetchStatus.CONNECTION_ERROR),
        ("short-body", FetchStatus.CONNECTION_ERROR),
        ("bad-location", FetchStatus.INVALID_URL),
        ("brotli", FetchStatus.HTTP_ERROR),
        ("bad-gzip", FetchStatus.HTTP_ERROR),
        ("huge-retry-after", FetchStatus.SERVER_ERROR),
        ("huge-header", FetchStatus.CONNECTION_ERROR),
        ("unicode-retry-after", FetchStatus.SERVER_ERROR),
        ("arabic-retry-after", FetchStatus.RATE_LIMITED),
        ("garbage-retry-after", FetchStatus.SERVER_ERROR),
    ],
)
def test_misbehaving_server_gets_a_status_not_a_crash(
    fixture_server: FixtureServer, fetch_config: Config, kind: str, status: FetchStatus,
    waits: list[float],
) -> None:
    result = fetch_one(fixture_server.url(f"/hostile/{kind}"), fetch_config)
    assert status_of(result) is status
    assert all(0 <= w <= fetch_config.max_retry_after for w in waits)  # a huge Retry-After
    if kind == "huge-retry-after":  # is capped, and each retry waits the cap
        assert waits == [fetch_config.max_retry_after] * fetch_config.retries


# --------------------------------------------------------------------------- pinned connections


def _resolving_to(address: str) -> object:
    async def fake_getaddrinfo(host: str, port: int) -> list[object]:
        import ipaddress

        return [ipaddress.ip_address(address)]

    return fake_getaddrinfo


def test_name_resolving_to_loopback_is_blocked_at_connect(
    fixture_server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck import fetch

    monkeypatch.setattr(fetch, "_getaddrinfo", _resolving_to("127.0.0.1"))
    before = fixture_server.count("/pages/article.html")
    url = f"http://innocent.example:{fixture_server.port}/pages/article.html"
    result = fetch_one(url, Config(use_cache=False, retries=0))
    assert status_of(result) is FetchStatus.BLOCKED
    assert fixture_server.count("/pages/article.html") == before


def test_connection_goes_to_the_checked_address(
    fixture_server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Treat loopback as public for this test only: the name is resolved once, checked,
    # and the socket is opened to that address while the Host header keeps the name.
    from factcheck import fetch

    monkeypatch.setattr(fetch, "_getaddrinfo", _resolving_to("127.0.0.1"))
    monkeypatch.setattr(fetch, "_public", lambda address: True)
    url = f"http://pinned.example:{fixture_server.port}/echo"
    result = fetch_one(url, Config(use_cache=False, retries=0))
    assert isinstance(result, Fetched)
    host_header = fixture_server.headers_for("/echo")[-1]["host"]
    assert host_header == f"pinned.example:{fixture_server.port}"


def test_unresolvable_name_is_a_dns_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck import fetch

    async def failing(host: str, port: int) -> list[object]:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(fetch, "_getaddrinfo", failing)
    result = fetch_one("http://nowhere.example/", Config(use_cache=False, retries=0))
    assert status_of(result) is FetchStatus.DNS_ERROR


def test_httpx_transport_still_has_the_pool_the_pinned_backend_replaces() -> None:
    assert hasattr(httpx.AsyncHTTPTransport(), "_pool")


def test_invalid_exclude_pattern_cannot_run() -> None:
    from factcheck.errors import ConfigError

    with pytest.raises(ConfigError):
        fetch_all(["http://example.org/"], Config(exclude=("([unclosed",)))


def test_archived_source_round_trips_through_a_snapshot(tmp_path: Path) -> None:
    archived = Fetched(
        url="https://example.org/dead",
        final_url="https://web.archive.org/web/2024/https://example.org/dead",
        http_status=200,
        content_type="text/html",
        body=b"<p>archived</p>",
        fetched_at="2026-01-01T00:00:00Z",
        archived_url="https://web.archive.org/web/2024/https://example.org/dead",
    )
    failed = FetchFailed(
        url="https://example.org/x", status=FetchStatus.TLS_ERROR, message="bad certificate"
    )
    save_snapshot({archived.url: archived, "https://example.org/x": failed}, tmp_path)
    loaded = load_snapshot(tmp_path)
    expected = replace(archived, origin=Origin.SNAPSHOT)
    assert loaded[archived.url] == expected
    again = loaded["https://example.org/x"]
    assert isinstance(again, FetchFailed) and again.status is FetchStatus.TLS_ERROR
    assert "bad certificate" in again.message and "when the snapshot was made" in again.message


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    from factcheck.fetch import _retry_after

    assert _retry_after("7") == 7.0
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    parsed = _retry_after(soon)
    assert parsed is not None and 25 <= parsed <= 31
    past = format_datetime(datetime.now(UTC) - timedelta(days=1), usegmt=True)
    assert _retry_after(past) == 0.0
    assert _retry_after("soon") is None
    assert _retry_after(None) is None


def _tls_server(tmp_path: Path, name: str) -> tuple[Any, Path]:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate for ``name``."""
    import shutil
    import subprocess
    import threading
    from http.server import HTTPServer

    from tests.server import _handler_for

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    state = FixtureServer()  # only for its routes; never started
    state.httpd.server_close()  # its own listener is not needed
    server = HTTPServer(("127.0.0.1", 0), _handler_for(state))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, cert


def test_self_signed_certificate_is_a_tls_error(tmp_path: Path, fetch_config: Config) -> None:
    server, _ = _tls_server(tmp_path, "127.0.0.1")
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/pages/plain.html"
        result = fetch_one(url, replace(fetch_config, retries=0))
    finally:
        server.shutdown()
        server.server_close()
    assert status_of(result) is FetchStatus.TLS_ERROR


def test_pinned_https_connection_still_verifies_the_host_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The socket goes to the checked address; the certificate must match the name.
    import certifi

    from factcheck import fetch

    server, cert = _tls_server(tmp_path, "pinned.example")
    monkeypatch.setattr(certifi, "where", lambda: str(cert))
    monkeypatch.setattr(fetch, "_getaddrinfo", _resolving_to("127.0.0.1"))
    monkeypatch.setattr(fetch, "_public", lambda address: True)
    port = server.server_address[1]
    try:
        good = fetch_one(f"https://pinned.example:{port}/pages/plain.html", Config(use_cache=False))
        bad = fetch_one(
            f"https://other.example:{port}/pages/plain.html", Config(use_cache=False, retries=0)
        )
    finally:
        server.shutdown()
        server.server_close()
    assert status_of(good) is FetchStatus.OK
    assert status_of(bad) is FetchStatus.TLS_ERROR


def test_a_unicode_digit_retry_after_costs_only_its_own_source(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    good = fixture_server.url("/pages/plain.html")
    bad = fixture_server.url("/hostile/unicode-retry-after")
    results = fetch_all([bad, good], replace(fetch_config, use_cache=False))
    assert status_of(results[bad]) is FetchStatus.SERVER_ERROR
    assert status_of(results[good]) is FetchStatus.OK


@pytest.mark.parametrize(
    "value",
    ["\u00b2", "\u0663", "\u00b2\u00b3", "1e309", "9" * 400, "-5", "inf", "nan", "1.5",
     "Mon, 99 Foo 99999 99:99:99 GMT", "Fri, 31 Dec 9999 23:59:59 +1400", ", , ,", "\x00"],
)  # fmt: skip
def test_retry_after_never_raises(value: str) -> None:
    from factcheck.fetch import _retry_after

    parsed = _retry_after(value)
    assert parsed is None or parsed >= 0.0


def test_retry_after_is_total_on_any_text() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from factcheck.fetch import _retry_after

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=40))
    def check(value: str) -> None:
        parsed = _retry_after(value)
        assert parsed is None or parsed >= 0.0

    check()


def test_a_bug_on_one_source_becomes_internal_error_for_that_source_only(
    fixture_server: FixtureServer, fetch_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck import fetch

    real_finish = fetch._Fetcher._finish

    async def buggy_finish(
        self: Any, response: httpx.Response, conditional: Any, cap: Any = None
    ) -> Any:
        if response.request.url.path == "/pages/article.html":
            raise RuntimeError("simulated bug")
        return await real_finish(self, response, conditional, cap)

    monkeypatch.setattr(fetch._Fetcher, "_finish", buggy_finish)
    good, bad = fixture_server.url("/pages/plain.html"), fixture_server.url("/pages/article.html")
    advanced: list[str] = []

    class Recorder:
        def start(self, total: int) -> None:
            pass

        def advance(self, url: str, result: FetchResult) -> None:
            advanced.append(url)

    config = replace(fetch_config, use_cache=False)
    results = fetch_all([bad, good], config, progress=Recorder())
    assert status_of(results[good]) is FetchStatus.OK
    failed = results[bad]
    assert isinstance(failed, FetchFailed)
    assert failed.status is FetchStatus.INTERNAL_ERROR
    assert "RuntimeError" in failed.message
    assert sorted(advanced) == sorted([bad, good])


def test_a_bug_reading_one_snapshot_record_spares_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck import fetch

    good = Fetched(
        url="https://example.org/good",
        final_url="https://example.org/good",
        http_status=200,
        content_type="text/html",
        body=b"<p>good</p>",
        fetched_at="2026-01-01T00:00:00Z",
    )
    bad = replace(good, url="https://example.org/bad", body=b"<p>bad</p>")
    save_snapshot({good.url: good, bad.url: bad}, tmp_path)
    real = fetch._record_result

    def buggy(record: dict[str, Any], directory: Path, max_bytes: int) -> FetchResult:
        if record["url"] == bad.url:
            raise KeyError("simulated bug")
        return real(record, directory, max_bytes)

    monkeypatch.setattr(fetch, "_record_result", buggy)
    results = fetch_all([bad.url, good.url], Config(snapshot=tmp_path))
    assert results[good.url] == replace(good, origin=Origin.SNAPSHOT)
    assert status_of(results[bad.url]) is FetchStatus.INTERNAL_ERROR


def test_a_bug_reading_one_cached_source_spares_the_others(
    fixture_server: FixtureServer, fetch_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck import fetch

    good, bad = fixture_server.url("/pages/plain.html"), fixture_server.url("/pages/article.html")
    assert all(isinstance(r, Fetched) for r in fetch_all([good, bad], fetch_config).values())
    real = fetch._fetched_from_entry

    def buggy(entry: Any) -> Fetched:
        if entry.url == bad:
            raise ValueError("simulated bug")
        return real(entry)

    monkeypatch.setattr(fetch, "_fetched_from_entry", buggy)
    results = fetch_all([good, bad], replace(fetch_config, offline=True))
    assert status_of(results[good]) is FetchStatus.OK
    assert status_of(results[bad]) is FetchStatus.INTERNAL_ERROR


def test_a_control_character_from_the_server_never_reaches_a_message(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    result = fetch_one(fixture_server.url("/hostile/c1-content-type"), fetch_config)
    assert isinstance(result, FetchFailed)
    assert result.status is FetchStatus.UNSUPPORTED_TYPE
    assert "video/" in result.message
    assert not any(0x00 <= ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in result.message)


# --------------------------------------------------------------------------- hints

# The options `factcheck check` has (or gains alongside these modules): a message may
# tell the user to use only these, or name a setting (``max_bytes in .factcheck.toml``).
CHECK_FLAGS = frozenset(
    {"--max-bytes", "--concurrency", "--per-host", "--retries", "--max-redirects",
     "--respect-robots", "--archive-fallback", "--exclude", "--max-age", "--timeout",
     "--allow-private", "--snapshot", "--offline", "--no-cache", "--cache-dir", "--refresh"}
)  # fmt: skip


def _flags_in_strings(path: Path) -> set[str]:
    import ast
    import re

    flags: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            flags.update(re.findall(r"(?<![\w-])--[a-z][a-z-]*", node.value))
    return flags


@pytest.mark.parametrize("module", ["fetch.py", "extract.py", "cache.py"])
def test_hints_name_only_flags_that_exist(module: str) -> None:
    path = Path(__file__).resolve().parent.parent / "factcheck" / module
    assert _flags_in_strings(path) <= CHECK_FLAGS


def test_the_hint_scan_finds_flags() -> None:
    # The scan itself must see a flag inside an f-string's literal part.
    path = Path(__file__).resolve().parent.parent / "factcheck" / "fetch.py"
    assert {"--max-bytes", "--timeout", "--snapshot"} <= _flags_in_strings(path)
