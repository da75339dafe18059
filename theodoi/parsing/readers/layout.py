"""From positioned words to paragraphs: shared by the PDF text-layer reader and the OCR reader.

Words are grouped into lines (same baseline), lines are cut where a wide gap separates two columns
(the issuer | national-motto header), and lines are joined into paragraphs. A line starts a new
paragraph when it starts with a numbering label ("1.", "a)", "-", "II."), follows a short line or a
blank gap, or is indented (Vietnamese documents indent each paragraph's first line). The two-column
header area at the top of the first page is read column by column.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from theodoi.text import clean

LABEL = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]|[IVXLC]{1,6}[.)]|[-–—+•·*▪◦]|"
    r"(?:Điều|Chương|Mục|Phần)\s+[0-9IVXLC]+[.:]?)(?:\s|$)"
)
_PAGE_NUMBER = re.compile(r"^(?:[-–—\s]*\d{1,3}[-–—\s]*|trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)$", re.IGNORECASE)
_COLUMN_GAP = 2.5  # a gap wider than this many line heights separates two columns
_SLACK = 0.03  # share of the text width a full line may stop short of the right margin
_INDENT = 0.025  # a line starting this share of the text width right of the margin is indented


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False


@dataclass(slots=True)
class Line:
    words: list[Word]
    page: int

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return statistics.median(w.bottom - w.top for w in self.words)

    @property
    def text(self) -> str:
        return clean(" ".join(w.text for w in self.words))

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass(slots=True)
class Draft:
    """A paragraph being built: its lines, page and position."""

    lines: list[Line] = field(default_factory=list)
    header: bool = False  # in the header area of the first page
    fixed: bool = False  # from a two-column zone: later lines never continue it

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def text(self) -> str:
        return clean(" ".join(line.text for line in self.lines))

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)


@dataclass(slots=True)
class Geometry:
    """Margins of the text column, from the lines of a whole document."""

    left: float
    right: float

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)

    @classmethod
    def of(cls, lines: list[Line]) -> Geometry:
        """Margins from the long lines (at least 60 % of the widest span): body text, not headings."""
        if not lines:
            return cls(0.0, 1.0)
        span = max(line.x1 for line in lines) - min(line.x0 for line in lines)
        long = [line for line in lines if line.x1 - line.x0 >= 0.6 * span] or lines
        lefts = sorted(line.x0 for line in long)
        rights = sorted(line.x1 for line in long)
        return cls(lefts[len(lefts) // 10], rights[len(rights) * 3 // 4])


def group_lines(words: list[Word], page: int) -> list[Line]:
    """Words of one page → lines, top to bottom; a row split at column gaps gives several lines."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and _same_row(rows[-1], word):
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[Line] = []
    for row in rows:
        lines.extend(split_line(sorted(row, key=lambda w: w.x0), page))
    return lines


def split_line(row: list[Word], page: int) -> list[Line]:
    """Words of one row (left to right) → one line per column, cut where a wide gap separates them."""
    if not row:
        return []
    height = statistics.median(w.bottom - w.top for w in row)
    lines: list[Line] = []
    segment = [row[0]]
    for word in row[1:]:
        if word.x0 - segment[-1].x1 > _COLUMN_GAP * height:
            lines.append(Line(segment, page))
            segment = []
        segment.append(word)
    lines.append(Line(segment, page))
    return lines


def _same_row(row: list[Word], word: Word) -> bool:
    top = statistics.median(w.top for w in row)
    bottom = statistics.median(w.bottom for w in row)
    middle = (word.top + word.bottom) / 2
    return top <= middle <= bottom


def drop_page_numbers(lines: list[Line], page_height: float) -> list[Line]:
    """Remove lines that are only a page number ("2", "- 2 -", "Trang 2") at the top or bottom."""
    kept = []
    for line in lines:
        edge = line.top < 0.12 * page_height or line.bottom > 0.88 * page_height
        if not (edge and _PAGE_NUMBER.match(line.text)):
            kept.append(line)
    return kept


def _crosses_middle(line: Line, page_width: float) -> bool:
    """A line across the middle of the page, or centred on it (a title): not part of a column."""
    middle = page_width / 2
    across = line.x0 < middle - 0.05 * page_width and line.x1 > middle + 0.05 * page_width
    return across or abs((line.x0 + line.x1) / 2 - middle) < 0.04 * page_width


def _two_column_rows(lines: list[Line], page_width: float) -> int:
    """How many lines of the right half have a line of the left half beside them."""
    middle = page_width / 2
    left = [line for line in lines if (line.x0 + line.x1) / 2 < middle]
    right = [line for line in lines if (line.x0 + line.x1) / 2 >= middle]
    return sum(1 for r in right if any(_beside(r, line) for line in left))


def _beside(a: Line, b: Line) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap > 0.3 * min(a.height, b.height)


def column_runs(lines: list[Line], page_width: float, *, first_page: bool) -> list[tuple[list[Line], bool]]:
    """Split a page's lines (top to bottom) into runs, each ``(lines, is_zone)``.

    A two-column zone is a run of lines that all stay within one half of the page, with lines side by
    side in both halves (the issuer | motto header, the "Nơi nhận" | signature block): its lines come
    back column by column. Other lines keep their order.
    """
    runs: list[tuple[list[Line], bool]] = []
    pending: list[Line] = []

    def flush() -> None:
        if pending:
            needed = 1 if first_page and not runs else 2
            zone = _two_column_rows(pending, page_width) >= needed
            runs.append((_by_column(pending, page_width) if zone else list(pending), zone))
            pending.clear()

    for line in lines:
        if _crosses_middle(line, page_width):
            flush()
            runs.append(([line], False))
        else:
            pending.append(line)
    flush()
    return _merge_flow(runs)


def _by_column(lines: list[Line], page_width: float) -> list[Line]:
    middle = page_width / 2
    left = [line for line in lines if (line.x0 + line.x1) / 2 < middle]
    right = [line for line in lines if (line.x0 + line.x1) / 2 >= middle]
    return left + right


def _merge_flow(runs: list[tuple[list[Line], bool]]) -> list[tuple[list[Line], bool]]:
    merged: list[tuple[list[Line], bool]] = []
    for lines, zone in runs:
        if merged and not zone and not merged[-1][1]:
            merged[-1][0].extend(lines)
        else:
            merged.append((lines, zone))
    return merged


def zone_paragraphs(lines: list[Line], *, header: bool) -> list[Draft]:
    """Lines of a two-column zone: one paragraph each, except a continuation of the line above
    (starting in lower case or with a digit, or wrapping a "V/v" subject line)."""
    drafts: list[Draft] = []
    for line in lines:
        above = drafts[-1] if drafts else None
        if above is not None and _continues_zone_line(above, line):
            above.lines.append(line)
        else:
            drafts.append(Draft([line], header=header, fixed=True))
    return drafts


def _continues_zone_line(above: Draft, line: Line) -> bool:
    first = line.text[:1]
    last = above.lines[-1]
    if last.x1 <= line.x0 or last.x0 >= line.x1 or above.text.endswith((":", ";", ".")):
        return False
    subject = above.text.startswith(("V/v", "Về việc")) and not line.text.startswith(("Kính gửi", "Số"))
    return first.isdigit() or first.islower() or subject


class Margins:
    """Text-column margins per page (landscape appendix pages differ), from the page's own lines when
    it has enough of them, else from the whole document's."""

    def __init__(self, lines: list[Line]) -> None:
        self.document = Geometry.of(lines)
        by_page: dict[int, list[Line]] = {}
        for line in lines:
            by_page.setdefault(line.page, []).append(line)
        self.pages = {page: Geometry.of(found) for page, found in by_page.items() if len(found) >= 8}
        self.line_gap = _typical_gap(by_page)

    def __call__(self, line: Line) -> Geometry:
        return self.pages.get(line.page, self.document)


def starts_paragraph(line: Line, previous: Line, margins: Margins) -> bool:
    """Whether ``line`` begins a new paragraph rather than continuing the one of ``previous``."""
    text = line.text
    here, there = margins(line), margins(previous)
    if LABEL.match(text):
        return True
    if centered(line, here) and centered(previous, there):
        return not text[:1].islower()  # a centred title wrapped over several lines
    if _ends_early(previous, line, there):
        return True
    if line.x0 > here.left + _INDENT * here.width:
        return True
    if line.page == previous.page:
        gap = line.top - previous.bottom
        height = max(line.height, previous.height)
        if gap > 1.2 * height:
            return True
        typical = margins.line_gap
        if typical is not None and gap > 2 * typical and gap > typical + 0.6 * height:
            return True  # paragraph spacing wider than the line spacing, though less than a blank line
    return bool(previous.bold != line.bold and text)


def _typical_gap(by_page: dict[int, list[Line]]) -> float | None:
    """The usual space between two lines of one paragraph (the median gap between consecutive lines
    closer than 1.5 line heights), or None when there are too few lines to tell."""
    gaps: list[float] = []
    for lines in by_page.values():
        ordered = sorted(lines, key=lambda x: (x.top, x.x0))
        for above, below in zip(ordered, ordered[1:], strict=False):
            gap = below.top - above.bottom
            if 0 <= gap < 1.5 * max(above.height, below.height):
                gaps.append(gap)
    if len(gaps) < 20:
        return None
    gaps.sort()
    return gaps[len(gaps) // 2]


def _ends_early(previous: Line, line: Line, geometry: Geometry) -> bool:
    """The previous line stopped although the first word of ``line`` would have fitted after it."""
    first = line.words[0]
    space = 0.3 * previous.height
    return previous.x1 + space + (first.x1 - first.x0) < geometry.right - _SLACK * geometry.width


def centered(line: Line, geometry: Geometry) -> bool:
    """A line centred in the text column (titles)."""
    left = line.x0 - geometry.left
    right = geometry.right - line.x1
    return left > 0.08 * geometry.width and abs(left - right) < 0.08 * geometry.width
