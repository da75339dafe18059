"""Text of one .docx paragraph: its runs in order (through hyperlinks, smart tags, fields, content
controls and insertions; deleted text skipped), ``<w:br/>`` as "\\n", tabs as " ", text boxes set
aside, legacy TCVN3/VNI fonts converted, and the paragraph's style, bold/italic and alignment."""

from __future__ import annotations

from dataclasses import dataclass, field

from theodoi.parsing.readers.docx_styles import MC, Element, StyleSheet, attr, child, on_off, w
from theodoi.parsing.readers.legacy import tcvn3_to_unicode, vni_to_unicode

_CONTAINERS = frozenset(
    w(t) for t in ("hyperlink", "smartTag", "fldSimple", "ins", "sdt", "sdtContent", "customXml", "moveTo",
                   "dir", "bdo")
)
_SKIPPED = frozenset(w(t) for t in ("del", "moveFrom", "pPr", "rPr", "proofErr", "bookmarkStart", "bookmarkEnd"))
_ALTERNATE = f"{{{MC}}}AlternateContent"
_CHOICE = f"{{{MC}}}Choice"
_FALLBACK = f"{{{MC}}}Fallback"
_TXBX = w("txbxContent")
_ALIGN = {"center": "center", "right": "right", "end": "right", "both": "justify", "distribute": "justify",
          "left": "left", "start": "left"}


@dataclass(slots=True)
class RunText:
    text: str
    bold: bool
    italic: bool


@dataclass(slots=True)
class ParagraphContent:
    runs: list[RunText] = field(default_factory=list)
    boxes: list[Element] = field(default_factory=list)  # w:txbxContent elements anchored here

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def alternate_branch(el: Element) -> Element | None:
    """The one branch of an ``mc:AlternateContent`` to read: its first Choice, else its Fallback."""
    return el.find(_CHOICE) if el.find(_CHOICE) is not None else el.find(_FALLBACK)


def find_boxes(el: Element, out: list[Element]) -> None:
    """Collect the outermost text boxes in ``el``, reading one branch of each AlternateContent."""
    if el.tag == _TXBX:
        out.append(el)
    elif el.tag == _ALTERNATE:
        branch = alternate_branch(el)
        if branch is not None:
            find_boxes(branch, out)
    elif isinstance(el.tag, str):
        for sub in el:
            find_boxes(sub, out)


class ParagraphReader:
    """Reads paragraphs of one document; holds its style sheet for inherited properties."""

    def __init__(self, styles: StyleSheet) -> None:
        self.styles = styles
        self.footnotes: dict[str, int] = {}  # footnote id → number shown, in order of reference

    def content(self, p: Element) -> ParagraphContent:
        out = ParagraphContent()
        style_id = self.styles.paragraph_style(child(p, "pPr"))
        self._walk(p, out, style_id)
        return out

    def _walk(self, el: Element, out: ParagraphContent, style_id: str | None) -> None:
        for sub in el:
            tag = sub.tag
            if tag == w("r"):
                self._run(sub, out, style_id)
            elif tag in _CONTAINERS:
                self._walk(sub, out, style_id)
            elif tag not in _SKIPPED and isinstance(tag, str):
                find_boxes(sub, out.boxes)

    def _run(self, r: Element, out: ParagraphContent, style_id: str | None) -> None:
        parts: list[str] = []
        for sub in r:
            tag = sub.tag
            if tag == w("t"):
                parts.append(sub.text or "")
            elif tag in (w("tab"), w("ptab")):
                parts.append(" ")
            elif tag == w("br"):
                parts.append(" " if attr(sub, "type") in ("page", "column") else "\n")
            elif tag == w("cr"):
                parts.append("\n")
            elif tag == w("noBreakHyphen"):
                parts.append("-")
            elif tag == w("footnoteReference"):
                note = self.footnotes.setdefault(attr(sub, "id") or "", len(self.footnotes) + 1)
                parts.append(f"[{note}]")
            elif tag != w("rPr"):
                find_boxes(sub, out.boxes)
        text = "".join(parts)
        if not text:
            return
        rpr = child(r, "rPr")
        text = _legacy_font(text, rpr)
        out.runs.append(RunText(text, self._flag(rpr, style_id, "b"), self._flag(rpr, style_id, "i")))

    def _flag(self, rpr: Element | None, style_id: str | None, name: str) -> bool:
        """Effective on/off run property: direct, then character style, then paragraph style, then defaults."""
        direct = on_off(child(rpr, name))
        if direct is not None:
            return direct
        char_style = attr(child(rpr, "rStyle"), "val")
        for sid in (char_style, style_id):
            found = self.styles.lookup(sid, lambda s: on_off(child(s.rpr, name)))
            if found is not None:
                return bool(found)
        return bool(on_off(child(self.styles.default_rpr, name)))

    def style_name(self, p: Element) -> str:
        return self.styles.name(self.styles.paragraph_style(child(p, "pPr")))

    def align(self, p: Element) -> str:
        ppr = child(p, "pPr")
        value = attr(child(ppr, "jc"), "val")
        if value is None:
            value = self.styles.lookup(self.styles.paragraph_style(ppr), lambda s: attr(child(s.ppr, "jc"), "val"))
        return _ALIGN.get(value or "", "")


def _legacy_font(text: str, rpr: Element | None) -> str:
    """Convert a run typed in a TCVN3 (".VnTime", ".VnTimeH") or VNI ("VNI-Times") font."""
    fonts = child(rpr, "rFonts")
    name = attr(fonts, "ascii") or attr(fonts, "hAnsi") or ""
    if name.startswith(".Vn"):
        return tcvn3_to_unicode(text, upper=name.endswith("H"))
    if name.upper().startswith("VNI"):
        return vni_to_unicode(text)
    return text
