"""Main-text extractors compared on WiCE-like pages and the fixture pages.

WiCE (shared/data/wice) gives each cited page as its list of sentences, with
the ones that support the claim marked. This script rebuilds each page as HTML
(title, headings, paragraphs, the page's own short menu lines as a nav list,
plus a synthetic header, cookie banner and footer) and asks each extractor for
its text. Figures:

- gold kept: share of gold supporting sentences found in the extracted text
  (the one that matters: evidence must never be dropped);
- other kept: share of the page's other sentences kept (lower means less
  boilerplate, but these are often real content too);
- ms/page.

Run from the repository root:

    PYTHONPATH=. python benchmarks/extract_bench.py [--pages 200] [--with PATH]

``--with PATH`` adds PATH to sys.path so extractors that are not project
dependencies (readability-lxml) can be measured without installing them.
Prints figures; never asserts them.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WICE = ROOT.parent / "shared" / "data" / "wice" / "claim_dev.jsonl"
for candidate in (WICE, Path("/work/shared/data/wice/claim_dev.jsonl")):
    if candidate.exists():
        WICE = candidate
        break

Extractor = Callable[[str], str]


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).lower().strip()


def wice_pages(limit: int) -> list[tuple[str, list[str], list[str]]]:
    """(html, gold sentences, other sentences) for up to ``limit`` distinct pages."""
    pages: list[tuple[str, list[str], list[str]]] = []
    seen: set[tuple[str, ...]] = set()
    with WICE.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            evidence: list[str] = row["evidence"]
            key = tuple(evidence[:3])
            if key in seen:
                continue
            seen.add(key)
            gold_ids = {i for group in row["supporting_sentences"] for i in group}
            # Sentence 0 is WiCE's "(meta data) TITLE:" line; every extractor keeps the title.
            gold = [evidence[i] for i in sorted(gold_ids) if 0 < i < len(evidence)]
            other = [s for i, s in enumerate(evidence[1:], 1) if i not in gold_ids]
            pages.append((_page(evidence), gold, other))
            if len(pages) >= limit:
                break
    return pages


def _page(evidence: list[str]) -> str:
    title = evidence[0].removeprefix("(meta data) TITLE:").strip()
    body: list[str] = []
    menu: list[str] = []
    for sentence in evidence[1:]:
        text = html.escape(sentence)
        if sentence.startswith("#"):
            body.append(f"<h2>{html.escape(sentence.lstrip('# '))}</h2>")
        elif len(sentence.split()) <= 3 and not sentence.endswith("."):
            menu.append(f'<li><a href="/{len(menu)}">{text}</a></li>')
            continue
        else:
            body.append(f"<p>{text}</p>")
        if menu:
            body.insert(-1, f"<nav><ul>{''.join(menu)}</ul></nav>")
            menu = []
    header = (
        '<header><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a>'
        ' <a href="/contact">Contact</a></header><div class="cookies">This site uses cookies.'
        " <button>OK</button></div>"
    )
    footer = "<footer><p>Copyright. All rights reserved.</p><a href='/privacy'>Privacy</a></footer>"
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head><body>{header}"
        f"<main><article>{''.join(body)}</article></main>{footer}</body></html>"
    )


def extractors() -> dict[str, Extractor]:
    import trafilatura

    from factcheck.extract import html_document

    found: dict[str, Extractor] = {
        "factcheck cascade": lambda page: html_document(page).text,
        "trafilatura": lambda page: trafilatura.extract(page, include_comments=False) or "",
        "trafilatura recall": lambda page: (
            trafilatura.extract(page, include_comments=False, favor_recall=True) or ""
        ),
        "visible text (lxml)": _visible,
    }
    try:
        import justext

        stop = justext.get_stoplist("English")
        found["justext"] = lambda page: "\n".join(
            p.text for p in justext.justext(page.encode(), stop) if not p.is_boilerplate
        )
    except ImportError:
        pass
    try:
        from lxml.html import fromstring
        from readability import Document as Readable

        found["readability-lxml"] = lambda page: fromstring(
            Readable(page).summary() or "<p></p>"
        ).text_content()
    except ImportError:
        pass
    return found


def _visible(page: str) -> str:
    from factcheck.extract import _visible as visible

    return "\n".join(visible(page)[1])


def measure(name: str, extract: Extractor, pages: list[tuple[str, list[str], list[str]]]) -> None:
    gold_hits = gold_total = other_hits = other_total = 0
    start = time.perf_counter()
    for page, gold, other in pages:
        text = _norm(extract(page))
        gold_hits += sum(_norm(s) in text for s in gold)
        gold_total += len(gold)
        other_hits += sum(_norm(s) in text for s in other)
        other_total += len(other)
    ms = (time.perf_counter() - start) * 1000 / len(pages)
    print(
        f"{name:<20} {gold_hits / max(gold_total, 1):>9.1%} "
        f"{other_hits / max(other_total, 1):>11.1%} {ms:>8.1f}"
    )


def fixtures(found: dict[str, Extractor]) -> None:
    checks = {
        "plain.html": ("solar-powered ferry line on Monday", "All rights reserved"),
        "article.html": ("310,000 dollar grant", "Sign up for our newsletter"),
        "nav.html": ("The bridge reopened on 3 May", None),
    }
    print("\nfixture pages: [main sentence kept / boilerplate dropped]")
    for name, extract in found.items():
        cells = []
        for page, (needle, junk) in checks.items():
            text = _norm(extract((ROOT / "fixtures" / "pages" / page).read_text()))
            kept = "kept" if _norm(needle) in text else "LOST"
            dropped = "" if junk is None else ("/dropped" if _norm(junk) not in text else "/kept")
            cells.append(f"{page.split('.')[0]}: {kept}{dropped}")
        print(f"{name:<20} {'  '.join(cells)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--with", dest="extra", action="append", default=[])
    args = parser.parse_args()
    sys.path[1:1] = args.extra
    pages = wice_pages(args.pages)
    found = extractors()
    print(f"{len(pages)} WiCE-like pages")
    print(f"{'extractor':<20} {'gold kept':>9} {'other kept':>11} {'ms/page':>8}")
    for name, extract in found.items():
        measure(name, extract, pages)
    fixtures(found)


if __name__ == "__main__":
    main()
