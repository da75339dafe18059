"""Word automatic numbering: turns a paragraph's ``numPr`` into its visible label ("1.", "a)", "II.", "-").

Definitions come from numbering.xml: ``w:num`` (numId) → ``w:abstractNum`` → ``w:lvl`` (start,
numFmt, lvlText like "%1.%2."). Counters run per abstract list, as Word does: several ``numId`` that
share an abstract list continue one another unless a ``w:lvlOverride/w:startOverride`` restarts it.
Bullets of any shape render as "-".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from theodoi.parsing.readers.docx_styles import Element, StyleSheet, attr, child, int_attr, w

LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


@dataclass(slots=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 0
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # w:isLgl: show all levels as decimal


@dataclass(slots=True)
class NumInstance:
    abstract_id: str
    starts: dict[int, int] = field(default_factory=dict)  # ilvl → startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # ilvl → overriding level definition


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    if n <= 0:
        return ""
    letter = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
    return letter * ((n - 1) // 26 + 1)  # Word repeats the letter: z, aa, bb


def format_number(n: int, fmt: str) -> str:
    """A counter value in one of Word's number formats."""
    formats = {
        "lowerLetter": lambda: _letters(n),
        "upperLetter": lambda: _letters(n).upper(),
        "lowerRoman": lambda: _roman(n),
        "upperRoman": lambda: _roman(n).upper(),
        "decimalZero": lambda: f"{n:02d}",
        "none": lambda: "",
    }
    return formats.get(fmt, lambda: str(n))()


def _level(el: Element) -> Level:
    restart = child(el, "lvlRestart")
    return Level(
        fmt=attr(child(el, "numFmt"), "val") or "decimal",
        text=attr(child(el, "lvlText"), "val") or "",
        start=int_attr(child(el, "start"), default=0),
        restart=int_attr(restart) if restart is not None else None,
        legal=child(el, "isLgl") is not None,
    )


class Numbering:
    """Numbering definitions of one document plus the running counters while it is read in order."""

    def __init__(self, numbering_el: Element | None, styles: StyleSheet) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNumId → numbering style it links to
        self.nums: dict[str, NumInstance] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.seen: set[str] = set()
        if numbering_el is not None:
            self._load(numbering_el)

    def _load(self, root: Element) -> None:
        for el in root.iterfind(w("abstractNum")):
            abstract_id = attr(el, "abstractNumId") or ""
            self.abstract[abstract_id] = {int_attr(lvl, "ilvl"): _level(lvl) for lvl in el.iterfind(w("lvl"))}
            link = attr(child(el, "numStyleLink"), "val")
            if link:
                self.style_links[abstract_id] = link
        for el in root.iterfind(w("num")):
            instance = NumInstance(abstract_id=attr(child(el, "abstractNumId"), "val") or "")
            for override in el.iterfind(w("lvlOverride")):
                ilvl = int_attr(override, "ilvl")
                start = child(override, "startOverride")
                if start is not None:
                    instance.starts[ilvl] = int_attr(start)
                lvl = child(override, "lvl")
                if lvl is not None:
                    instance.levels[ilvl] = _level(lvl)
            self.nums[attr(el, "numId") or ""] = instance

    def num_pr(self, ppr: Element | None, style_id: str | None) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph from its own ``numPr`` or its style's; None when not numbered."""
        own = child(ppr, "numPr")
        num_id = attr(child(own, "numId"), "val")
        ilvl_el = child(own, "ilvl")
        if num_id is None:
            style_pr = self.styles.lookup(style_id, lambda s: child(s.ppr, "numPr"))
            num_id = attr(child(style_pr, "numId"), "val")
            if ilvl_el is None:
                ilvl_el = child(style_pr, "ilvl")
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, min(max(int_attr(ilvl_el), 0), LEVELS - 1)

    def _levels(self, instance: NumInstance) -> tuple[str, dict[int, Level]]:
        abstract_id = instance.abstract_id
        link = self.style_links.get(abstract_id)
        if link is not None and not self.abstract.get(abstract_id):
            style_pr = self.styles.lookup(link, lambda s: child(s.ppr, "numPr"))
            linked = self.nums.get(attr(child(style_pr, "numId"), "val") or "")
            if linked is not None:
                abstract_id = linked.abstract_id
        levels = dict(self.abstract.get(abstract_id, {}))
        levels.update(instance.levels)
        return abstract_id, levels

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (numId, ilvl) and return the rendered label."""
        instance = self.nums[num_id]
        abstract_id, levels = self._levels(instance)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract_id, [None] * LEVELS)
        if num_id not in self.seen:
            self.seen.add(num_id)
            for lvl in instance.starts:
                if 0 <= lvl < LEVELS:
                    counters[lvl] = None
        start = instance.starts.get(ilvl, level.start)
        current = counters[ilvl]
        counters[ilvl] = start if current is None else current + 1
        self._reset_deeper(counters, levels, ilvl)
        if level.fmt == "bullet":
            return "-"
        return self._render(level, levels, counters, instance).strip()

    @staticmethod
    def _reset_deeper(counters: list[int | None], levels: dict[int, Level], ilvl: int) -> None:
        for deeper in range(ilvl + 1, LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart == 0 or (restart is not None and restart - 1 < ilvl):
                continue
            counters[deeper] = None

    @staticmethod
    def _render(level: Level, levels: dict[int, Level], counters: list[int | None], instance: NumInstance) -> str:
        def value(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            ref = levels.get(index, Level())
            number = counters[index]
            if number is None:
                number = instance.starts.get(index, ref.start)
            fmt = "decimal" if level.legal and ref.fmt != "none" else ref.fmt
            return format_number(number, fmt)

        return _PLACEHOLDER.sub(value, level.text)
