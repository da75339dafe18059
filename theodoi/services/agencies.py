"""The agency registry in use: resolving names written in plans, expanding groups, following successors.

Resolution of a name written in a plan of organisation ``org`` on day ``on``:

1. a name the coordinator has mapped before (a *learned* alias) → that agency;
2. the gazetteer (``theodoi.parsing.agencies.resolve``) → the agency of that template in the
   organisation (or in the province the name names, or among the central bodies); a template the
   organisation was not seeded with is added, since the plan names it; a group → the organisation's
   group agency; a named locality → the locality, added if the registry does not know it;
3. otherwise the name is unknown and goes to the review list.

A resolved agency that had ceased on ``on`` is replaced by its successor(s) in force on that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from theodoi.errors import NotFound
from theodoi.services import registry
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, AgencyAlias, AgencyGroupMember, AgencySuccession, Organisation
from theodoi.text import fold

GROUP_LEVELS = {"commune": ("commune",), "district": ("district",)}


@dataclass(frozen=True)
class Resolution:
    agencies: list[Agency]  # the agencies in force on the day (a ceased one's successors)
    written: Agency | None  # the agency the name denotes (before following successors)
    confidence: float
    reason: str  # learned | gazetteer | added | unknown


def resolve_name(session: Session, org: Organisation, name: str, *, on: date) -> Resolution:
    learned = _learned(session, org, name)
    if learned is not None:
        return Resolution(in_force(session, learned, on), learned, 1.0, "learned")
    from theodoi.parsing.agencies import (
        resolve as resolve_gazetteer,  # the parser's resolver: only when importing
    )

    match = resolve_gazetteer(name, on=on, province=org.gazetteer_id)
    if not match.known or match.id is None or match.confidence < 0.5:
        return Resolution([], None, match.confidence, "unknown")
    agency, reason = _registry_agency(session, org, match.id, match.kind, match.level, match.province, name, match.members)
    if agency is None:
        return Resolution([], None, match.confidence, "unknown")
    return Resolution(in_force(session, agency, on), agency, match.confidence, reason)


def _learned(session: Session, org: Organisation, name: str) -> Agency | None:
    return session.scalar(
        select(Agency).join(AgencyAlias, AgencyAlias.agency_id == Agency.id)
        .where(AgencyAlias.kind == "learned", AgencyAlias.key == fold(name), Agency.organisation_id == org.id)
        .limit(1)
    )


def _registry_agency(
    session: Session, org: Organisation, gid: str, kind: str | None, level: str | None, province: str | None,
    name: str, members: tuple[str, ...],
) -> tuple[Agency | None, str]:
    if kind == "group":
        return group_agency(session, org, gid, name, level, members), "gazetteer"
    if kind == "province":
        target = registry.ensure_organisation(session, gid)
        return _by_template(session, target, "ubnd-tinh"), "gazetteer"
    entry = registry.gazette().agencies.get(gid)
    if entry is None:  # a pattern: a named locality or unit
        return _locality(session, org, name, gid, level), "gazetteer"
    if entry.get("level") == "central":
        return _by_template(session, registry.ensure_organisation(session, registry.CENTRAL), gid), "gazetteer"
    if entry.get("level") != "province":
        return None, "unknown"
    target = org
    if province and province != org.code and province in registry.gazette().provinces:
        target = registry.ensure_organisation(session, province)
    found = _by_template(session, target, gid)
    if found is not None:
        return found, "gazetteer"
    if target.kind == "province":
        return registry.add_template_agency(session, target, gid), "added"
    return None, "unknown"


def _by_template(session: Session, org: Organisation, gid: str) -> Agency | None:
    return session.scalar(select(Agency).where(Agency.organisation_id == org.id, Agency.gazetteer_id == gid).limit(1))


def _locality(session: Session, org: Organisation, name: str, pattern: str, level: str | None) -> Agency | None:
    from theodoi.parsing.agencies import expand_abbreviations

    full = expand_abbreviations(name)
    key = fold(full)
    found = session.scalar(
        select(Agency).join(AgencyAlias, AgencyAlias.agency_id == Agency.id)
        .where(AgencyAlias.key == key, Agency.organisation_id == org.id).limit(1)
    )
    if found is not None or org.kind != "province":
        return found
    agency = Agency(
        organisation_id=org.id, code=_free_code(session, org, "ubnd-" + "-".join(key.split()[3:]) or pattern),
        gazetteer_id=pattern, name=full, full_name=f"{full}, {org.name}", name_key=key, kind="locality",
        level=level, note="Thêm theo văn bản kế hoạch (added from a plan).",
    )
    agency.aliases = []
    session.add(agency)
    registry.add_aliases(session, agency, {full: "alias", agency.full_name: "alias"})
    session.flush()
    return agency


def group_agency(
    session: Session, org: Organisation, gid: str, name: str, level: str | None, members: tuple[str, ...]
) -> Agency:
    """The organisation's agency standing for a collective name ("các sở, ngành, địa phương")."""
    found = session.scalar(select(Agency).where(Agency.organisation_id == org.id, Agency.code == gid[:200]))
    if found is not None:
        return found
    entry = registry.gazette().agencies.get(gid, {})
    display = entry.get("name", name)
    agency = Agency(
        organisation_id=org.id, code=gid[:200], gazetteer_id=gid if entry else None, name=display,
        full_name=f"{display} ({org.name})", name_key=fold(display), kind="group", level=level or entry.get("level"),
        members=list(members or entry.get("members", [])),
    )
    agency.aliases = []
    session.add(agency)
    registry.add_aliases(session, agency, {display: "alias", name: "alias"})
    session.flush()
    return agency


def _free_code(session: Session, org: Organisation, code: str) -> str:
    base, n = code[:190], 1
    while session.scalar(select(Agency.id).where(Agency.organisation_id == org.id, Agency.code == code)) is not None:
        n += 1
        code = f"{base}-{n}"
    return code


# --- Successions and groups -----------------------------------------------------------------------------
def successors(session: Session, agency: Agency) -> list[tuple[Agency, date]]:
    """The bodies that took over ``agency``'s work, with the day (cached for the session's transaction)."""
    cache: dict[int, list[tuple[Agency, date]]] = session.info.setdefault("theodoi.successors", {})
    if agency.id not in cache:
        cache[agency.id] = _successors(session, agency)
    return cache[agency.id]


def forget_successors(session: Session) -> None:
    session.info.pop("theodoi.successors", None)


def _successors(session: Session, agency: Agency) -> list[tuple[Agency, date]]:
    rows = session.execute(
        select(Agency, AgencySuccession.effective_on)
        .join(AgencySuccession, AgencySuccession.successor_id == Agency.id)
        .where(AgencySuccession.predecessor_id == agency.id).order_by(Agency.id)
    ).all()
    return [(a, d) for a, d in rows]


def in_force(session: Session, agency: Agency, on: date, depth: int = 0) -> list[Agency]:
    """``agency`` if it exists on ``on``; else the successors in force then (following chains)."""
    if agency.valid_on(on) or depth > 8:
        return [agency]
    if agency.valid_from is not None and on < agency.valid_from:
        return [agency]  # not yet created: keep it (the plan anticipates it)
    found: list[Agency] = []
    for successor, _ in successors(session, agency):
        for a in in_force(session, successor, on, depth + 1):
            if a not in found:
                found.append(a)
    return found


def expand_group(session: Session, group: Agency, on: date) -> list[Agency]:
    """The members of a group on day ``on``: its explicit members, or the organisation's agencies of
    the kinds it stands for (groups at commune or district level: localities of that level only);
    bodies that never stand in collective names (the People's Committee itself, councils...) excluded."""
    explicit = list(session.scalars(
        select(Agency).join(AgencyGroupMember, AgencyGroupMember.member_id == Agency.id)
        .where(AgencyGroupMember.group_id == group.id).order_by(Agency.id)
    ))
    if explicit:
        return [a for a in explicit if a.valid_on(on)]
    kinds = list(group.members or [])
    if not kinds:
        return []
    query = select(Agency).where(
        Agency.organisation_id == group.organisation_id, Agency.kind.in_(kinds), Agency.kind != "group",
        or_(Agency.valid_from.is_(None), Agency.valid_from <= on), or_(Agency.valid_to.is_(None), Agency.valid_to > on),
    ).order_by(Agency.id)
    levels = GROUP_LEVELS.get(group.level or "")
    return [
        a for a in session.scalars(query)
        if not registry.not_in_groups(a.gazetteer_id) and (levels is None or a.kind != "locality" or a.level in levels)
    ]


def find_agency(session: Session, text: str, *, organisation: Organisation | None = None) -> Agency:
    """An agency by id, code or name (diacritics and case ignored) — for the CLI and imports."""
    if text.isdigit():
        found = session.get(Agency, int(text))
        if found is not None:
            return found
    query = select(Agency).join(AgencyAlias, AgencyAlias.agency_id == Agency.id, isouter=True).where(
        or_(Agency.code == text, Agency.name_key == fold(text), AgencyAlias.key == fold(text))
    )
    if organisation is not None:
        query = query.where(Agency.organisation_id == organisation.id)
    matches = list(dict.fromkeys(session.scalars(query.order_by(Agency.valid_to.is_not(None), Agency.id))))
    if not matches:
        raise NotFound(f"không tìm thấy cơ quan '{text}' (no such agency)")
    current = [a for a in matches if a.valid_to is None]
    return (current or matches)[0]


def agency_id(ws: Workspace, text: str) -> int:
    """The id of the agency named by ``text`` (for the CLI and other edges)."""
    with ws.read() as session:
        return find_agency(session, text).id
