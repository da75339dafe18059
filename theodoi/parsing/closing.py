"""The closing zone of a document: "Nơi nhận" (recipients) and the signature block.

Also the *line view* of blocks shared with the header reader (:func:`block_lines`): paragraphs split
at hard line breaks and at " | " column marks (plain-text copies of Word layout tables), table cells
split into their lines, markdown bold ("**...**") dropped.

Layouts handled (NĐ 30/2020 and HD 36 closings):

- paragraphs: "Nơi nhận:", "- ...;" items, "- Lưu: VT, TH", then "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH"
  / "(Đã ký)" / the signer's name; a title after the name ("PHÓ GIÁM ĐỐC" / "SỞ CÔNG THƯƠNG") is kept
  in the zone, an appendix heading after it is not;
- a layout table: recipients in one cell, the signature in another;
- a flattened row "Nơi nhận: - A; - B. | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from theodoi.parsing.model import Block, Paragraph, Source
from theodoi.parsing.plan import Signature
from theodoi.text import fold_same_length

# --- the line view ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line of a block: a paragraph line, a " | " column part, or a table-cell line."""

    text: str  # markdown marks removed, stripped
    block: int  # index of its block
    col: int  # column: table cell index or " | " part (0-based)
    source: Source
    gap: bool = False  # a blank line (text files) or a table boundary comes before it
    bold: bool = False
    align: str = ""
    box: bool = False  # from a header text box or header table (readers of PDF and docx mark them)


_MARKDOWN = re.compile(r"\*\*|__|^#{1,6}\s+")
_PIPES = re.compile(r"\s*\|\s*")


def plain(text: str) -> str:
    """Text without markdown emphasis marks, stripped."""
    return _MARKDOWN.sub("", text).strip()


def block_lines(blocks: list[Block], start: int = 0, stop: int | None = None) -> list[Line]:
    """The lines of ``blocks[start:stop]`` in reading order (cells left to right, row by row)."""
    out: list[Line] = []
    stop = len(blocks) if stop is None else min(stop, len(blocks))
    previous: int | None = None
    for index in range(max(start, 0), stop):
        block = blocks[index]
        if isinstance(block, Paragraph):
            number = block.source.line
            gap = previous is not None and number is not None and number > previous + 1
            previous = number
            out.extend(_paragraph_lines(block, index, gap))
        else:
            previous = None
            for row in block.rows:
                for col, cell in enumerate(row):
                    if cell.merged:
                        continue
                    for k, part in enumerate(t for t in (plain(x) for x in cell.text.split("\n")) if t):
                        out.append(Line(part, index, col, cell.source, gap=k == 0))
    return out


def _paragraph_lines(block: Paragraph, index: int, gap: bool) -> Iterator[Line]:
    columns = _PIPES.split(block.text) if "|" in block.text else [block.text]
    first = True
    for col, column in enumerate(c for c in columns if c.strip()):
        for part in column.split("\n"):
            text = plain(part)
            if text:
                yield Line(text, index, col, block.source, gap and first, block.bold, block.align, block.in_header_box)
                first = False


def is_upper(text: str) -> bool:
    """At least two letters, all of them capitals ("PHÓ CHỦ TỊCH", "SỐ 1050/QĐ-SCT")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# --- signature ----------------------------------------------------------------------------------------

_PREFIX = r"(?:T/M|K/T|TM|KT|TL|TUQ|Q)\.?"
_PREFIX_START = re.compile(rf"^{_PREFIX}(?:\s+|(?<=\.))[^\W\d_]")
_SEGMENT_SPLIT = re.compile(rf"\s+(?={_PREFIX}(?:\s|(?<=\.)[^\W\d_]))|\s+(?=PHÓ\s)")
_AUTHORITY = re.compile(r"^(?:T/M|TM|TL|TUQ)(?:\.\s*|\s+)")
_POSITION = re.compile(r"CHỦ TỊCH|BÍ THƯ|THỦ TƯỚNG|TRƯỞNG|GIÁM ĐỐC|CHÁNH|PHÓ|CHỦ NHIỆM|CHỈ HUY|TỔNG THƯ KÝ")
# on folded text: the title under a name tolerates OCR noise ("PHO GIAM ĐỌC")
_POSITION_START = re.compile(r"^(?:pho|giam doc|chu tich|chanh|\w+ truong|truong|thu truong)\b")
_ORG_START = re.compile(r"^(?:so|bo|cuc|ban|vu|van phong|uy ban|ubnd|trung tam|chi cuc|tong cuc)\b")
_FILING = re.compile(r"^[-–•+]\s*Lưu\s*(?::|VT\b|Văn thư)")
_SIGNED = re.compile(r"[(\[]?\s*(?:đã ký|Đã ký|ĐÃ KÝ)[^)\]]*[)\]]?|[(\[]\s*(?:ký|Ký)[^)\]]*[)\]]")
_RANK = re.compile(
    r"(?<!\S)(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tá|tướng|úy|uý)|Đồng chí|Đ/c|Ông|Bà"
    r"|(?:PGS|GS)\.?\s*TS|TS|ThS|Ths|KS|BS)\.?\s+(?=\w)"
)
_APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục|BIỂU|Biểu mẫu|DANH MỤC|DANH SÁCH|\[\d+\])")
_NOI_NHAN = re.compile(r"^\W*N[ơo]i\s+nh[ậa]n\s*:?\s*", re.I)
_ITEM_SPLIT = re.compile(r"(?:^|(?<=[;,.:\n]))[^\S\n]*[-–•+]\s+")


def _is_title_word(token: str) -> bool:
    if not token.isalpha():
        return False
    return token[0].isupper() and (len(token) == 1 or token[1:].islower())


def split_name(text: str) -> tuple[str, str | None]:
    """Split "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A" into the capitals and the trailing name."""
    text = _SIGNED.sub(" ", text)
    text = _RANK.sub(lambda m: "" if text[m.end() : m.end() + 1].isupper() else m.group(), text).strip()
    tokens = text.split()
    k = len(tokens)
    while k > 0 and _is_title_word(tokens[k - 1]) and len(tokens) - k < 6:
        k -= 1
    name = tokens[k:]
    head = tokens[:k]
    if len(name) < 2 or (head and not is_upper(" ".join(head))):
        return text, None
    return " ".join(head), " ".join(name)


def _segments(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(s.strip() for s in _SEGMENT_SPLIT.split(line) if s.strip())
    return out


def make_signature(lines: list[str], signer: str | None, source: Source | None) -> Signature:
    """Authority ("TM. ..."), position ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") and signer from the capitals."""
    segments = _segments(lines)
    authority: str | None = None
    if segments and _AUTHORITY.match(segments[0]):
        authority = segments.pop(0)
    position = " / ".join(segments) or None
    return Signature(authority=authority, position=position, signer=signer, source=source)


def is_signature_start(text: str) -> bool:
    """A line that opens a signature block: "TM. ...", "KT. ...", or capitals naming a position."""
    if text[:1] in "-–•+":
        return False
    if _PREFIX_START.match(text):
        return True
    head, _name = split_name(text)
    return is_upper(head) and len(head) < 90 and _POSITION.search(head) is not None and not _APPENDIX.match(head)


# --- the closing zone ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Closing:
    signature: Signature = field(default_factory=Signature)
    recipients: list[str] = field(default_factory=list)
    start: int = -1  # index of the first block of the closing zone (Nơi nhận / signature); -1 when none
    end: int = -1  # index after the last block of the closing zone


@dataclass(slots=True)
class _Sig:
    capitals: list[str] = field(default_factory=list)
    signer: str | None = None
    source: Source | None = None
    last_block: int = -1

    def add(self, line: Line) -> bool:
        """Take one line of the signature block; False when the line is not part of it."""
        if _APPENDIX.match(line.text):
            return False
        if not _SIGNED.sub("", line.text).strip(" .,"):  # "(Đã ký)" alone
            self.last_block = line.block
            return True
        head, name = split_name(line.text)
        if not is_upper(head) and head:
            return False
        if head:
            self.capitals.append(head)
        if self.source is None:
            self.source = line.source
        self.signer = name
        self.last_block = line.block
        return True

    def trailing(self, lines: list[Line]) -> None:
        """A title written under the name ("PHÓ GIÁM ĐỐC" / "SỞ CÔNG THƯƠNG LÀO CAI")."""
        if not lines or not is_upper(lines[0].text) or not _POSITION_START.match(fold_same_length(lines[0].text)):
            return
        self.last_block = max(self.last_block, lines[0].block)
        if len(lines) > 1 and is_upper(lines[1].text) and _ORG_START.match(fold_same_length(lines[1].text)):
            self.last_block = max(self.last_block, lines[1].block)


_SPAN = 80  # blocks read from the start of the closing zone


def read_closing(blocks: list[Block], body_start: int) -> Closing:
    """The closing zone (recipients, signature) after the body; blocks after ``end`` are appendices."""
    start = _find_recipients(blocks, body_start)
    if start is None:
        return _closing_without_recipients(blocks, body_start)
    lines = block_lines(blocks, start, start + _SPAN)
    head = next((k for k, line in enumerate(lines) if _NOI_NHAN.match(line.text)), None)
    column, block = (lines[head].col, lines[head].block) if head is not None else (0, start)
    items = [_NOI_NHAN.sub("", lines[head].text)] if head is not None else []
    sig = _Sig()
    for line in lines:  # the signature cell of the same row
        if line.block == block and line.col != column:
            sig.add(line)
    rest = [line for line in lines[(head if head is not None else -1) + 1 :] if not (line.block == block and line.col != column)]
    k, last = _read_recipients(rest, items, block, sig)
    if sig.signer is None:
        k = _read_signature(rest, k, sig)
    if sig.signer is None:
        k = _lenient_signer(rest, k, sig, lambda: "\n".join(b.text for b in blocks[body_start:start] if isinstance(b, Paragraph)))
    if sig.signer is None:  # the signature may stand before "Nơi nhận" (two-column PDF text)
        before = _signature_before(blocks, start, body_start)
        if before is not None:
            start, sig = before
    end = max(last, sig.last_block) + 1
    if sig.signer is not None and sig.last_block >= block:
        sig.trailing([line for line in rest[k:] if line.block > sig.last_block][:2])
        end = max(end, sig.last_block + 1)
    signature = make_signature(sig.capitals, sig.signer, sig.source)
    return Closing(signature=signature, recipients=split_items("\n".join(items)), start=start, end=end)


def _read_recipients(rest: list[Line], items: list[str], block: int, sig: _Sig) -> tuple[int, int]:
    """Recipient lines from ``rest`` into ``items``; returns the index after them and their last block.
    A signature line between two items (two columns read line by line) goes to ``sig``."""
    k, last = 0, block
    while k < len(rest) and not _APPENDIX.match(rest[k].text):
        line = rest[k]
        if is_signature_start(line.text):
            interleaved = k + 1 < len(rest) and rest[k + 1].text[:1] in "-–•+" and not _filed(items)
            if not interleaved:
                break
            sig.add(line)
        elif _continues_recipients(line, items, block):
            items.append(line.text)
            last = line.block
        else:
            break
        k += 1
    return k, last


def _filed(items: list[str]) -> bool:
    """The list already ends with its "Lưu: VT, ..." line."""
    tail = split_items(items[-1]) if items else []
    return bool(tail) and tail[-1].startswith("Lưu")


def _lenient_signer(rest: list[Line], k: int, sig: _Sig, body: Callable[[], str]) -> int:
    """OCR-damaged signature blocks: the first plain name among the next few short lines, or a name whose
    first word is garbled ("lowfg Văn Thuân") completed from the body ("Ông Hoàng Văn Thuân - Trưởng
    đoàn"). With none, the short lines under a signing authority already read stay in the zone."""
    run = k
    for j in range(k, min(k + 8, len(rest))):
        line = rest[j]
        if _APPENDIX.match(line.text) or len(line.text) > 90:
            break
        name = split_name(line.text)[1] or (_completed_name(line.text, body) if sig.capitals else None)
        if name:
            sig.signer, sig.last_block = name, line.block
            sig.source = sig.source or line.source
            return j + 1
        if len(line.text) <= 60 and run == j:
            run = j + 1
    if sig.capitals and run > k:
        sig.last_block = max(sig.last_block, rest[min(run, k + 4) - 1].block)
        return min(run, k + 4)
    return k


def _completed_name(text: str, body: Callable[[], str]) -> str | None:
    tokens = text.split()
    tail = tokens[-2:]
    if len(tokens) != 3 or not all(_is_title_word(t) for t in tail) or _is_title_word(tokens[0]):
        return None
    pattern = re.compile(r"((?:\w+\s+){1,3})" + r"\s+".join(map(re.escape, tail)) + r"(?!\w)")
    for m in pattern.finditer(body()):
        words = m.group(1).split()
        while words and not all(_is_title_word(w) for w in words):
            words.pop(0)
        if words:
            return " ".join(words + tail)
    return None


def _continues_recipients(line: Line, items: list[str], block: int) -> bool:
    if line.block == block or line.text[:1] in "-–•+":
        return True
    last = items[-1].strip() if items else ""
    if _filed(items):  # "Lưu: VT, ..." ends the list
        return False
    head, name = split_name(line.text)
    if name and not head:
        return False
    return line.text[:1].islower() or not last.endswith((";", ".", ","))


def _read_signature(rest: list[Line], k: int, sig: _Sig) -> int:
    """Read signature lines from ``rest[k:]``; return the index after the last one read."""
    taken = 0
    while k < len(rest) and taken < 10 and sig.signer is None:
        if not sig.add(rest[k]):
            break
        k += 1
        taken += 1
    return k


def _signature_before(blocks: list[Block], start: int, body_start: int) -> tuple[int, _Sig] | None:
    """A signature block (with a name) in the few blocks just before ``start``."""
    for index in range(max(start - 6, body_start, 0), start):
        lines = block_lines(blocks, index, start)
        if not lines or not is_signature_start(lines[0].text):
            continue
        sig = _Sig()
        if _read_signature(lines, 0, sig) == len(lines) and sig.signer is not None:
            return index, sig
    return None


def split_items(text: str) -> list[str]:
    """ "- A; - B, - Lưu: VT" → ["A", "B", "Lưu: VT"]; a dash opening a line always starts an item."""
    items = (re.sub(r"\s+", " ", part).strip(" ;,.") for part in _ITEM_SPLIT.split(text))
    return [item for item in items if any(c.isalpha() for c in item)]


def _find_recipients(blocks: list[Block], body_start: int) -> int | None:
    """The block of "Nơi nhận:"; failing that (OCR), the first item of a list ending "- Lưu: VT, ..."."""
    filing = None
    for index in range(max(body_start, 0), len(blocks)):
        block = blocks[index]
        if isinstance(block, Paragraph):
            if "nhận" in block.text and _NOI_NHAN.match(plain(block.text)):
                return index
            if filing is None and _FILING.match(block.text):
                filing = index
        elif any(_NOI_NHAN.match(plain(cell.text)) for row in block.rows for cell in row):
            return index
    if filing is None:
        return None
    first = filing
    while first - 1 > body_start and _is_item(blocks[first - 1]) and filing - first < 40:
        first -= 1
    return first if filing - first >= 1 else None


def _is_item(block: Block) -> bool:
    return isinstance(block, Paragraph) and (block.text[:1] in "-–•+" or block.text[:1].islower())


def _closing_without_recipients(blocks: list[Block], body_start: int) -> Closing:
    """A signature block with no "Nơi nhận": the first "TM./KT./..." or position line followed by a name."""
    for index in range(max(body_start, 0), len(blocks)):
        block = blocks[index]
        if isinstance(block, Paragraph) and len(block.text) > 120:
            continue
        lines = block_lines(blocks, index, index + 6)
        if not lines or lines[0].block != index or not is_signature_start(lines[0].text):
            continue
        sig = _Sig()
        k = _read_signature(lines, 0, sig)
        if sig.signer is None:
            continue
        sig.trailing([line for line in lines[k:] if line.block > sig.last_block][:2])
        signature = make_signature(sig.capitals, sig.signer, sig.source)
        return Closing(signature=signature, start=index, end=sig.last_block + 1)
    return Closing()
