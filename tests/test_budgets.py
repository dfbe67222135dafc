"""Bounded by a mechanism, not a special case: what one hostile source, snapshot, cache
entry, robots.txt or draft path can cost a run, each through the real local server or
real files (found by an outside review of fetching and extraction, each reproduced)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from factcheck.cache import Cache, sha256_hex
from factcheck.config import Config
from factcheck.extract import extract
from factcheck.fetch import fetch_all, load_snapshot, save_snapshot
from factcheck.models import Document, Fetched, FetchFailed, FetchResult, FetchStatus
from tests.server import FixtureServer

ROOT = Path(__file__).resolve().parent.parent


def one(url: str, config: Config) -> FetchResult:
    return fetch_all([url], config)[url]


def finishes(work: Callable[[], Any], seconds: float = 30.0) -> Any:
    """``work()``'s result; fails (instead of hanging the suite) if it does not return."""
    box: list[tuple[Any, BaseException | None]] = []

    def run() -> None:
        try:
            box.append((work(), None))
        except BaseException as exc:  # handed back to the test thread below
            box.append((None, exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"still running after {seconds} s"
    result, error = box[0]
    if error is not None:
        raise error
    return result


# --------------------------------------------------------------------------- extraction


def test_a_page_of_unclosed_script_tags_extracts_without_stalling(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    # 320 KB of "<script>": the old fallback tag stripper took 106 s on it.
    fetched = one(fixture_server.url("/script-flood?kb=320"), fetch_config)
    assert isinstance(fetched, Fetched)
    result = extract(fetched, time_limit=20.0)
    assert not (isinstance(result, FetchFailed) and result.status is FetchStatus.TIMEOUT)


def _heavy_pdf(operators: int, pages: int) -> bytes:
    """A small PDF whose pages share one compressed content stream of many text operators."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    resources = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 9 Tf " + b"(x) Tj " * operators + b"ET")
    content = writer._add_object(stream.flate_encode())
    for _ in range(pages):
        page = writer.add_blank_page(width=200, height=200)
        page[NameObject("/Resources")] = resources
        page[NameObject("/Contents")] = content
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_no_source_keeps_extraction_past_its_deadline() -> None:
    # Read whole, this 5 KB PDF takes about a minute (20 pages sharing one stream).
    body = _heavy_pdf(operators=140_000, pages=20)
    assert len(body) < 200_000
    fetched = Fetched(url="https://example.org/heavy.pdf", final_url="https://example.org/h",
                      http_status=200, content_type="application/pdf", body=body)
    started = time.monotonic()
    result = extract(fetched, time_limit=1.0)
    elapsed = time.monotonic() - started
    assert isinstance(result, FetchFailed) and result.status is FetchStatus.TIMEOUT
    assert "extract_timeout" in result.message
    # Stopped at its deadline (about 1 s), not when the work ended: a third of the
    # minute is room for any busy machine.
    assert elapsed < 20.0


def test_the_deadline_restores_an_outer_timer() -> None:
    import signal

    from factcheck.extract import deadline

    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        with deadline(1.0):
            pass
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 5.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not fired


# --------------------------------------------------------------------------- snapshots, cache


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def test_snapshot_digests_are_names_not_paths(tmp_path: Path) -> None:
    good = Fetched(url="https://example.org/good", final_url="https://example.org/good",
                   http_status=200, content_type="text/html", body=b"<p>good</p>")
    save_snapshot({good.url: good}, tmp_path)
    bodies = tmp_path / "bodies"
    hexname = "a" * 64
    (bodies / hexname).symlink_to("/dev/zero")
    _fifo(bodies / ("b" * 64))
    big = b"x" * 2000
    (bodies / sha256_hex(big)).write_bytes(big)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    for name, digest in [("abs", "/etc/passwd"), ("dotdot", "../../../etc/passwd"),
                         ("devzero", hexname), ("fifo", "b" * 64), ("big", sha256_hex(big))]:
        manifest["sources"].append({"url": f"https://example.org/{name}", "status": "ok",
                                    "sha256": digest})
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    loaded = finishes(lambda: load_snapshot(tmp_path, max_bytes=1000))
    assert isinstance(loaded[good.url], Fetched)
    for name in ("abs", "dotdot", "devzero", "fifo", "big"):
        result = loaded[f"https://example.org/{name}"]
        assert isinstance(result, FetchFailed) and result.status is FetchStatus.NOT_IN_SNAPSHOT


def test_a_manifest_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    from factcheck.errors import ConfigError

    _fifo(tmp_path / "manifest.json")
    with pytest.raises(ConfigError, match="not a regular file"):
        finishes(lambda: load_snapshot(tmp_path))


def test_cache_entries_that_point_anywhere_read_as_misses(
    tmp_path: Path, fixture_server: FixtureServer, fetch_config: Config
) -> None:
    url = fixture_server.url("/pages/article.html")
    fetch_config = replace(fetch_config, timeout=10.0)
    assert isinstance(one(url, fetch_config), Fetched)
    assert fetch_config.cache_dir is not None
    cache = Cache(fetch_config.cache_dir)
    entry = next((cache.root / "entries").iterdir())
    meta = json.loads(entry.read_text())
    for digest in ("/dev/zero", "../../../../etc/passwd"):
        entry.write_text(json.dumps({**meta, "sha256": digest}))
        assert finishes(lambda: cache.get(url)) is None
    _fifo(cache.root / "bodies" / ("c" * 64))
    entry.write_text(json.dumps({**meta, "sha256": "c" * 64}))
    assert finishes(lambda: cache.get(url)) is None
    entry.unlink()
    _fifo(entry)
    assert finishes(lambda: cache.get(url)) is None


# --------------------------------------------------------------------------- robots.txt


@pytest.fixture
def robots_server() -> Any:
    server = FixtureServer().start()
    yield server
    server.stop()


def test_robots_faults_allow(robots_server: FixtureServer, fetch_config: Config) -> None:
    config = replace(fetch_config, respect_robots=True, use_cache=False, timeout=10.0)
    robots_server.robots = "User-agent: *\nCrawl-delay: \u00b2\nDisallow: /private/\n"
    plain = robots_server.url("/pages/plain.html")
    odd = f"http://u%5B@{robots_server.host}:{robots_server.port}/pages/plain.html"
    results = fetch_all([plain, odd], config)
    assert all(isinstance(r, Fetched) for r in results.values()), results


def test_robots_txt_is_read_only_up_to_its_cap(
    robots_server: FixtureServer, fetch_config: Config
) -> None:
    config = replace(fetch_config, respect_robots=True, use_cache=False, max_bytes=50_000_000,
                     timeout=10.0)
    filler = "".join(f"Disallow: /filler/{i}/\n" for i in range(40_000))  # ~900 KB
    robots_server.robots = ("User-agent: *\nDisallow: /private/\n" + filler
                            + "Disallow: /pages/\n")
    kept = one(robots_server.url("/private/x"), config)
    assert isinstance(kept, FetchFailed) and kept.status is FetchStatus.ROBOTS_DISALLOWED
    beyond = one(robots_server.url("/pages/plain.html"), config)
    assert isinstance(beyond, Fetched)  # the rule past 500 KiB is not read


# --------------------------------------------------------------------------- run budget


def test_the_run_deadline_bounds_every_source(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    config = replace(fetch_config, fetch_deadline=1.0, timeout=90.0, use_cache=False)
    urls = [fixture_server.url(f"/slow?s=60&deadline={i}") for i in range(3)]
    started = time.monotonic()
    results = fetch_all(urls, config)
    # The pages take a minute: ending in half of that (about 1 s here) is the deadline,
    # with room for any busy machine.
    assert time.monotonic() - started < 30.0
    for result in results.values():
        assert isinstance(result, FetchFailed) and result.status is FetchStatus.TIMEOUT
        assert "deadline" in result.message


def test_a_host_that_keeps_timing_out_is_not_tried_again(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    config = replace(fetch_config, timeout=0.3, retries=0, per_host=1, host_failures=2,
                     use_cache=False)
    before = fixture_server.count("/slow")
    urls = [fixture_server.url(f"/slow?s=1.5&breaker={i}") for i in range(8)]
    results = fetch_all(urls, config)
    statuses = [r.status for r in results.values() if isinstance(r, FetchFailed)]
    assert statuses == [FetchStatus.TIMEOUT] * 8
    untried = [r for r in results.values()
               if isinstance(r, FetchFailed) and r.message.startswith("not tried")]
    assert len(untried) == 6
    assert fixture_server.count("/slow") - before <= 2


# --------------------------------------------------------------------------- clear statuses


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/x", "http://127.0.0.1:-1/x",
                                 "http://127.0.0.1:0/x", "http://xn--a.com/"])
def test_impossible_ports_and_hosts_are_invalid_urls(url: str, fetch_config: Config) -> None:
    result = one(url, fetch_config)
    assert isinstance(result, FetchFailed) and result.status is FetchStatus.INVALID_URL


@pytest.mark.parametrize("target", ["javascript:alert(1)", "mailto:a@example.org",
                                    "data:text/html,hello"])
def test_a_redirect_to_another_scheme_is_a_clear_status(
    target: str, fixture_server: FixtureServer, fetch_config: Config
) -> None:
    result = one(fixture_server.url(f"/redirect-to?url={target}"), fetch_config)
    assert isinstance(result, FetchFailed)
    assert result.status in (FetchStatus.INVALID_URL, FetchStatus.UNSUPPORTED_SCHEME)
    assert "internal" not in result.message


def test_deflate_whose_first_chunk_is_one_byte(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    result = one(fixture_server.url("/hostile/deflate-split"),
                 replace(fetch_config, use_cache=False))
    assert isinstance(result, Fetched), result
    assert b"</html>" in result.body.lower()


@pytest.mark.parametrize("kind", ["utf8-as-latin1", "latin1-as-utf8"])
def test_a_page_whose_declared_charset_is_wrong_decodes_right(
    kind: str, fixture_server: FixtureServer, fetch_config: Config
) -> None:
    fetched = one(fixture_server.url(f"/lying-charset/{kind}"), fetch_config)
    assert isinstance(fetched, Fetched)
    document = extract(fetched)
    assert isinstance(document, Document)
    assert "café in São Paulo served crème brûlée" in document.text


def test_a_reference_with_another_scheme_is_an_unsupported_scheme(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    from tests.test_trust import fc

    refs = ["file:///etc/passwd", "ftp://example.org/a.txt", "javascript:alert(1)",
            "data:text/html,hello"]
    body = " ".join(f"Fact {n} is 1{n}0 boats [{n}]." for n in range(1, 5))
    body += "\n\n## References\n\n" + "".join(f"{n}. {u}\n" for n, u in enumerate(refs, 1))
    (tmp_path / "d.md").write_text(body)
    result = fc("check", str(tmp_path / "d.md"), "--cache-dir", str(tmp_path / "c"), "-f", "json")
    sources = json.loads(result.stdout)["sources"]
    assert [s["url"] for s in sources] == refs
    for source in sources:
        assert source["reason"] == "unsupported_scheme"
        assert "unsupported URL scheme" in source["error"]


# --------------------------------------------------------------------------- draft paths


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    return subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, timeout=60)


@pytest.mark.parametrize("kind", ["fifo", "devzero"])
def test_a_draft_that_is_a_device_or_fifo_is_refused(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "draft.md"
    if kind == "fifo":
        _fifo(path)
    else:
        path.symlink_to("/dev/zero")
    proc = _cli("check", str(path))
    assert proc.returncode == 2, proc.stderr
    assert "not a regular file" in proc.stderr and "Traceback" not in proc.stderr
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("The ferry carries 180 people [1].\n\n## References\n\n"
                                "1. https://example.org/a\n")
    (posts / "b.md").symlink_to(path)
    proc = _cli("claims", str(path))
    assert proc.returncode == 2


def test_a_check_ends_by_its_deadline_whatever_the_sources_serve(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    from typer.testing import CliRunner

    from factcheck import cli

    slow, trickle = fixture_server.url("/slow?s=120&e2e=1"), fixture_server.url("/trickle?e2e=1")
    (tmp_path / "d.md").write_text(
        "The ferry carries 180 people [1]. It sails at 9 am [2].\n\n## References\n\n"
        f"1. {slow}\n2. {trickle}\n")
    env = {k: None for k in os.environ if k.startswith("FACTCHECK_")}
    env.update(FACTCHECK_FETCH_DEADLINE="1.5", FACTCHECK_TIMEOUT="180", NO_COLOR="1")
    started = time.monotonic()
    result = CliRunner().invoke(cli.app, ["check", str(tmp_path / "d.md"), "--allow-private",
                                          "--no-cache", "-f", "json"], env=env)
    # Without the deadline the slow source alone takes 120 s (the trickle 5 s); with it the
    # check takes a few, spaCy's first load included: half of 120 s is room for a busy machine.
    assert time.monotonic() - started < 60.0
    assert result.exit_code == 1  # nothing could be checked: the gate fails, it does not hang
    data = json.loads(result.stdout)
    assert [s["reason"] for s in data["sources"]] == ["timeout", "timeout"]
    assert all("deadline" in s["error"] for s in data["sources"])


def test_a_dead_port_does_not_stop_a_live_port_of_the_same_host(
    fixture_server: FixtureServer, fetch_config: Config
) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on: connections are refused
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    config = replace(fetch_config, retries=0, concurrency=1, per_host=1, host_failures=2,
                     use_cache=False)
    dead = [f"http://127.0.0.1:{dead_port}/gone/{i}" for i in range(4)]
    live = [fixture_server.url(f"/pages/plain.html?breaker-port={i}") for i in range(3)]
    results = fetch_all(dead + live, config)
    assert all(isinstance(results[u], Fetched) for u in live), [results[u] for u in live]
    failed = [results[u] for u in dead]
    assert all(isinstance(r, FetchFailed) and r.status is FetchStatus.CONNECTION_ERROR
               for r in failed)
    untried = [r for r in failed if isinstance(r, FetchFailed) and "not tried" in r.message]
    assert untried and all(f"127.0.0.1:{dead_port}" in r.message for r in untried)
