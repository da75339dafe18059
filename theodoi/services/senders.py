"""Who issues an official document and how its head and foot are laid out (Nghị định 30/2020): the
sender of a document about a plan (its coordinating agency, or the People's Committee), an agency's own
sender, the header block (issuing body under its parent, national motto, number-symbol, place and date)
and the signature block with the recipients. Shared by the urging letter and the consolidated report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from theodoi.services.agencies import in_force
from theodoi.services.letter_docx import LEFT, para, rule, table
from theodoi.services.plans import coordinator
from theodoi.store import Agency, Organisation, Plan
from theodoi.text import fold

HEADS = (("Sở ", "GIÁM ĐỐC"), ("Văn phòng ", "CHÁNH VĂN PHÒNG"), ("Thanh tra ", "CHÁNH THANH TRA"),
         ("Ban ", "TRƯỞNG BAN"), ("Bộ ", "BỘ TRƯỞNG"), ("Cục ", "CỤC TRƯỞNG"))

COMMITTEE = "Ủy ban nhân dân "


@dataclass(frozen=True, slots=True)
class Sender:
    parent: str  # the parent body, upper case ("UBND TỈNH BẮC NINH"), or ""
    lines: tuple[str, ...]  # the issuing body, upper case, one line each
    short: str  # how it names itself in the text ("Sở Tài chính", "Ủy ban nhân dân tỉnh")
    symbol: str  # in the number-symbol: "STC", "UBND"
    place: str  # "Bắc Ninh"
    authority: str  # "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"
    position: str  # "PHÓ GIÁM ĐỐC", "CHỦ TỊCH"
    superior: str  # the body reported to ("Ủy ban nhân dân tỉnh")
    committee: bool


def _place(org: Organisation) -> str:
    name = re.sub(r"^(?:tỉnh|thành phố) ", "", org.name, flags=re.IGNORECASE)
    return "Thành phố Hồ Chí Minh" if name == "Hồ Chí Minh" else name


def _symbol(name: str) -> str:
    """The body's abbreviation in a number-symbol: "Sở Tài chính" → "STC", "Ủy ban nhân dân tỉnh X" → "UBND"."""
    name = re.split(r" (?:tỉnh|thành phố) ", f"{name} ", maxsplit=1)[0]
    words = name.replace(COMMITTEE.strip(), "UBND").split()
    return "".join(w if w == "UBND" else w[0].upper() for w in words if w.lower() != "và")


def _superior(org: Organisation) -> str:
    if org.kind != "province":
        return "cấp có thẩm quyền"
    return COMMITTEE + ("thành phố" if org.name.lower().startswith("thành phố") else "tỉnh")


def agency_sender(agency: Agency) -> Sender:
    """An agency issuing a document of its own (its report to the plan's coordinator, an urging letter)."""
    org = agency.organisation
    head = next((title for prefix, title in HEADS if agency.name.startswith(prefix)), "THỦ TRƯỞNG")
    parent = f"UBND {org.name}".upper() if org.kind == "province" else ""
    return Sender(parent, (agency.name.upper(),), agency.name, _symbol(agency.name), _place(org), f"KT. {head}",
                  f"PHÓ {head}", _superior(org), committee=False)


def committee_sender(session: Session, plan: Plan, day: date) -> Sender:
    """The People's Committee that issued ``plan``, or its successor in force on ``day``."""
    query = select(Agency).where(Agency.organisation_id == plan.organisation_id)
    wanted = fold(plan.issuer or "-")
    agency = next((a for a in session.scalars(query) if fold(a.full_name) == wanted), None) \
        or session.scalar(query.where(Agency.gazetteer_id == "ubnd-tinh").limit(1))
    if agency is not None:
        agency = in_force(session, agency, day)[0]
        name, org = agency.full_name, agency.organisation
    else:
        found = session.get(Organisation, plan.organisation_id)
        assert found is not None
        name, org = plan.issuer or COMMITTEE + found.name, found
    if not name.startswith(COMMITTEE):
        return Sender("", (name.upper(),), name, _symbol(name), _place(org), "THỦ TRƯỞNG CƠ QUAN", "", name, True)
    return Sender("", ("ỦY BAN NHÂN DÂN", name[len(COMMITTEE):].upper()), _superior(org), "UBND", _place(org),
                  "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", _superior(org), committee=True)


def sender_for(session: Session, plan: Plan, day: date, *, committee: bool = False) -> Sender:
    """Who issues a document about ``plan`` on ``day``: its coordinating agency (Sở Tài chính), or the
    People's Committee when asked or when the plan names no coordinator."""
    agency = None if committee else coordinator(session, plan, day)
    return agency_sender(agency) if agency is not None else committee_sender(session, plan, day)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def header_block(doc: Any, s: Sender, number: str, year: int, subject: str | None = None) -> None:
    """The header of an official document (NĐ 30/2020): the issuing body under its parent, the national
    motto, the number-symbol (and a công văn's subject), the place and the date left blank."""
    grid = table(doc, 2, (6.3, 10.2), borders=False)
    left, right = grid.cell(0, 0), grid.cell(0, 1)
    for i, (line, bold) in enumerate([(s.parent, False)] * bool(s.parent) + [(line, True) for line in s.lines]):
        para(left, line, 13, bold=bold, reuse=i == 0)
    rule(left, 2.2, 6.3)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True, reuse=True)
    para(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    rule(right, 6.2, 10.2)
    para(grid.cell(1, 0), number, 13, reuse=True, after=2 if subject else 0)
    if subject:
        para(grid.cell(1, 0), subject, 12)
    para(grid.cell(1, 1), f"{s.place}, ngày … tháng … năm {year}", 14, italic=True, reuse=True)


def signature_block(doc: Any, s: Sender, recipients: list[str]) -> None:
    """Recipients (Nơi nhận) on the left, the signing authority on the right, room for the signature."""
    grid = table(doc, 1, (7.0, 9.5), borders=False)
    left, right = grid.cell(0, 0), grid.cell(0, 1)
    para(left, "Nơi nhận:", 12, bold=True, italic=True, align=LEFT, reuse=True, before=12)
    for line in recipients:
        para(left, line, 11, align=LEFT)
    para(right, s.authority, 14, bold=True, reuse=True, before=12)
    for line in [s.position] * bool(s.position) + [""] * 5:  # room for the signature; the name is written when signed
        para(right, line, 14, bold=True)
