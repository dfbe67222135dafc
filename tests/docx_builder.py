"""A tiny WordprocessingML writer for tests: real ``.docx`` packages with footnotes.

Word files are zip packages of XML parts. python-docx writes paragraphs but not
footnotes or endnotes, so the test drafts are assembled here from the parts
Word itself writes (document, footnotes, endnotes, relationships, content
types), small enough to read. Only what the draft reader needs is produced.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HYPERLINK = f"{_REL}/hyperlink"


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote (or endnote) reference mark in the body; its text is in ``body``."""

    body: tuple[str | Link, ...]
    endnote: bool = False


Inline = str | Link | Note


@dataclass(frozen=True, slots=True)
class Para:
    parts: tuple[Inline, ...]
    style: str | None = None
    """A paragraph style id such as ``Heading1``, ``Title`` or ``ListParagraph``."""


@dataclass
class _Builder:
    links: dict[str, list[str]] = field(default_factory=dict)
    """Hyperlink targets of each part (document, footnotes, endnotes): Word keeps them apart."""
    footnotes: list[str] = field(default_factory=list)
    endnotes: list[str] = field(default_factory=list)
    part: str = "document"

    def rel(self, url: str) -> str:
        targets = self.links.setdefault(self.part, [])
        targets.append(url)
        return f"rIdL{len(targets)}"

    def runs(self, parts: tuple[str | Link | Note, ...]) -> str:
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(_run(part))
            elif isinstance(part, Link):
                out.append(f'<w:hyperlink r:id="{self.rel(part.url)}">{_run(part.text)}'
                           "</w:hyperlink>")
            else:
                out.append(self.note(part))
        return "".join(out)

    def note(self, note: Note) -> str:
        notes = self.endnotes if note.endnote else self.footnotes
        kind = "endnote" if note.endnote else "footnote"
        number = len(notes) + 1
        ref_style = "EndnoteReference" if note.endnote else "FootnoteReference"
        outer, self.part = self.part, f"{kind}s"
        body = (f'<w:p><w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr><w:{kind}Ref/></w:r>'
                f'{self.runs((" ", *note.body))}</w:p>')
        self.part = outer
        notes.append(f'<w:{kind} w:id="{number}">{body}</w:{kind}>')
        return (f'<w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr>'
                f'<w:{kind}Reference w:id="{number}"/></w:r>')


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _notes_part(kind: str, notes: list[str]) -> str:
    separators = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                  f'</w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                  f'<w:continuationSeparator/></w:r></w:p></w:{kind}>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:{kind}s xmlns:w="{W}" xmlns:r="{R}">{separators}{"".join(notes)}</w:{kind}s>')


def _links(urls: list[str]) -> list[str]:
    return [f'<Relationship Id="rIdL{i}" Type="{_HYPERLINK}" Target={quoteattr(url)} '
            'TargetMode="External"/>' for i, url in enumerate(urls, start=1)]


def _rels_part(rels: list[str]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{"".join(rels)}</Relationships>')


def build_docx(paragraphs: list[Para]) -> bytes:
    """The bytes of a ``.docx`` holding ``paragraphs`` (with their footnotes and links)."""
    b = _Builder()
    body = []
    for para in paragraphs:
        props = f'<w:pPr><w:pStyle w:val="{para.style}"/></w:pPr>' if para.style else ""
        body.append(f"<w:p>{props}{b.runs(para.parts)}</w:p>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{"".join(body)}'
                '<w:sectPr/></w:body></w:document>')
    rels = _links(b.links.get("document", []))
    rels.append(f'<Relationship Id="rIdF" Type="{_REL}/footnotes" Target="footnotes.xml"/>')
    rels.append(f'<Relationship Id="rIdE" Type="{_REL}/endnotes" Target="endnotes.xml"/>')
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}.document.main+xml"/>'
            f'<Override PartName="/word/footnotes.xml" ContentType="{main}.footnotes+xml"/>'
            f'<Override PartName="/word/endnotes.xml" ContentType="{main}.endnotes+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": _rels_part(rels),
        "word/_rels/footnotes.xml.rels": _rels_part(_links(b.links.get("footnotes", []))),
        "word/_rels/endnotes.xml.rels": _rels_part(_links(b.links.get("endnotes", []))),
        "word/footnotes.xml": _notes_part("footnote", b.footnotes),
        "word/endnotes.xml": _notes_part("endnote", b.endnotes),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()
