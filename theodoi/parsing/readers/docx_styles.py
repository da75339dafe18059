"""WordprocessingML helpers for the .docx reader: namespaces, on/off values and the style sheet
(style names, inherited paragraph/run properties through ``basedOn``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

Element = Any  # an lxml element (python-docx's oxml classes are lxml elements)


def w(tag: str) -> str:
    """Clark name of a ``w:`` tag or attribute."""
    return f"{{{W}}}{tag}"


def attr(el: Element | None, name: str) -> str | None:
    """The ``w:name`` attribute of ``el`` (None when ``el`` or the attribute is missing)."""
    if el is None:
        return None
    value = el.get(w(name))
    return None if value is None else str(value)


def child(el: Element | None, *path: str) -> Element | None:
    """The first ``w:`` descendant along ``path`` (direct children at each step), or None."""
    for tag in path:
        if el is None:
            return None
        el = el.find(w(tag))
    return el


def on_off(el: Element | None) -> bool | None:
    """Value of an on/off property element (``<w:b/>``, ``<w:b w:val="0"/>``); None when absent."""
    if el is None:
        return None
    value = attr(el, "val")
    return value is None or value.lower() not in ("0", "false", "off", "none")


def int_attr(el: Element | None, name: str = "val", default: int = 0) -> int:
    value = attr(el, name)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(slots=True)
class Style:
    name: str
    based_on: str | None
    kind: str  # "paragraph", "character", "table", "numbering"
    ppr: Element | None
    rpr: Element | None


class StyleSheet:
    """The document's styles, looked up by style id, with properties inherited through ``basedOn``."""

    def __init__(self, styles_el: Element | None) -> None:
        self.styles: dict[str, Style] = {}
        self.default_paragraph: str | None = None
        self.default_rpr: Element | None = None
        if styles_el is None:
            return
        self.default_rpr = child(styles_el, "docDefaults", "rPrDefault", "rPr")
        for el in styles_el.iterfind(w("style")):
            style_id = attr(el, "styleId")
            if not style_id:
                continue
            kind = attr(el, "type") or "paragraph"
            self.styles[style_id] = Style(
                name=_ui_name(attr(child(el, "name"), "val") or style_id),
                based_on=attr(child(el, "basedOn"), "val"),
                kind=kind,
                ppr=child(el, "pPr"),
                rpr=child(el, "rPr"),
            )
            if kind == "paragraph" and on_off_attr(el, "default"):
                self.default_paragraph = style_id

    def name(self, style_id: str | None) -> str:
        style = self.styles.get(style_id or "")
        return style.name if style else ""

    def chain(self, style_id: str | None) -> list[Style]:
        """The style and its ancestors (nearest first)."""
        found: list[Style] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(found) < 16:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            found.append(style)
            style_id = style.based_on
        return found

    def lookup(self, style_id: str | None, getter: Callable[[Style], Any]) -> Any:
        """The first non-None ``getter(style)`` along the ``basedOn`` chain of ``style_id``."""
        for style in self.chain(style_id):
            value = getter(style)
            if value is not None:
                return value
        return None

    def paragraph_style(self, ppr: Element | None) -> str | None:
        return attr(child(ppr, "pStyle"), "val") or self.default_paragraph


def _ui_name(name: str) -> str:
    """The name Word shows for a built-in style ("heading 1" is stored, "Heading 1" is shown)."""
    from docx.styles import BabelFish

    return str(BabelFish.internal2ui(name))


def on_off_attr(el: Element, name: str) -> bool:
    value = attr(el, name)
    return value is not None and value.lower() in ("1", "true", "on")
