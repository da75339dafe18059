"""HTML reader (BeautifulSoup, html.parser) for pages of legal portals (thuvienphapluat, vbpl,
chinhphu.vn) and documents saved as HTML.

The main content is taken (scripts, styles, navigation, page header and footer dropped; a known
content container, else the smallest container holding most of the text). Paragraphs come from
block elements, list items (numbered like Word: "1.", "a)", "-") and ``<br>``-separated lines;
``<table>`` becomes a :class:`Table` with colspan/rowspan handled as in the .docx reader.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from theodoi.parsing.model import Block, Paragraph, RawDocument, Source, Table
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers.docx_numbering import format_number
from theodoi.parsing.readers.html_tables import table_rows
from theodoi.parsing.readers.legacy import detect_and_convert, tcvn3_to_unicode, vni_to_unicode
from theodoi.parsing.readers.tables import is_layout_table, number_blocks
from theodoi.parsing.readers.txt import decode as decode_text
from theodoi.text import clean

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
         "button", "select", "input", "template", "head", "title", "object", "embed", "canvas")
_NOISE = re.compile(r"(^|[\s_-])(nav|menu|footer|header|breadcrumbs?|sidebar|banner|advert|ads|share|social|"
                    r"comment|related|popup|modal|cookie)([\s_-]|$)", re.IGNORECASE)
_CONTENT_SELECTORS = ("#toanvancontent", ".toanvancontent", ".content1", "#divContentDoc", ".cldivContentDocVn",
                      "[itemprop=articleBody]", ".document-content", ".fulltext", "article", "main")
_BLOCKS = frozenset(("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt",
                     "center", "section", "article", "main", "ul", "ol", "dl", "address", "figure", "tr", "body"))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_BOLD = frozenset(("b", "strong"))
_ALIGN = re.compile(r"text-align\s*:\s*(center|right|justify|left)", re.IGNORECASE)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(data)[0]
    match = _META_CHARSET.search(data[:8192])
    if match:
        try:
            codec = codecs.lookup(match.group(1).decode("ascii", errors="ignore")).name
        except LookupError:
            codec = ""
        if codec and codec not in ("utf-16", "utf-16-le", "utf-16-be"):
            return data.decode(codec, errors="replace")
    return decode_text(data)[0]


def _same(text: str) -> str:
    return text


def _legacy_converter(text: str) -> Callable[[str], str]:
    """The TCVN3 or VNI conversion when the page is typed in such a font, else no conversion."""
    _, legacy = detect_and_convert(text)
    if legacy == "tcvn3":
        return tcvn3_to_unicode
    if legacy == "vni":
        return vni_to_unicode
    return _same


@dataclass(slots=True)
class _Builder:
    blocks: list[Block] = field(default_factory=list)
    parts: list[tuple[str, bool]] = field(default_factory=list)  # text pieces and whether bold
    numbering: str = ""
    align: str = ""
    heading: bool = False
    convert: Callable[[str], str] = _same

    def flush(self) -> None:
        text = clean(self.convert("".join(t for t, _ in self.parts)))
        visible = [b for t, b in self.parts if t.strip()]
        if text:
            bold = self.heading or (bool(visible) and all(visible))
            self.blocks.append(Paragraph(text=text, source=Source(), numbering=self.numbering, bold=bold,
                                         align=self.align))
        self.parts = []
        self.numbering = ""


def read_html(data: bytes, options: ParseOptions) -> RawDocument:
    """Read an HTML page's bytes into blocks."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(data), "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(_is_noise):
        tag.decompose()
    root = _main_content(soup)
    builder = _Builder(convert=_legacy_converter(root.get_text(" ")))
    _walk(root, builder, bold=False)
    builder.flush()
    return RawDocument(blocks=number_blocks(builder.blocks), format="html")


def _is_noise(tag: Any) -> bool:
    attrs = getattr(tag, "attrs", None)
    if not attrs or getattr(tag, "name", "") in ("body", "html", "table", "tr", "td", "th"):
        return False
    names = " ".join([*attrs.get("class", []), str(attrs.get("id", "")), str(attrs.get("role", ""))])
    return bool(_NOISE.search(names)) and len(getattr(tag, "get_text", lambda: "")()) < 2000


def _main_content(soup: Any) -> Any:
    for selector in _CONTENT_SELECTORS:
        found = soup.select_one(selector)
        if found is not None and len(found.get_text(strip=True)) > 200:
            return found
    body = soup.find("body") or soup
    total = len(body.get_text(strip=True))
    best = body
    for candidate in body.find_all(("div", "article", "main", "section", "td")):
        if len(candidate.get_text(strip=True)) >= 0.7 * total:
            best = candidate  # find_all is in document order: later hits are nested deeper
    return best


def _walk(node: Any, builder: _Builder, *, bold: bool) -> None:
    for child in getattr(node, "children", []):
        name = getattr(child, "name", None)
        if name is None:
            if not _is_comment(child):
                builder.parts.append((str(child), bold))
            continue
        if name == "br":
            builder.flush()
        elif name == "table":
            builder.flush()
            rows = table_rows(child, builder.convert)
            if any(c.text for row in rows for c in row):
                builder.blocks.append(Table(rows=rows, source=Source(), layout=is_layout_table(rows)))
        elif name in _BLOCKS:
            _block(child, name, builder, bold=bold)
        else:
            _walk(child, builder, bold=bold or name in _BOLD)


def _block(tag: Any, name: str, builder: _Builder, *, bold: bool) -> None:
    builder.flush()
    outer = (builder.align, builder.heading)
    builder.align = _align_of(tag) or builder.align
    builder.heading = builder.heading or name in _HEADINGS
    if name == "li":
        builder.numbering = _list_label(tag)
    _walk(tag, builder, bold=bold)
    builder.flush()
    builder.align, builder.heading = outer


def _align_of(tag: Any) -> str:
    attrs = getattr(tag, "attrs", {})
    found = _ALIGN.search(str(attrs.get("style", ""))) or re.match(r"(center|right|justify|left)$",
                                                                     str(attrs.get("align", "")).lower())
    return found.group(1).lower() if found else ""


def _list_label(li: Any) -> str:
    parent = getattr(li, "parent", None)
    if parent is None or getattr(parent, "name", "") != "ol":
        return "-"
    items = [c for c in parent.children if getattr(c, "name", None) == "li"]
    try:
        start = int(parent.attrs.get("start", 1))
    except (TypeError, ValueError):
        start = 1
    number = start + next(i for i, c in enumerate(items) if c is li)
    kind = str(parent.attrs.get("type", "1"))
    fmt = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}.get(kind, "decimal")
    return f"{format_number(number, fmt)}{')' if fmt == 'lowerLetter' else '.'}"


def _is_comment(node: Any) -> bool:
    from bs4 import Comment, Declaration, Doctype, ProcessingInstruction

    return isinstance(node, Comment | Declaration | Doctype | ProcessingInstruction)
