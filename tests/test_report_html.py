"""HTML report: self-contained, escaped, every claim present; opened in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from factcheck.report import OutputFormat, get_reporter
from tests.report_fixtures import ALL_TEXTS, PARTIAL_TEXT, passing_report, rich_report


def render(report: object) -> str:
    return get_reporter(OutputFormat.HTML).render(report)  # type: ignore[arg-type]


def test_no_external_assets() -> None:
    page = render(rich_report())
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page


def test_everything_from_the_draft_is_escaped() -> None:
    page = render(rich_report())
    assert "<output>" not in page
    assert "&lt;output&gt;" in page and "&amp;" in page


def test_marks_unsupported_and_shared_words() -> None:
    page = render(rich_report())
    assert '<mark class="unsupported">256,000</mark>' in page
    assert '<mark class="unsupported">&lt;output&gt;</mark>' in page
    assert '<mark class="shared">window</mark>' in page


def test_one_article_per_claim_and_a_filter_per_present_verdict() -> None:
    page = render(rich_report())
    verdicts = re.findall(r'<article class="claim (\w+)" id="C\d" data-verdict="(\w+)"', page)
    assert len(verdicts) == 6
    assert [state for state, _ in verdicts].count("failing") == 2
    filters = re.findall(r'data-filter="(\w+)"', page)
    assert filters[:2] == ["all", "failing"] and set(filters[2:]) == {v for _, v in verdicts}
    assert "FAIL" in page and "PASS" in render(passing_report())


def test_only_http_urls_become_links() -> None:
    from dataclasses import replace

    report = rich_report()
    evil = replace(report.sources[0], url="javascript:alert(1)")
    page = render(replace(report, sources=(evil, *report.sources[1:])))
    assert 'href="javascript' not in page


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp / "profile"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def dom_text(dom: str) -> str:
    import html

    text = re.sub(r"<[^>]+>", "", dom)
    return " ".join(html.unescape(text).split())


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                    "(apt-get install chromium) so the HTML report cannot be opened in a browser")
def test_opens_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(rich_report()), encoding="utf-8")
    shot = tmp_path / "report.png"
    done = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert shot.is_file() and shot.stat().st_size > 10_000, done.stderr[-2000:]
    print(f"screenshot saved to {shot}")
    dumped = chromium(tmp_path, "--dump-dom", page.as_uri())
    text = dom_text(dumped.stdout)
    for claim in ALL_TEXTS:
        assert " ".join(claim.split()) in text
    assert PARTIAL_TEXT in text  # its <, & and quotes survived as text


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                    "(apt-get install chromium) so the HTML report cannot be opened in a browser")
def test_inline_script_filters_by_verdict(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(rich_report()), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri() + "#filter=not_supported").stdout
    articles = re.findall(r"<article[^>]*>", dom)
    assert len(articles) == 6
    shown = [a for a in articles if "hidden" not in a]
    assert len(shown) == 1 and 'data-verdict="not_supported"' in shown[0]
