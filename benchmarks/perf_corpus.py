"""Deterministic news-like drafts and source pages for the performance benchmark.

Everything is generated from a seed: invented organisations, places and people,
sentences built from a few dozen templates with numbers and dates, HTML pages
with the clutter real news pages carry (navigation, related links, scripts,
footer), and Markdown drafts whose claims restate, alter or invent what their
cited page says. The same seed always gives byte-identical drafts and pages,
so timings from different runs compare like with like.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

_SYLLABLE_TEXT = (
    "ar bel cor dan el fen gar hal ir jun kel lor mar nor ol pen quin ros sel tor ul vel "
    "wen yar zen bra cla dro fla gri kro pla sto tri vor"
)
_SYLLABLES = tuple(_SYLLABLE_TEXT.split())
_ORG_KINDS = (
    "Systems", "Labs", "Energy", "Health", "Motors", "Capital", "Foods", "Networks",
    "Logistics", "Pharma", "Robotics", "Airlines", "Bank", "Media", "Semiconductors",
)  # fmt: skip
_PRODUCTS = (
    "battery plant", "chip factory", "cloud region", "delivery drone", "electric bus",
    "language model", "wind farm", "ferry line", "payments app", "vaccine trial",
    "satellite network", "data centre", "rail link", "solar array", "fraud detector",
)  # fmt: skip
_ROLES = ("chief executive", "finance chief", "spokesperson", "head of research", "founder")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_UNITS = ("jobs", "customers", "vehicles", "megawatts", "stores", "employees", "users")
_VERBS = ("open", "launch", "expand", "close", "double", "sell", "build")
_REPORT = ("said", "announced", "confirmed", "told reporters", "wrote in a filing")

_TEMPLATES = (
    "{org} {report} on {day} that it would {verb} its {product} in {place} by {month} {year}.",
    "The {product} in {place} will cost {money} and employ about {count} people, {org} {report}.",
    "{person}, the {role} of {org}, {report} that revenue rose {pct} percent to {money} in {year}.",
    "{org} shares fell {pct} percent on {day} after the company cut its forecast for {year}.",
    "Regulators in {place} approved the {product} on {month} {date}, {year}, after a review.",
    "According to {person}, {org} now serves {count} {unit} across {small} countries.",
    "{org} was founded in {old} in {place} and is led by {person}.",
    "The company expects the {product} to reach {count} {unit} before the end of {year}.",
    "\"We are building the {product} because demand has never been higher,\" {person} said.",
    "Analysts at {org2} estimate that the market for a {product} will grow to {money} by {later}.",
    "{org} did not say how many {unit} it would need for the {product} in {place}.",
    "Last year {org} spent {money} on research, up from {money2} a year earlier.",
    "Unions in {place} have asked {org} to guarantee {count} {unit} for at least {small} years.",
    "The {product} is the largest of its kind in {place}, according to {org2}.",
)
_FILLER = (
    "Readers can follow the story as it develops.",
    "This article has been updated with comment from the company.",
    "The company declined to comment further.",
    "More details are expected in the coming weeks.",
    "The figures have not been independently verified.",
)
_NAV = ("Home", "World", "Business", "Technology", "Science", "Climate", "Opinion", "Sport")


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One generated source: its path on the server, title, sentences and HTML."""

    path: str
    title: str
    sentences: tuple[str, ...]
    html: str


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _slots(rng: random.Random, org: str, place: str, person: str) -> dict[str, str]:
    year = rng.randint(2019, 2027)
    return {
        "org": org,
        "org2": f"{_name(rng)} {rng.choice(_ORG_KINDS)}",
        "place": place,
        "person": person,
        "role": rng.choice(_ROLES),
        "report": rng.choice(_REPORT),
        "day": rng.choice(_DAYS),
        "verb": rng.choice(_VERBS),
        "product": rng.choice(_PRODUCTS),
        "month": rng.choice(_MONTHS),
        "date": str(rng.randint(1, 28)),
        "year": str(year),
        "later": str(year + rng.randint(2, 8)),
        "old": str(rng.randint(1950, 2015)),
        "money": f"${rng.randint(2, 950)} million",
        "money2": f"${rng.randint(2, 950)} million",
        "count": f"{rng.randint(2, 90) * 100:,}",
        "small": str(rng.randint(2, 12)),
        "pct": str(rng.randint(2, 40)),
        "unit": rng.choice(_UNITS),
    }


def _sentence(rng: random.Random, org: str, place: str, person: str) -> str:
    return rng.choice(_TEMPLATES).format(**_slots(rng, org, place, person))


def make_page(seed: int, index: int, sentences: int = 40) -> Page:
    """Source ``index``: an article of about ``sentences`` sentences in a cluttered page."""
    rng = random.Random(seed * 1_000_003 + index)
    org = f"{_name(rng)} {rng.choice(_ORG_KINDS)}"
    place, person = _name(rng, 3), f"{_name(rng)} {_name(rng, 3)}"
    body = [_sentence(rng, org, place, person) for _ in range(sentences)]
    body.insert(rng.randint(0, len(body)), rng.choice(_FILLER))
    title = f"{org} plans {rng.choice(_PRODUCTS)} in {place}"
    path = f"/news/{index:05d}-{org.lower().replace(' ', '-')}.html"
    return Page(path=path, title=title, sentences=tuple(body), html=_html(rng, title, body))


def _html(rng: random.Random, title: str, body: list[str]) -> str:
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in _NAV)
    paras: list[str] = []
    for i in range(0, len(body), 4):
        paras.append("<p>" + " ".join(body[i : i + 4]) + "</p>")
    related = "".join(
        f'<li><a href="/news/{rng.randint(0, 99999):05d}.html">{_name(rng)} '
        f"{rng.choice(_ORG_KINDS)} {rng.choice(_VERBS)}s {rng.choice(_PRODUCTS)}</a></li>"
        for _ in range(20)
    )
    script = "var cfg = {" + ",".join(f'"k{i}": {rng.randint(0, 9999)}' for i in range(600)) + "};"
    return (
        f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
        f"<script>{script}</script><style>body{{font-family:serif}} .nav li{{display:inline}}"
        f"</style></head><body><header><nav><ul class=\"nav\">{nav}</ul></nav></header>"
        f"<main><article><h1>{title}</h1><p class=\"byline\">By {_name(rng)} {_name(rng, 3)}, "
        f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.randint(2020, 2025)}</p>"
        f"{''.join(paras)}</article></main><aside><h2>Related</h2><ul>{related}</ul></aside>"
        "<footer><p>Subscribe to our newsletter. Terms. Privacy. Cookies.</p></footer>"
        "</body></html>"
    )


def big_page(seed: int, megabytes: float) -> Page:
    """One page of about ``megabytes`` MB of HTML (a long report or transcript)."""
    per_page = make_page(seed, 0, sentences=40)
    rng = random.Random(seed)
    org, place, person = "Norvel Energy", "Ostmark", "Ada Brennick"
    body: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        sentence = _sentence(rng, org, place, person)
        body.append(sentence)
        size += len(sentence) + 1
    title = f"{org} annual report"
    return Page(path=f"/big/{megabytes:g}.html", title=title, sentences=tuple(body),
                html=_html(rng, title, body).replace(per_page.title, title))


def _claim(rng: random.Random, page: Page, mode: str) -> str:
    """A claim about ``page``: restated, with a number changed, or invented."""
    sentence = rng.choice([s for s in page.sentences if s not in _FILLER])
    if mode == "alter":
        # Amounts and counts change; years stay plausible years.
        digits = [
            w for w in sentence.split()
            if w.lstrip("$")[:1].isdigit() and (w[0] == "$" or "," in w.rstrip(",."))
        ]
        if digits:
            word = rng.choice(digits)
            new = word.replace(word.lstrip("$")[0], str(int(word.lstrip("$")[0]) % 9 + 1), 1)
            return sentence.replace(word, new, 1)
    if mode == "invent":
        return _sentence(rng, _name(rng) + " Group", _name(rng, 3), _name(rng) + " " + _name(rng))
    return sentence


def make_draft(
    seed: int,
    claims: int,
    sources: int,
    base_url: str | Sequence[str],
    *,
    page_seed: int = 1,
    first_source: int = 0,
    reworded: bool = False,
) -> str:
    """A Markdown draft of ``claims`` cited sentences over ``sources`` distinct pages.

    Most claims restate their page; one in eight changes a number and one in
    sixteen is invented, so every verdict path of the matcher is exercised.
    ``reworded`` puts "also" after the first word of every claim, so none is stated
    word for word and the frame stage parses every claim, as with a paraphrasing writer.
    Sources ``first_source .. first_source + sources - 1`` are cited; drafts
    with overlapping ranges share sources, as a newsroom's drafts do. With
    several base URLs, page ``n`` is on host ``n % len(base_url)``.
    """
    bases = [base_url] if isinstance(base_url, str) else list(base_url)
    rng = random.Random(seed)
    pages = [make_page(page_seed, first_source + i) for i in range(sources)]
    lines = [f"# {rng.choice(_NAV)} briefing {seed}", ""]
    paragraph: list[str] = []
    for i in range(claims):
        ref = i % sources if i < sources else rng.randrange(sources)
        roll = rng.random()
        mode = "alter" if roll < 0.125 else "invent" if roll < 0.1875 else "restate"
        text = _claim(rng, pages[ref], mode).rstrip(".")
        if reworded:
            first, _, rest = text.partition(" ")
            text = f"{first} also {rest}"
        paragraph.append(f"{text} [{ref + 1}].")
        if len(paragraph) == 4:
            lines += [" ".join(paragraph), ""]
            paragraph = []
    if paragraph:
        lines += [" ".join(paragraph), ""]
    lines += ["## References", ""]
    for i, page in enumerate(pages):
        base = bases[(first_source + i) % len(bases)]
        lines.append(f"[{i + 1}] {page.title} — {base}{page.path}")
    return "\n".join(lines) + "\n"


def depot_draft(paragraphs: int = 250) -> str:
    """A draft of four short cited sentences a paragraph over 20 references: 1,000 claims
    and 68 KB by default; the parser's workload with nothing else in it."""
    sentence = "The {n}th depot in the valley shipped {k}% more crates in 2024 [{r}]."
    paras = [
        " ".join(
            sentence.format(n=4 * p + s, k=(p * s) % 90 + 1, r=(p + s) % 20 + 1) for s in range(4)
        )
        for p in range(paragraphs)
    ]
    refs = "\n".join(f"[{i}] Depot report {i} https://example.com/{i}" for i in range(1, 21))
    return "\n\n".join(paras) + "\n\n## References\n\n" + refs + "\n"


def long_report(paragraphs: int = 20_000) -> bytes:
    """A page of ``paragraphs`` numbered paragraphs in an article and a sidebar list of a
    tenth as many figures (which the main text leaves out): 1.6 MB by default."""
    rows = "".join(
        f"<p>Paragraph {i} of the long report says the ferry carried {i * 7} people.</p>"
        for i in range(paragraphs)
    )
    sidebar = "".join(f"<li>Sidebar {i}: {i * 3} tickets</li>" for i in range(paragraphs // 10))
    return f"<html><body><article>{rows}</article><ul>{sidebar}</ul></body></html>".encode()
