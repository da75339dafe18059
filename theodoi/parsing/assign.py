"""Who must do the work: the lead (chủ trì) and coordinating (phối hợp) agencies of a task text.

Forms handled, at the start of a task's text:
- label: "Sở Tài chính, Sở Nội vụ: Phấn đấu ..." (the agencies before the colon lead);
- cue: "Giao Sở Công Thương chủ trì, phối hợp với ..." / "Đề nghị Viện Kiểm sát ...";
- subject: "Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với ..." / "Các sở, ngành theo chức năng ...";
- head of agency: "Giám đốc các sở, Thủ trưởng các cơ quan, đơn vị tổ chức ..." (the agencies lead).
Coordinating agencies follow "phối hợp với" / "cùng với" at the start of the work, or open a sentence
("Phối hợp với Ban Quản lý các KCN tỉnh: ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from theodoi.data import load_toml
from theodoi.parsing import agencies
from theodoi.text import fold, new_tones


@dataclass(slots=True)
class Assignment:
    leads: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    rest: str = ""  # the work itself, after the agency label / subject
    how: str = ""  # "label", "cue", "subject", "head", ""

    @property
    def has_work(self) -> bool:
        """Whether the text says what to do, beyond "chủ trì, phối hợp với X"."""
        rest = _LEAD_IN.sub("", _PAREN_NOTE.sub("", self.rest))
        cue = _cues()["support"].match(rest)
        if cue:
            _chunk, end = take_agency_list(rest[cue.end():])
            rest = rest[cue.end() + end:]
        return bool(rest.strip(" .,;:-–"))


_PAREN_NOTE = re.compile(r"^\s*\([^()]*\)")  # "Giao Sở Nội vụ (Cơ quan Thường trực ...):"
_LEAD_IN = re.compile(r"(?i)^\s*(?:là cơ quan chủ trì|chủ trì)?[\s,]*")


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    data = load_toml("assignment")

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

    return {
        "assign": re.compile(rf"^(?:{alternation(data['assign_cues'])})\s+", re.I),
        "owner": re.compile(rf"^(?:{alternation(data['owner_cues'])})\s+", re.I),
        "follower": re.compile(rf"^[,\s]*(?:{alternation(data['subject_followers'])})(?!\w)", re.I),
        "name_prefix": re.compile(rf"^(?:{alternation(data['name_prefixes'])})(?!\w)", re.I),
        "intro": re.compile(rf"(?:{alternation(data['bullet_intros'])})\s*:\s*$", re.I),
        "support": re.compile(
            rf"^(?:(?:{alternation(data['support_preludes'])})[\s,]*)*(?:{alternation(data['support_cues'])})\s+", re.I
        ),
        "support_sentence": re.compile(
            rf"(?:^|(?<=[.;:]\s)|(?<=\n))(?:chủ trì\s*,\s*)?(?:{alternation(data['support_cues'])})\s+", re.I
        ),
        "support_assigning_any": re.compile(r"(?<!\w)(?:chủ trì|phối hợp|cùng với)(?!\w)", re.I),
        "support_assigning": re.compile(r"(?<!\w)chủ trì\s*,?\s*(?:phối hợp(?: chặt chẽ)?(?: với)?|cùng với)\s+", re.I),
        "verb": re.compile(rf"(?<!\w)(?:{alternation(data['action_verbs'])})(?!\w)", re.I),
        "about": re.compile(rf"^(?:{alternation(data['about_prefixes'])})\s+", re.I),
        "circumstance": re.compile(rf"^(?:{alternation(data['circumstances'])})(?!\w)", re.I),
        "head": re.compile(rf"^(?:{alternation(data['heads'])})\s+", re.I),
        "heads_any": re.compile(rf"(^|,\s*|;\s*|\s+và\s+)(?:{alternation(data['heads'])})\s+", re.I),
        "lead_field": re.compile(rf"^(?:{alternation(data['lead_fields'])})\s*[:：]\s*", re.I),
        "support_field": re.compile(rf"^(?:{alternation(data['support_fields'])})\s*[:：]\s*", re.I),
        "not_task": re.compile(rf"(?<!\w)(?:{alternation(data['not_tasks'])})(?!\w)", re.I),
        "timeline": re.compile(rf"^(?:{alternation(data['timeline_labels'])})\s*[:：]\s*", re.I),
    }


def timeline_label(text: str) -> re.Match[str] | None:
    """Match a timeline paragraph's label: "Thời gian thực hiện: ..."."""
    return _cues()["timeline"].match(new_tones(text))


def take_agency_list(text: str) -> tuple[str, int]:
    """The agency list at the start of ``text`` and where it ends.

    Known agency names (and groups) are taken whole; otherwise the list ends at the first action
    verb outside a known name, or at ";", ".", ":" or "(".
    """
    spans = agencies.find_agencies(text)
    pos = 0
    for start, end, _name in spans:
        gap = text[pos:start]
        if start < pos or (gap.strip(" ,;") and _gap_re().fullmatch(gap) is None and not _prefix_gap(gap, pos == 0)):
            break
        pos = end
    if pos > 0:
        more = _TITLE_TAIL.match(text, pos)
        if more:  # "Trung tâm Xúc tiến Đầu tư" + ", Thương mại và Du lịch:" (a comma inside an unlisted name)
            pos = more.end()
        chunk = text[:pos].rstrip(" ,")
        return chunk, len(chunk)
    limit = len(text)
    verb = _cues()["verb"].search(text)
    if verb:
        limit = verb.start()
    stop = _STOP.search(text)
    if stop and stop.start() < limit:
        limit = stop.start()
    chunk = text[:limit].rstrip(" ,")
    return chunk, len(chunk)


_BO_TRUONG = re.compile(r"(?<!\w)[Bb]ộ trưởng(?=\s*[,;])")
_CAP = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ][^\W\d_]*"
_TITLE_TAIL = re.compile(rf",\s+{_CAP}(?:\s+[^\W\d_]+){{0,3}}(?:\s+và\s+{_CAP}(?:\s+[^\W\d_]+){{0,2}})?(?=\s*(?::|$))")
_SEPARATOR = re.compile(r"[\s,;]*(?:(?:và|với|cùng|cùng với)\s+)?[\s,;]*")


_PREFIX_GAP = re.compile(r"^(?P<sep>[\s,;]*(?:và\s+)?)(?P<words>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][^\W\d_]*(?:\s+[^\W\d_]+){0,5})\s+$")


def _prefix_gap(gap: str, first: bool) -> bool:
    """A short capitalised prefix of the next name ("Đảng ở Thường trực" + "Hội đồng Dân tộc",
    ", Tổ trưởng Tổ đảng ở" + "..."), with no duty verb in it."""
    m = _PREFIX_GAP.match(gap)
    if m is None or (not first and not m.group("sep").strip()) or (first and m.group("sep")):
        return False
    if _cues()["verb"].search(m.group("words")) is not None:
        return False
    return not first or _cues()["name_prefix"].match(m.group("words")) is not None


@lru_cache(maxsize=1)
def _gap_re() -> re.Pattern[str]:
    """What may stand between two agencies of one list: separators, a connector ("thuộc"), a title."""
    data = load_toml("assignment")
    words = "|".join(re.escape(w) for w in sorted(data["name_connectors"] + data["list_titles"], key=len, reverse=True))
    return re.compile(rf"[\s,;/]*(?:(?:và|với|cùng|cùng với)\s+)?[\s,;]*(?:(?:{words})\s+)?", re.I)
_STOP = re.compile(r"[;.:(]|\s[-–]\s")


_SLASHED = re.compile(r"(?<=[^\W\d_])\s*/\s*(?=[A-ZĐÂĂÊÔƠƯ])")  # "Bộ Chỉ huy Quân sự tỉnh/Ban Chỉ huy ..."


def _names(chunk: str) -> list[str]:
    chunk = _SLASHED.sub(", ", chunk.strip(" ,.;:"))
    if not chunk:
        return []
    names = [n for n in agencies.split_agencies(chunk) if n]
    merged: list[str] = []
    for name in names:
        if merged and " " not in merged[-1] and merged[-1][:1].isupper():
            # a lone word is no agency: "Báo" + "Đài Phát thanh, Truyền hình ..." is one name joined by "và"
            merged[-1] = f"{merged[-1]} và {name}"
        else:
            merged.append(name)
    return merged


def _strip_head(text: str) -> tuple[str, bool]:
    """"Giám đốc các sở, Thủ trưởng các cơ quan, đơn vị ..." → "các sở, các cơ quan, đơn vị ..."."""
    head = _cues()["head"]
    if not head.match(text):
        return text, False
    out = _BO_TRUONG.sub("các bộ", text)
    out = _cues()["heads_any"].sub(r"\1", out)
    return out, True


def parse_assignment(text: str, *, owned: bool = False) -> Assignment:
    """Read the agencies that open a task's text. ``owned``: the item sits under an agency heading,
    so "Yêu cầu X ..." is that agency's duty."""
    about = _cues()["about"].match(text)
    if about:
        inner = parse_assignment(text[about.end():], owned=owned)
        if inner.leads:
            return inner
    found: Assignment | None = (
        _label_form(text) or _cue_form(text, owned) or _requested(text, owned) or _subject_form(text)
    )
    if found is None and not owned:
        found = _after_circumstance(text)
    if found is None:
        found = Assignment(rest=text)
    found.supports = _supports(found.rest) + list(found.supports)
    return found


_PERSON_LABEL = re.compile(
    r"^(?P<who>(?:Ông|Bà|Đồng chí|Đ/c)\.?\s+(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ][^\W\d_]*\s*){2,5}"
    r"(?:\s*[-–,]\s*[^:;]{2,60}?)?)\s*:\s*(?P<rest>\S.*)$",
    re.S,
)


def _person_label(text: str) -> Assignment | None:
    """"Ông Hoàng Văn Thuân - Trưởng đoàn: Phụ trách chung ...": a named person's duty."""
    m = _PERSON_LABEL.match(text)
    if m is None:
        return None
    who = re.sub(r"^(Ông|Bà|Đồng chí|Đ/c)\.\s*", r"\1 ", " ".join(m.group("who").split()))
    return Assignment(leads=[who], rest=m.group("rest").strip(), how="label")


_ASSIGNING_WORDS = re.compile(r"(?i)(?<!\w)(?:chủ trì|phối hợp|cùng với)(?!\w)")


def _has_duty_verb(label: str) -> bool:
    """Duty verbs outside the agency names of a label ("Ban hành và tổ chức thực hiện ..., trong đó:")."""
    rest, last = [], 0
    for start, end, _name in agencies.find_agencies(label):
        rest.append(label[last:start])
        last = end
    rest.append(label[last:])
    # one verb may belong to an unlisted name ("Đoàn kiểm tra", "Ban Chỉ đạo"); two make a sentence
    return len(_cues()["verb"].findall(" ".join(rest))) >= 2


def _label_form(text: str) -> Assignment | None:
    person = _person_label(text)
    if person is not None:
        return person
    label = text.split(":", 1)[0]
    if _ASSIGNING_WORDS.search(label) or _cues()["assign"].match(label) or _has_duty_verb(label):
        return None  # "Giao Sở X chủ trì, phối hợp với Y:" is a cue or a subject, not a label
    result = agencies.leading_agencies(text)
    if result is None:
        stripped, is_head = _strip_head(text)
        if is_head:
            result = agencies.leading_agencies(stripped)
        if result is None:
            return None
    names, rest = result
    if not names:
        return None
    return Assignment(leads=list(names), rest=rest.strip(), how="label")


def _cue_form(text: str, owned: bool = False) -> Assignment | None:
    m = _cues()["assign"].match(text)
    if not m or (owned and _cues()["owner"].match(text)):
        return None
    after = text[m.end():]
    chunk, end = take_agency_list(after)
    names = _names(chunk)
    if not names or not agencies.looks_like_agency(names[0]):
        return None
    rest = after[end:].lstrip(" ,:")
    return Assignment(leads=names, rest=rest, how="cue")


_REQUEST = re.compile(r"^(?P<who>[^,.;:]{3,90}?)\s+(?=(?P<cue>giao|đề nghị|yêu cầu)\s)", re.I)


def _requested(text: str, owned: bool = False) -> Assignment | None:
    """"Chủ tịch UBND tỉnh giao Sở Nội vụ chủ trì ...", "Bộ Công Thương đề nghị Ủy ban nhân dân các tỉnh
    ...": the agencies named after the cue do the work."""
    m = _REQUEST.match(text)
    if m is None or (owned and m.group("cue").lower() == "yêu cầu"):
        return None
    who = _strip_head(m.group("who"))[0]
    if not agencies.looks_like_agency(who):
        return None
    return _cue_form(text[m.end():], owned)


def _subject_form(text: str) -> Assignment | None:
    stripped, is_head = _strip_head(text)
    chunk, end = take_agency_list(stripped)
    names = _names(chunk)
    if not names or not any(agencies.looks_like_agency(n) for n in names) or not _opens_with(chunk, names[0]):
        return None
    rest = stripped[end:]
    if rest.strip() and not _cues()["follower"].match(rest) and not rest.lstrip().startswith(":"):
        if _QUALIFIER.fullmatch(rest):
            # a heading that is only agencies and a qualifier: "Các cơ quan, đơn vị được kiểm tra"
            return Assignment(leads=[*names[:-1], f"{names[-1]} {rest.strip()}"], rest="", how="subject")
        duty = _DUTY.search(rest[:120])
        if duty is None or _STOP.search(rest, 0, duty.start()):
            return None
        # "Các tổ chức, cá nhân được cấp giấy phép ... có trách nhiệm ...": the qualifier belongs to the name
        names[-1] = f"{names[-1]} {rest[: duty.start()].strip()}"
        rest = rest[duty.start():]
    return Assignment(leads=names, rest=rest.lstrip(" ,:"), how="head" if is_head else "subject")


_QUALIFIER = re.compile(r"\s*(?:được|tham gia|có liên quan|trực thuộc|thuộc)(?:\s+[^\s.;:,()]+){0,5}\s*:?\s*", re.I)
_DUTY = re.compile(r"\s(?:có trách nhiệm|chịu trách nhiệm|chủ trì)(?!\w)", re.I)


def _after_circumstance(text: str) -> Assignment | None:
    """"Trên cơ sở ..., các bộ, ngành chủ động ...": the subject after an opening circumstance."""
    if not _cues()["circumstance"].match(text):
        return None
    limit = _cues()["support_assigning_any"].search(text)
    for comma in re.finditer(r",\s+", text[: limit.start() if limit else 400]):
        after = text[comma.end():]
        found = _cue_form(after) or _subject_form(after)
        if found is not None and found.rest.strip():
            return found
    return None


def _opens_with(chunk: str, name: str) -> bool:
    """The list really opens with its first agency (nothing like "Yêu cầu" was dropped before it)."""
    first = agencies.expand_abbreviations(chunk).split(maxsplit=1)[:1]
    return bool(first) and fold(first[0]) == fold(name.split(maxsplit=1)[0])


def _supports(rest: str) -> list[str]:
    """Coordinating agencies: "chủ trì, phối hợp với X ..." and sentences opening "Phối hợp với X"."""
    out: list[str] = []
    cues = _cues()
    m = cues["support"].match(rest)
    positions = [m.end()] if m else []
    for s in cues["support_sentence"].finditer(rest):
        if s.start() > 0:
            positions.append(s.end())
    assigning = cues["support_assigning"].search(rest)
    if assigning and assigning.end() not in positions:
        positions.append(assigning.end())
    for pos in positions:
        chunk, _ = take_agency_list(rest[pos:])
        for name in _names(chunk):
            if agencies.looks_like_agency(name) and name not in out:
                out.append(name)
    return out


def sentence_subject(text: str, *, owned: bool = False) -> Assignment | None:
    """A paragraph whose subject is an agency ("Bộ Tài chính chủ trì ...", "Giao Sở X ...")."""
    found = _cue_form(text, owned) or _subject_form(text)
    if found is None:
        label = _label_form(text)
        if label is None:
            return None
        found = label
    found.supports = _supports(found.rest)
    return found


def sentence_supports(paragraph: str) -> list[str]:
    """Coordinating agencies of a paragraph that opens with "Phối hợp với X ..."."""
    if not _cues()["support_sentence"].match(paragraph):
        return []
    return _supports(paragraph)


def announces_bullets(text: str) -> bool:
    """Whether an item's own text announces its bullets as separate duties ("... các nhiệm vụ sau:")."""
    return _cues()["intro"].search(text) is not None


def field_line(text: str) -> Assignment | None:
    """An item's field line: "Đơn vị chủ trì thực hiện: Sở X." gives leads (and coordinators when the
    value reads "X chủ trì, phối hợp Y"); "Đơn vị phối hợp: Y." gives coordinators only."""
    folded = new_tones(text)
    m = _cues()["lead_field"].match(folded)
    if m:
        value = text[m.end():].strip(" .;")
        found = parse_assignment(value)
        if found.leads:
            return Assignment(leads=found.leads, supports=found.supports, how="field")
        return Assignment(leads=_names(value), how="field")
    m = _cues()["support_field"].match(folded)
    if m:
        return Assignment(supports=_names(text[m.end():]), how="field")
    return None


def is_not_a_task(text: str) -> bool:
    """The standard closing clause or a decision's effect, which assign no work."""
    return _cues()["not_task"].search(new_tones(text)) is not None
