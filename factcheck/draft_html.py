"""HTML drafts (a CMS export) -> Markdown with the source position of every character.

A CMS export is a whole page: site header, navigation, cookie banner, share
buttons, related stories and footer around one article. The article is what
is checked: when the page has ``<main>`` or ``<article>``, only their content
is read; everywhere, ``nav``/``header``/``footer``/``aside``/``form``,
scripts, and blocks whose role, class or id name page furniture (cookie,
newsletter, share, related, most-read, right-rail, ...) are skipped, and so is
what a furniture heading ("Most read", "Related stories") introduces.

Citations as CMS editors write them become the markers ``claims.py`` reads:
``<sup><a href="#ref3">3</a></sup>``, ``<a href="#fn1">[1]</a>``,
``<sup>[2]</sup>`` and ``[n]`` typed in the text; a bare ``<sup>2</sup>``
after a unit that follows a number is a power (``62 km²``), not a citation.
The references are an ordered list of links; when no heading such as
"Sources" names it, the last ordered list whose every item carries a link is
taken as the References, and a References heading takes that one list only.
Other links in prose are kept as Markdown links ``[text](url)``.

Positions: the standard library's tokenizer (``html.parser``) reports the
line and column of every tag and text run, so each rendered character maps
back to its line and column in the HTML file (lxml reports only a line per
element). Character references (``&amp;``) count at their start.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from factcheck.errors import DraftError
from factcheck.rendered import MarkdownWriter, Rendered

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "form", "button",
                   "select", "textarea", "nav", "aside", "head", "title", "object", "canvas"})
# Page furniture, outside the article only: an article's own <header> holds its headline.
_SKIP_OUTSIDE_ARTICLE = frozenset({"header", "footer"})
_FURNITURE_WORDS = (
    "cookie cookies consent gdpr newsletter share sharing social related promo promotion advert "
    "advertisement ads ad subscribe subscription signup breadcrumb breadcrumbs comments comment "
    "sidebar menu nav navbar navigation paywall banner masthead toolbar popup modal"
)
# Furniture named in two words ("most-read", "read_next", "right-rail"): matched with the
# separators removed, so one class word ("read", "more", "rail") never names furniture alone.
_FURNITURE_COMPOUNDS = (
    "mostread mostpopular mostviewed mostshared mostemailed mostcommented readnext readmore "
    "morestories morenews moreon morefrom alsoread seealso youmayalsolike recommended "
    "recommendations popular trending toptrending topstories rightrail leftrail siderail "
    "outbrain taboola sponsored promoted teaser teasers"
)
_FURNITURE = frozenset(_FURNITURE_WORDS.split()) | frozenset(_FURNITURE_COMPOUNDS.split())
# Headings that introduce page furniture, not the article: the rest of their container
# (or, straight inside the article, everything up to the next heading of their level) is
# skipped, so a "Most read" list is never read as prose or as References.
_FURNITURE_HEADING = re.compile(
    r"(?:most\s+(?:read|popular|viewed|shared|emailed|commented)(?:\s+\w+){0,2}"
    r"|(?:popular|trending)(?:\s+(?:now|today|stories|articles|posts|topics|this\s+week))?"
    r"|related(?:\s+(?:articles?|stor(?:y|ies)|coverage|content|reading|posts?|links|news|"
    r"videos?|topics))?"
    r"|(?:read|watch)\s+(?:next|more|this\s+next)|more\s+(?:stories|news|to\s+read|like\s+this"
    r"|from\s+.{1,60}|on\s+.{1,60})"
    r"|recommended(?:\s+(?:for\s+you|reading|stories|articles))?"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)(?:\s+\w+){0,2}"
    r"|(?:latest|top)\s+(?:news|stories|headlines)|editor['\u2019]?s['\u2019]?\s+picks?"
    r"|also\s+(?:read|on\s+.{1,60})|elsewhere\s+on\s+.{1,60}|newsletters?"
    r"|sign\s+up\s+for\s+.{1,60}|follow\s+us(?:\s+on\s+.{1,60})?)\s*:?",
    re.IGNORECASE,
)
# Elements whose end closes a heading's section of furniture.
_CONTAINERS = frozenset({"div", "section", "article", "main", "body", "figure", "details",
                         "blockquote", "header", "footer"})
_ARTICLE_LEVEL = frozenset({"article", "main", "body"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                              "dialog", "alert"})
_BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td",
                     "th", "dd", "dt", "figcaption", "caption", "section", "article", "main",
                     "body", "tr", "table", "ul", "ol", "dl", "br", "hr", "pre", "figure",
                     "address", "header", "footer", "details", "summary"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_CITATION_TEXT = re.compile(r"\[?\s*(\d{1,4}(?:\s*[,\u2013-]\s*\d{1,4})*|[a-z])\s*\]?")
_BACKLINK = frozenset({"\u21a9", "\u21a9\ufe0e", "\u2191", "^", "\u2934", "back"})
_DIRECTIVE = re.compile(r"\s*factcheck:", re.IGNORECASE)
_WS = re.compile(r"\s+")
_REFERENCE_HEADING = re.compile(
    r"(?:\d+\.?\s+)?(?:references?|sources?|notes|bibliography|works\s+cited|citations?|"
    r"footnotes?|endnotes|further\s+reading)\s*:?", re.IGNORECASE)


@dataclass(slots=True)
class _Block:
    kind: str
    """``p``, ``h1``..``h6``, ``li``, ``cell``."""
    origin: tuple[int, int]
    pieces: list[tuple[str, int, int, bool]] = field(default_factory=list)
    """(text, line, column, is prose) in order."""
    in_article: bool = False
    list_id: int | None = None
    number: int | None = None
    links: int = 0
    path: tuple[tuple[str, int], ...] = ()
    """The containers (tag, serial) the block sits in, outermost first."""
    depth: int = 0
    """How many lists the block is inside."""

    @property
    def plain(self) -> str:
        return "".join(p[0] for p in self.pieces)


@dataclass(slots=True)
class _List:
    ordered: bool
    next_number: int
    id: int


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[_Block] = []
        self.current: _Block | None = None
        self.skip: list[tuple[str, int]] = []
        self.article_depth = 0
        self.has_article = False
        self.lists: list[_List] = []
        self.list_count = 0
        self.kinds: list[str] = []
        self.link: tuple[str, list[tuple[str, int, int, bool]]] | None = None
        self.sup: list[tuple[str, int, int, bool]] | None = None
        self.sup_origin = (1, 1)
        self.pre = 0
        self.item: tuple[int | None, int] | None = None
        self.containers: list[tuple[str, int]] = []
        self.container_count = 0

    # -- structure -------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[-1][0] and tag not in _VOID:
                self.skip[-1] = (tag, self.skip[-1][1] + 1)
            return
        if self._furniture(tag, dict(attrs)):
            if tag not in _VOID:
                self.skip.append((tag, 1))
            return
        if tag in ("main", "article"):
            self.article_depth += 1
            self.has_article = True
        if tag in _BLOCKS:
            self.flush()
        if tag in _CONTAINERS:
            self.container_count += 1
            self.containers.append((tag, self.container_count))
        if tag in ("ul", "ol"):
            start = dict(attrs).get("start") or "1"
            self.list_count += 1
            number = int(start) if start.strip().isdigit() else 1
            self.lists.append(_List(ordered=tag == "ol", next_number=number, id=self.list_count))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre"):
            self.kinds.append(tag)
            if tag == "li" and self.lists:
                current = self.lists[-1]
                self.item = (current.next_number if current.ordered else None, current.id)
                current.next_number += current.ordered
        if tag == "pre":
            self.pre += 1
        elif tag == "a":
            self.link = (dict(attrs).get("href") or "", [])
        elif tag == "sup":
            self.sup, self.sup_origin = [], self.getpos()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            name, depth = self.skip[-1]
            if tag == name:
                self.skip[-1] = (name, depth - 1)
                if depth == 1:
                    self.skip.pop()
            return
        if tag == "a" and self.link is not None:
            self._end_link()
        elif tag == "sup" and self.sup is not None:
            self._end_sup()
        if tag in _BLOCKS:
            self.flush()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in self.kinds:
            while self.kinds and self.kinds.pop() != tag:
                pass
        if tag == "pre":
            self.pre = max(self.pre - 1, 0)
        elif tag in ("main", "article"):
            self.article_depth = max(self.article_depth - 1, 0)
        if tag in _CONTAINERS and any(t == tag for t, _ in self.containers):
            while self.containers.pop()[0] != tag:  # unclosed inner elements close too
                pass

    def _furniture(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if tag in _SKIP or (tag in _SKIP_OUTSIDE_ARTICLE and not self.article_depth):
            return True
        if (attrs.get("role") or "").lower() in _FURNITURE_ROLES:
            return True
        if attrs.get("hidden") is not None or attrs.get("aria-hidden") == "true":
            return True
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
        return any(_furniture_name(name) for name in names.split())

    # -- text ------------------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self.skip or self.pre:
            return
        line, col = self.getpos()
        self._add(data.replace(_LITERAL_LT, "<"), line, col + 1)

    def handle_entityref(self, name: str) -> None:
        self._ref(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._ref(f"&#{name};")

    def _ref(self, raw: str) -> None:
        if self.skip or self.pre:
            return
        line, col = self.getpos()
        text = html.unescape(raw)
        self._piece((" " if text.isspace() else text, line, col + 1, False))

    def handle_comment(self, data: str) -> None:
        if self.skip or not _DIRECTIVE.match(data):
            return
        # "<!-- factcheck: ignore -->" directives work as in Markdown drafts.
        line, col = self.getpos()
        self.flush()
        self.blocks.append(_Block(kind="comment", origin=(line, col + 1),
                                  pieces=[(f"<!--{data}-->", line, col + 1, False)],
                                  in_article=self.article_depth > 0))

    def _add(self, data: str, line: int, col: int) -> None:
        """Text with its whitespace collapsed as a browser shows it, positions tracked."""
        for match in re.finditer(r"\s+|\S+", data):
            run = match.group(0)
            if run.isspace():
                self._piece((" ", line, col, True))
                newlines = run.count("\n")
                if newlines:
                    line += newlines
                    col = len(run) - run.rfind("\n")
                else:
                    col += len(run)
            else:
                self._piece((run, line, col, True))
                col += len(run)

    def _piece(self, piece: tuple[str, int, int, bool]) -> None:
        if self.sup is not None:
            self.sup.append(piece)
        elif self.link is not None:
            self.link[1].append(piece)
        else:
            self._emit(piece)

    def _emit(self, piece: tuple[str, int, int, bool]) -> None:
        if self.current is None:
            if not piece[0].strip():
                return
            self.current = self._new_block(piece[1], piece[2])
        self.current.pieces.append(piece)

    def _new_block(self, line: int, col: int) -> _Block:
        kind = next((k for k in reversed(self.kinds)), "p")
        if kind == "li" and self.item is None:
            kind = "p"  # a second paragraph of the same list item
        block = _Block(kind="cell" if kind in ("td", "th") else kind, origin=(line, col),
                       in_article=self.article_depth > 0, path=tuple(self.containers),
                       depth=len(self.lists))
        if kind == "li" and self.item is not None:
            block.number, block.list_id = self.item
            self.item = None
        return block

    # -- links and superscripts ------------------------------------------------------------

    def _end_link(self) -> None:
        assert self.link is not None
        href, pieces = self.link
        self.link = None
        text = "".join(p[0] for p in pieces).strip()
        if not pieces:
            return
        line, col = pieces[0][1], pieces[0][2]
        citation = _CITATION_TEXT.fullmatch(text)
        if href.startswith("#") and text in _BACKLINK:
            return  # the "back to text" arrow of a footnote
        if href.startswith("#") and citation:
            self._piece((f"[{citation.group(1)}]", line, col, False))
        elif re.match(r"https?://", href, re.IGNORECASE) and _same_url(text, href):
            # The link shows its own address: it is that URL (in full, scheme and all).
            if text == href.strip():
                for piece in pieces:
                    self._piece(piece)
            else:
                self._piece((href.strip(), line, col, False))
            if self.current is not None:
                self.current.links += 1
        elif re.match(r"https?://", href, re.IGNORECASE) and text:
            self._piece(("[", line, col, False))
            for piece in pieces:
                self._piece((piece[0].replace("]", ")").replace("[", "("), *piece[1:]))
            self._piece((f"]({href.replace(' ', '%20').replace(')', '%29')})", line, col, False))
            if self.current is not None:
                self.current.links += 1
        else:
            for piece in pieces:
                self._piece(piece)

    def _end_sup(self) -> None:
        assert self.sup is not None
        pieces, self.sup = self.sup, None
        text = "".join(p[0] for p in pieces).strip()
        line, col = self.sup_origin
        citation = _CITATION_TEXT.fullmatch(text)
        if _EXPONENT.fullmatch(text) and _EXPONENT_BEFORE.search(self._text_before()):
            # "62 km<sup>2</sup>", "10<sup>6</sup>": a power, shown as one, never a citation.
            self._piece((text.translate(_TO_SUPERSCRIPT), line, col + 1, False))
        elif citation:
            self._piece((f"[{citation.group(1)}]", line, col + 1, False))
        elif text.startswith("[") and text.endswith("]"):
            self._piece((text, line, col + 1, False))  # already a marker: "[3]"
        else:
            for piece in pieces:
                self._piece(piece)

    def _text_before(self) -> str:
        """The text a superscript follows: inside a link, the link's text so far."""
        if self.link is not None:
            return "".join(p[0] for p in self.link[1])
        return self.current.plain if self.current is not None else ""

    def flush(self) -> None:
        if self.link is not None:
            self._end_link()
        if self.sup is not None:
            self._end_sup()
        if self.current is not None and self.current.plain.strip():
            self.blocks.append(self.current)
        self.current = None


def _furniture_name(name: str) -> bool:
    """A class or id naming page furniture: a word of it ("cookie-banner"), or two words
    run together ("most-read", "right_rail")."""
    words = [w for w in re.split(r"[_\-]+", name) if w]
    pairs = ("".join(words[i : i + 2]) for i in range(len(words) - 1))
    return any(w in _FURNITURE for w in (*words, "".join(words), *pairs))


def _same_url(text: str, href: str) -> bool:
    """Link text that is the link's own address (``<a href="U">U</a>``), scheme optional."""
    def bare(url: str) -> str:
        return re.sub(r"^https?://(?:www\.)?", "", url.strip(), flags=re.IGNORECASE).rstrip("/")

    return bool(text) and bare(text).casefold() == bare(href).casefold()


# A superscript after a unit that follows a number ("62 km", "1,200 m"), after "per m"
# or "m/s", or after "10" is a power: an area, a volume, an acceleration, a magnitude.
_EXPONENT = re.compile(r"[-\u2212+]?\d{1,2}")
_EXPONENT_BEFORE = re.compile(
    r"(?:\d[\s\u00a0]?|\bper\s|/|\bsq\.?\s)(?:[kcdm\u00b5\u03bcn]?m|mi|ft|in|yd|s)$"
    r"|(?:^|[^\d.,])10$|[\u00d7x]\s?10$"
)
_TO_SUPERSCRIPT = str.maketrans("0123456789-\u2212+", "\u2070\u00b9\u00b2\u00b3\u2074\u2075"
                                "\u2076\u2077\u2078\u2079\u207b\u207b\u207a")


MAX_TAG_CHARS = 65_536
"""A tag longer than this (an unclosed ``<`` in a huge page) is read as text."""
_LITERAL_LT = "\ufffc"


def neutralise(text: str) -> str:
    """``text`` with every ``<`` that opens no complete tag or comment replaced, one for one.

    The standard library's tokenizer rescans from an unclosed ``<`` to the end
    of the input for every such ``<`` (quadratic: 200,000 of them take
    minutes). Here each ``<`` is checked in one linear pass: a comment needs a
    later ``-->``, anything else a ``>`` before the next ``<`` and within
    :data:`MAX_TAG_CHARS`; the others become a placeholder the reader turns
    back into ``<`` as text, so positions do not move.
    """
    lts = [m.start() for m in re.finditer("<", text)]
    gts = [m.start() for m in re.finditer(">", text)]
    last_comment_end = text.rfind("-->")
    out = list(text) if lts else None
    resume = 0
    for n, at in enumerate(lts):
        if at < resume:
            continue
        if text.startswith("<!--", at):
            end = text.find("-->", at + 4) if at + 4 <= last_comment_end else -1
            if end >= 0:
                resume = end + 3
                continue
        else:
            g = bisect.bisect_left(gts, at + 1)
            gt = gts[g] if g < len(gts) else -1
            nxt = lts[n + 1] if n + 1 < len(lts) else -1
            if gt >= 0 and (nxt < 0 or gt < nxt) and gt - at <= MAX_TAG_CHARS:
                continue
        assert out is not None
        out[at] = _LITERAL_LT
    return "".join(out) if out is not None else text


def render_html(text: str, name: str) -> Rendered:
    """The article of an HTML page as Markdown; ``DraftError`` when it has no readable text."""
    reader = _Reader()
    reader.feed(neutralise(text))
    reader.close()
    reader.flush()
    blocks = [b for b in reader.blocks if b.in_article] if reader.has_article else reader.blocks
    if not any(b.kind != "comment" and b.plain.strip() for b in blocks):
        raise DraftError(f"draft {name} is HTML with no readable text in it; export the "
                         "article's HTML (or save it as Markdown or text)")
    return _write(_one_list_each(_with_reference_heading(_without_furniture(blocks))))


def _level(block: _Block) -> int | None:
    return int(block.kind[1]) if re.fullmatch(r"h[1-6]", block.kind) else None


def _without_furniture(blocks: list[_Block]) -> list[_Block]:
    """Without headings that name page furniture ("Most read", "Related stories") and
    what they introduce: the rest of their container, or, for a heading straight inside
    the article, everything up to the next heading of its level."""
    out: list[_Block] = []
    i = 0
    while i < len(blocks):
        block, level = blocks[i], _level(blocks[i])
        i += 1
        if level is None or not _FURNITURE_HEADING.fullmatch(block.plain.strip()):
            out.append(block)
            continue
        scope = block.path if block.path and block.path[-1][0] not in _ARTICLE_LEVEL else None
        while i < len(blocks):
            after, after_level = blocks[i], _level(blocks[i])
            if scope is not None and after.path[: len(scope)] != scope:
                break
            if after_level is not None and after_level <= level:
                break
            i += 1
    return out


def _one_list_each(blocks: list[_Block]) -> list[_Block]:
    """A References heading takes the first list after it, and only that one.

    Another list before the next heading of the same level (a sidebar of links the
    furniture rules did not catch) ends the section with an empty heading, so its items
    are never read as more references (nor as duplicates of the first ones). A list
    nested in an entry, or an ordered list whose numbers continue the first, is part of it.
    """
    out: list[_Block] = []
    level: int | None = None
    first: _Block | None = None
    last_number: int | None = None
    for block in blocks:
        heading = _level(block)
        if heading is not None:
            if _REFERENCE_HEADING.fullmatch(block.plain.strip()):
                level, first, last_number = heading, None, None
            elif level is not None and heading <= level:
                level = None
        elif level is not None and block.kind == "li":
            if first is None:
                first = block
            elif block.list_id != first.list_id and block.depth <= first.depth and not (
                    block.number is not None and last_number is not None
                    and block.number == last_number + 1):
                out.append(_Block(kind="end", origin=block.origin))
                level = None
            if level is not None and block.depth == first.depth:
                last_number = block.number
        out.append(block)
    return out


def _with_reference_heading(blocks: list[_Block]) -> list[_Block]:
    """Name the last ordered list of links "References" when no heading does."""
    if any(b.kind.startswith("h") and _REFERENCE_HEADING.fullmatch(b.plain.strip())
           for b in blocks):
        return blocks
    lists: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.kind == "li" and b.number is not None and b.list_id is not None:
            lists.setdefault(b.list_id, []).append(i)
    for indexes in sorted(lists.values(), key=lambda ix: ix[-1], reverse=True):
        if all(blocks[i].links for i in indexes):
            first = blocks[indexes[0]]
            heading = _Block(kind="h2", origin=first.origin,
                             pieces=[("References", *first.origin, False)])
            return [*blocks[: indexes[0]], heading, *blocks[indexes[0]:]]
    return blocks


def _write(blocks: list[_Block]) -> Rendered:
    out = MarkdownWriter()
    for block in blocks:
        line, col = block.origin
        if block.kind == "end":
            out.markup("# ", line, col)  # an empty heading: the section before it ends
        elif block.kind.startswith("h") and block.kind[1:].isdigit():
            out.markup("#" * int(block.kind[1:]) + " ", line, col)
        elif block.kind == "li":
            out.markup(f"{block.number}. " if block.number is not None else "- ", line, col)
        pieces = _trimmed(block.pieces)
        for text, p_line, p_col, prose in pieces:
            if prose:
                out.text(text, p_line, p_col)
            else:
                out.markup(text, p_line, p_col)
        out.markup("\n\n", line, col)
    return out.result()


def _trimmed(pieces: list[tuple[str, int, int, bool]]) -> list[tuple[str, int, int, bool]]:
    """Without leading or trailing spaces, and with no two spaces in a row."""
    out: list[tuple[str, int, int, bool]] = []
    for piece in pieces:
        if piece[0] == " " and (not out or out[-1][0].endswith(" ")):
            continue
        out.append(piece)
    while out and out[-1][0] == " ":
        out.pop()
    return out
