"""Where agency names occur in running text: listed names, named units, groups, unlisted names.

Scans folded text (see :func:`theodoi.parsing.agency_names.fold_in_place`) token by token against
sets of known word sequences, which is fast and loads quickly; positions are those of the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from theodoi.parsing.agency_names import TOKEN_RE, Gazetteer, fold_key, gazetteer
from theodoi.text import key

_JOINER_RE = re.compile(r"[ \t,\-–—&/]*")
_NAME_WORD_RE = re.compile(r"[ \t\-–—]*([^\W_]\w*)")
_NUMBER_RE = re.compile(r"\s*(?:\d+|[IVXLC]+)(?!\w)")
_BARE = {"dia phuong", "co quan", "don vi", "bo", "nganh", "so", "doanh nghiep", "doan the", "luc luong",
         "chinh quyen dia phuong"}
_BARE_FIRST = {b.split()[0] for b in _BARE}
_CORE = {"ban", "nganh", "dia phuong", "don vi", "doan the", "doanh nghiep"}
_GROUP_GAP_RE = re.compile(r"\s*,?\s*(?:va\s+)?(?:cac\s+)?")


class Tokens:
    """The words of a folded text with their positions, computed once for all scanners."""

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self.words: list[str] = TOKEN_RE.findall(folded)
        spans = [m.span() for m in TOKEN_RE.finditer(folded)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.n = len(self.words)

    def joined(self, i: int) -> bool:
        """Whether token ``i`` follows token ``i - 1`` within one name (spaces, commas, dashes only)."""
        return _JOINER_RE.fullmatch(self.folded, self.ends[i - 1], self.starts[i]) is not None


class _Phrases:
    """A set of word sequences, matched longest-first on a token list."""

    def __init__(self, phrases: list[str]) -> None:
        self.complete = set(phrases)
        self.prefixes = {" ".join(p.split()[:k]) for p in phrases for k in range(1, len(p.split()) + 1)}
        self.first = {p.split()[0] for p in phrases if p}

    def longest(self, tokens: Tokens, i: int) -> int | None:
        """Index after the last token of the longest phrase starting at token ``i``, if any."""
        if i >= tokens.n or tokens.words[i] not in self.first:
            return None
        phrase, best, j = tokens.words[i], None, i
        while phrase in self.prefixes:
            if phrase in self.complete:
                best = j + 1
            j += 1
            if j == tokens.n or not tokens.joined(j):
                break
            phrase = f"{phrase} {tokens.words[j]}"
        return best


class SpanFinder:
    """Finds listed names, named units and group references in folded text (see :func:`fold_in_place`)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.known = _Phrases([fold_key(n) for n in gaz.names if n[:1].isupper() or n.startswith("các ")])
        self.provinces = _Phrases(list(gaz.provinces))
        self.rest = {p: e.rest for p, e in gaz.patterns if e.rest in ("name", "number")}
        self.patterns = _Phrases(list(self.rest))
        # Folding merges "quận" and "quan" ("cơ quan Văn phòng" is not "Quận Văn"): prefixes must
        # also match with their diacritics.
        self.prefix_keys = {
            key(gaz.expander.expand(prefix).text)
            for entity, prefixes in gaz.pattern_prefixes() for prefix in prefixes
        }
        self.nouns = _Phrases([f for f, _, _ in gaz.nouns])

    def known_spans(self, folded: str, tokens: Tokens | None = None) -> list[tuple[int, int]]:
        """Listed names, extended over a following province ("Công an tỉnh" + " Lào Cai")."""
        tokens = tokens or Tokens(folded)
        spans, i, first = [], 0, self.known.first
        while i < tokens.n:
            end = self.known.longest(tokens, i) if tokens.words[i] in first else None
            if end is None:
                i += 1
                continue
            end = self._province_tail(tokens, end) or end
            spans.append((tokens.starts[i], tokens.ends[end - 1]))
            i = end
        return spans

    def _province_tail(self, tokens: Tokens, k: int) -> int | None:
        if k >= tokens.n or tokens.folded[tokens.ends[k - 1] : tokens.starts[k]].strip():
            return None
        words = tokens.words[k : k + 2]
        k += 1 if words[:1] == ["tinh"] else 2 if words == ["thanh", "pho"] else 0
        return self.provinces.longest(tokens, k)

    def pattern_spans(self, tokens: Tokens, text: str) -> list[tuple[int, int]]:
        """Named units: the pattern prefix, then capitalised words or a number from ``text``."""
        spans = []
        for i, word in enumerate(tokens.words):
            stop = self.patterns.longest(tokens, i) if word in self.patterns.first else None
            if stop is None or key(text[tokens.starts[i] : tokens.ends[stop - 1]]) not in self.prefix_keys:
                continue
            end = start = tokens.ends[stop - 1]
            if self.rest[" ".join(tokens.words[i:stop])] == "number":
                number = _NUMBER_RE.match(text, end)
                end = number.end() if number else end
            else:
                for _ in range(6):
                    name = _NAME_WORD_RE.match(text, end)
                    if not name or not (name.group(1)[0].isupper() or name.group(1)[0].isdigit()):
                        break
                    end = name.end()
            if end > start:
                spans.append((tokens.starts[i], end))
        return spans

    def group_spans(self, tokens: Tokens, text: str) -> list[tuple[int, int]]:
        """"các" + generic nouns joined by commas or "và" (+ "có liên quan"); without "các", only a
        lower-case common noun followed by "liên quan" ("địa phương có liên quan")."""
        spans, i, words = [], 0, tokens.words
        while i < tokens.n:
            quantified = words[i] == "cac"
            start = i + quantified
            end = self.nouns.longest(tokens, start) if quantified or words[i] in _BARE_FIRST else None
            if end is not None and not quantified:
                noun = " ".join(words[start:end])
                end = end if noun in _BARE and text[tokens.starts[start]].islower() else None
            if end is not None:
                end = self._more_nouns(tokens, end)
                related = _related(words, end)
                if quantified or related > end:
                    spans.append((tokens.starts[i], tokens.ends[related - 1]))
                    i = related
                    continue
            i += 1
        return spans

    def _more_nouns(self, tokens: Tokens, end: int) -> int:
        while end < tokens.n:
            j = end + (tokens.words[end] == "va")
            j += j < tokens.n and tokens.words[j] == "cac"
            gap = tokens.folded[tokens.ends[end - 1] : tokens.starts[j]] if j < tokens.n else ";"
            nxt = self.nouns.longest(tokens, j) if _GROUP_GAP_RE.fullmatch(gap) else None
            if nxt is None or (not gap.strip() and " ".join(tokens.words[j:nxt]) not in _CORE):
                break  # without a comma or "và" only the nouns of "sở ban ngành địa phương" run on
            end = nxt
        return end


def _related(words: list[str], end: int) -> int:
    following = words[end : end + 3]
    end = end + 2 if following[:2] == ["lien", "quan"] else end + 3 if following == ["co", "lien", "quan"] else end
    return end + 1 if words[end : end + 1] == ["khac"] else end


@lru_cache(maxsize=1)
def span_finder() -> SpanFinder:
    return SpanFinder(gazetteer())


_HEAD_RE = re.compile(
    r"(?<!\w)(?:Sở|Ban Quản lý|Ban|Cục|Tổng cục|Chi cục|Vụ|Viện|Trung tâm|Văn phòng|Hội|Hiệp hội|Liên đoàn|Đài|Báo"
    r"|Tạp chí|Trường|Học viện|Bệnh viện|Công ty|Tổng công ty|Tập đoàn|Ngân hàng|Quỹ|Phòng|Đội|Tổ|Đoàn|Chi nhánh"
    r"|Bộ Tư lệnh|Bộ Chỉ huy|Bộ|Ủy ban|Hội đồng|Nhà đầu tư|Chủ đầu tư)\s+(?=\w)"
)
_NAME_PART_RE = re.compile(r"[ \t]*([^\s,;:.()]+)")
_STOP_WORDS = {"và", "với", "cùng", "để", "trong", "theo", "về", "tại", "được", "là", "có", "đã", "sẽ", "đang", "phải",
               "khẩn", "tiếp", "chủ", "phối", "tham", "thực", "chịu", "chỉ", "hướng", "nghiên", "triển", "báo", "tổng"}
_STOP_PAIRS = {"chủ trì", "phối hợp", "tham mưu", "thực hiện", "chịu trách", "chỉ đạo", "hướng dẫn", "khẩn trương",
               "tiếp tục", "chủ động", "nghiên cứu", "triển khai", "báo cáo", "tổng hợp"}


def head_spans(text: str) -> list[tuple[int, int]]:
    """Unlisted names opening with an agency head and a capitalised word ("Ban Quản lý dự án đầu tư
    xây dựng số 1"), up to punctuation or a duty verb ("chủ trì", "phối hợp"...)."""
    spans = []
    for m in _HEAD_RE.finditer(text):
        end, words = m.end(), 0
        first = _NAME_PART_RE.match(text, end)
        capital = m.group().split()[1:2] or ([first.group(1)] if first else [""])
        if first is None or not (capital[0][:1].isupper() or capital[0][:1].isdigit()):
            continue
        while words < 12:
            part = _NAME_PART_RE.match(text, end)
            if part is None or _stops(part.group(1), text, part.end()):
                break
            end, words = part.end(), words + 1
        spans.append((m.start(), end))
    return spans


def _stops(word: str, text: str, after: int) -> bool:
    if word not in _STOP_WORDS:
        return False
    following = _NAME_PART_RE.match(text, after)
    return word in ("và", "với", "cùng", "để", "trong", "theo", "về", "tại", "được", "là", "có", "đã", "sẽ", "đang",
                    "phải") or bool(following and f"{word} {following.group(1)}" in _STOP_PAIRS)

