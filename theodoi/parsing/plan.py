"""The extractor's result: a plan's task register (JSON shape ``theodoi.plan/1``).

Every field that was read from the document carries its :class:`Source` and, where the reading
can be unsure, a ``confidence`` between 0 and 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from theodoi.parsing.model import Source

SCHEMA = "theodoi.plan/1"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass(slots=True)
class Deadline:
    """A normalised timeline. ``kind``: date | ongoing | event | none."""

    text: str | None = None
    kind: str = "none"
    due: date | None = None
    recurring: bool = False
    recurrence: str | None = None  # "yearly", "half-yearly", "quarterly", "monthly", "weekly", "ongoing"
    exclusive: bool = False  # "trước ngày D": done before D
    start: date | None = None  # start of a span ("2024 - 2030" starts 2024-01-01)
    confidence: float = 1.0
    source: Source | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "due": _iso(self.due),
            "recurring": self.recurring,
            "recurrence": self.recurrence,
            "exclusive": self.exclusive,
            "start": _iso(self.start),
            "confidence": round(self.confidence, 2),
            "source": self.source.to_dict() if self.source else None,
        }


@dataclass(slots=True)
class Target:
    """A quantified aim: "giảm ít nhất 30% thời gian xử lý" → value 30, unit "%", comparator ">="."""

    text: str
    value: float
    unit: str
    comparator: str = ">="  # ">=", "<=", "="
    indicator: str | None = None
    direction: str | None = None  # "increase", "decrease" or None
    source: Source | None = None

    def to_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "text": self.text,
            "indicator": self.indicator,
            "value": value,
            "unit": self.unit,
            "comparator": self.comparator,
            "direction": self.direction,
            "source": self.source.to_dict() if self.source else None,
        }


@dataclass(slots=True)
class Reference:
    """A cited document: "Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ"."""

    kind: str | None
    number: str
    date: date | None = None
    issuer: str | None = None
    text: str = ""
    source: Source | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "date": _iso(self.date),
            "issuer": self.issuer,
            "text": self.text,
            "source": self.source.to_dict() if self.source else None,
        }


@dataclass(slots=True)
class AgencyRef:
    """An agency named in a task, as written and as resolved against the gazetteer."""

    name: str  # full name as a reader would say it (abbreviations expanded)
    text: str  # as written in the document
    role: str  # "lead" | "support"
    id: str | None = None  # gazetteer id when known
    kind: str | None = None  # department, locality, party, central, group, ...
    known: bool = False
    confidence: float = 1.0
    source: Source | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "text": self.text,
            "role": self.role,
            "id": self.id,
            "kind": self.kind,
            "known": self.known,
            "confidence": round(self.confidence, 2),
        }


@dataclass(slots=True)
class Finding:
    """A linter finding: a defect of the draft."""

    code: str
    severity: str  # "error" | "warning" | "info"
    message: str
    source: Source | None = None
    task: str | None = None  # ref#part of the task concerned

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "task": self.task,
            "source": self.source.to_dict() if self.source else None,
        }


@dataclass(slots=True)
class Task:
    ref: str
    part: int
    text: str
    heading: str = ""  # titles of the enclosing sections, " › "-joined
    section: str = ""  # ref of the enclosing section ("II.3")
    agencies: list[AgencyRef] = field(default_factory=list)
    deadline: Deadline = field(default_factory=Deadline)
    targets: list[Target] = field(default_factory=list)
    product: str | None = None  # "Sản phẩm" column of a task table
    origin: str = "narrative"  # "narrative" | "table" | "organisation" (Tổ chức thực hiện)
    confidence: float = 1.0
    source: Source | None = None
    end_line: int | None = None

    @property
    def lead(self) -> list[str]:
        return [a.name for a in self.agencies if a.role == "lead"]

    @property
    def support(self) -> list[str]:
        return [a.name for a in self.agencies if a.role == "support"]

    def to_dict(self) -> dict[str, Any]:
        source = self.source.to_dict() if self.source else {}
        if self.end_line is not None:
            source["end_line"] = self.end_line
        return {
            "ref": self.ref,
            "part": self.part,
            "heading": self.heading,
            "section": self.section,
            "text": self.text,
            "lead": self.lead,
            "support": self.support,
            "agencies": [a.to_dict() for a in self.agencies],
            "deadline": self.deadline.to_dict(),
            "targets": [t.to_dict() for t in self.targets],
            "product": self.product,
            "origin": self.origin,
            "confidence": round(self.confidence, 2),
            "source": source,
        }


@dataclass(slots=True)
class Signature:
    authority: str | None = None  # "TM. ỦY BAN NHÂN DÂN"
    position: str | None = None  # "CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    signer: str | None = None
    source: Source | None = None


@dataclass(slots=True)
class DocumentInfo:
    kind: str | None = None  # "Kế hoạch", "Công văn", ...
    number: str | None = None  # "123/KH-UBND", "86-CTr/TU"; None when blank (draft)
    symbol: str | None = None  # "KH-UBND"
    issuer: str | None = None  # full name, "Ủy ban nhân dân tỉnh Bắc Giang"
    parent: str | None = None  # parent body, "Ủy ban nhân dân tỉnh" over a sở
    place: str | None = None
    date: date | None = None
    year: int | None = None
    month: int | None = None
    title: str | None = None  # trích yếu
    style: str | None = None  # "state" | "party"
    signature: Signature = field(default_factory=Signature)
    recipients: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)  # "Kính gửi:" list
    level: str | None = None  # issuer level: "central", "province", "commune", ...
    province: str | None = None  # issuer's province when provincial
    source: Source | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "symbol": self.symbol,
            "issuer": self.issuer,
            "parent": self.parent,
            "place": self.place,
            "date": _iso(self.date),
            "year": self.year,
            "month": self.month,
            "title": self.title,
            "style": self.style,
            "level": self.level,
            "signer": self.signature.signer,
            "signature": {
                "authority": self.signature.authority,
                "position": self.signature.position,
                "signer": self.signature.signer,
            },
            "recipients": self.recipients,
            "addressees": self.addressees,
        }


@dataclass(slots=True)
class Section:
    """A node of the section tree (I., 1., 1.1., a), Phụ lục)."""

    ref: str
    label: str  # "II.", "3.1.", "a)"
    title: str
    level: int
    source: Source | None = None
    children: list[Section] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "label": self.label,
            "title": self.title,
            "level": self.level,
            "line": self.source.line if self.source else None,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(slots=True)
class Plan:
    document: DocumentInfo
    tasks: list[Task] = field(default_factory=list)
    plan_targets: list[Target] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    appendices: list[str] = field(default_factory=list)
    file: dict[str, Any] = field(default_factory=dict)  # path, format, sha256, pages, ocr, encoding
    # The normalised text the sources point into (not part of the JSON): see :func:`text_map`.
    text: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "file": self.file,
            "document": self.document.to_dict(),
            "tasks": [t.to_dict() for t in self.tasks],
            "plan_targets": [t.to_dict() for t in self.plan_targets],
            "references": [r.to_dict() for r in self.references],
            "findings": [f.to_dict() for f in self.findings],
            "sections": [s.to_dict() for s in self.sections],
            "appendices": self.appendices,
        }
