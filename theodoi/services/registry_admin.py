"""Keeping the registry: seed an organisation, add contacts, set identifier codes, record successions."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from theodoi.errors import Conflict, Invalid
from theodoi.services import audit, registry
from theodoi.services.agencies import find_agency
from theodoi.services.assignments import Outcome, apply_successions
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, AgencyContact, AgencySuccession, Organisation
from theodoi.text import clean

# Mã định danh điện tử of QCVN 102:2016/BTTTT, e.g. "000.00.12.H05" (levels separated by dots).
IDENTIFIER_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def seed(ws: Workspace, code: str) -> Organisation:
    with ws.write() as session:
        org = registry.ensure_organisation(session, code)
        audit.record(session, actor=ws.actor, action="organisation.seed", entity="organisation", entity_id=org.id,
                     at=ws.now(), after={"code": org.code})
        return org


def add_contact(
    ws: Workspace, agency: str, *, name: str, email: str | None = None, phone: str | None = None,
    title: str | None = None, reminders: bool = True,
) -> AgencyContact:
    if email and not EMAIL_RE.match(email.strip()):
        raise Invalid(f"địa chỉ thư '{email}' không hợp lệ (invalid e-mail address)")
    if not clean(name):
        raise Invalid("cần tên người liên hệ (a contact needs a name)")
    with ws.write() as session:
        target = find_agency(session, agency)
        contact = AgencyContact(agency_id=target.id, name=clean(name), email=email.strip() if email else None,
                                phone=clean(phone) if phone else None, title=clean(title) if title else None,
                                reminders=reminders)
        session.add(contact)
        session.flush()
        audit.record(session, actor=ws.actor, action="agency.contact", entity="agency", entity_id=target.id,
                     at=ws.now(), after={"contact": contact.name, "email": contact.email})
        return contact


def set_identifier(ws: Workspace, agency: str, code: str) -> Agency:
    code = code.strip().upper()
    if not IDENTIFIER_RE.match(code):
        raise Invalid(f"mã định danh '{code}' không đúng dạng 000.00.00.X00 theo QCVN 102:2016 (invalid identifier code)")
    with ws.write() as session:
        target = find_agency(session, agency)
        other = session.scalar(select(Agency).where(Agency.identifier_code == code, Agency.id != target.id))
        if other is not None:
            raise Conflict(f"mã {code} đã dùng cho {other.full_name} (code already used)")
        before = target.identifier_code
        target.identifier_code = code
        audit.record(session, actor=ws.actor, action="agency.identifier", entity="agency", entity_id=target.id,
                     at=ws.now(), before={"identifier_code": before}, after={"identifier_code": code})
        return target


def record_succession(ws: Workspace, predecessor: str, successors: list[str], *, on: date, note: str = "") -> Outcome:
    """``predecessor`` ceases on ``on`` and its work passes to ``successors``: its open assignments move."""
    if not successors:
        raise Invalid("cần ít nhất một cơ quan kế thừa (at least one successor)")
    with ws.write() as session:
        old = find_agency(session, predecessor)
        news = [find_agency(session, s) for s in successors]
        if any(n.id == old.id for n in news):
            raise Invalid("cơ quan không thể kế thừa chính nó (an agency cannot succeed itself)")
        old.valid_to = on
        for new in news:
            if session.get(AgencySuccession, (old.id, new.id)) is None:
                session.add(AgencySuccession(predecessor_id=old.id, successor_id=new.id, effective_on=on,
                                             note=clean(note) or None))
        session.flush()
        session.info.pop("theodoi.successors", None)
        outcome = apply_successions(session, old, at=ws.now(), actor=ws.actor)
        audit.record(session, actor=ws.actor, action="agency.succession", entity="agency", entity_id=old.id,
                     at=ws.now(), after={"successors": [n.full_name for n in news], "on": on.isoformat(),
                                         "assignments_moved": len(outcome.created)})
        return outcome
