"""Seeding the agency registry from the gazetteer: organisations, their agencies, localities, successions.

``ensure_organisation(session, "tinh-bac-giang")`` creates the province (and, first, its successor
province), one agency per template of ``data/registry.toml`` ("Sở Tài chính" → "Sở Tài chính tỉnh
Bắc Giang"), its localities (``data/localities.toml``) and the succession links: merged departments
to the department that absorbed them, a ceased province's bodies to the same bodies of its successor,
district People's Committees to the communes formed on their territory. Seeding is idempotent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from theodoi.data import data_files, load_toml
from theodoi.errors import NotFound
from theodoi.store import Agency, AgencyAlias, AgencySuccession, Organisation
from theodoi.text import fold

CENTRAL = "trung-uong"
CENTRAL_NAME = "Trung ương"


@dataclass(frozen=True)
class Gazette:
    agencies: dict[str, dict[str, Any]]
    provinces: dict[str, dict[str, Any]]
    seed: tuple[str, ...]
    optional: frozenset[str]
    not_in_groups: frozenset[str]
    extras: dict[str, tuple[str, ...]]
    localities: dict[str, list[dict[str, Any]]]  # "district" / "commune" entries


@lru_cache(maxsize=1)
def gazette() -> Gazette:
    agencies = {a["id"]: a for a in load_toml("agencies")["agency"]}
    provinces = {p["id"]: p for p in load_toml("provinces")["province"]}
    profile = load_toml("registry")
    localities: dict[str, list[dict[str, Any]]] = {"district": [], "commune": []}
    if "localities.toml" in data_files():
        data = load_toml("localities")
        localities = {"district": list(data.get("district", [])), "commune": list(data.get("commune", []))}
    return Gazette(
        agencies=agencies, provinces=provinces, seed=tuple(profile["province"]["seed"]),
        optional=frozenset(profile["province"]["optional"]), not_in_groups=frozenset(profile["province"]["not_in_groups"]),
        extras={o["id"]: tuple(o.get("with", ())) for o in profile.get("organisation", [])},
        localities=localities,
    )


def not_in_groups(gazetteer_id: str | None) -> bool:
    return gazetteer_id in gazette().not_in_groups


def ensure_organisation(session: Session, code: str) -> Organisation:
    """The organisation ``code`` (a province id from provinces.toml, or "trung-uong"), seeded if new."""
    found = session.scalar(select(Organisation).where(Organisation.code == code))
    if found is not None:
        return found
    if code == CENTRAL:
        return _seed_central(session)
    province = gazette().provinces.get(code)
    if province is None:
        raise NotFound(f"không có tỉnh, thành phố '{code}' trong danh mục (unknown organisation)")
    successor = ensure_organisation(session, province["successor"]) if province.get("successor") else None
    org = Organisation(
        code=code, name=province["name"], kind="province", gazetteer_id=code,
        valid_from=province.get("valid_from"), valid_to=province.get("valid_to"),
        successor_id=successor.id if successor else None,
    )
    session.add(org)
    session.flush()
    _seed_province(session, org, province)
    _seed_localities(session, org, province)
    if successor is not None:
        _link_to_successor(session, org, successor)
    session.flush()
    return org


# --- Central bodies -------------------------------------------------------------------------------------
def _seed_central(session: Session) -> Organisation:
    org = Organisation(code=CENTRAL, name=CENTRAL_NAME, kind="central")
    session.add(org)
    session.flush()
    entries = [a for a in gazette().agencies.values() if a.get("level") == "central" and a["kind"] != "group"]
    created = {e["id"]: _add(session, org, e, e["name"], e["name"], e.get("valid_from"), e.get("valid_to")) for e in entries}
    session.flush()
    for entry in entries:
        successor = created.get(entry.get("successor", ""))
        if entry.get("valid_to") and successor is not None:
            _succeed(session, created[entry["id"]], successor, entry["valid_to"])
    return org


# --- Provinces ------------------------------------------------------------------------------------------
def instance_names(template: str, province: dict[str, Any]) -> tuple[str, str]:
    """("Công an tỉnh", tỉnh Bắc Giang) → ("Công an tỉnh", "Công an tỉnh Bắc Giang"); in a centrally-run
    city "tỉnh" reads "thành phố" and "Tỉnh ủy" reads "Thành ủy"."""
    name = template
    if province.get("type") == "thành phố":
        name = re.sub(r"\btỉnh\b", "thành phố", name)
        name = name.replace("Tỉnh ủy", "Thành ủy").replace("Tỉnh đoàn", "Thành đoàn")
    short = province["short"]
    if re.search(r"(?:\b(?:tỉnh|thành phố)|Tỉnh ủy|Thành ủy|Tỉnh đoàn|Thành đoàn)$", name):
        return name, f"{name} {short}"
    return name, f"{name} {province['name']}"


def _span(entry: dict[str, Any], province: dict[str, Any]) -> tuple[date | None, date | None]:
    starts = [d for d in (entry.get("valid_from"), province.get("valid_from")) if d]
    ends = [d for d in (entry.get("valid_to"), province.get("valid_to")) if d]
    return (max(starts) if starts else None), (min(ends) if ends else None)


def _templates(code: str) -> list[str]:
    g = gazette()
    return [*g.seed, *(t for t in g.extras.get(code, ()) if t not in g.seed)]


def _seed_province(session: Session, org: Organisation, province: dict[str, Any]) -> None:
    g = gazette()
    created: dict[str, Agency] = {}
    for template_id in _templates(org.code):
        entry = g.agencies[template_id]
        start, end = _span(entry, province)
        if start and end and start >= end:
            continue  # never existed in this province (a body created after the province ceased)
        name, full = instance_names(entry["name"], province)
        created[template_id] = _add(session, org, entry, name, full, start, end)
    session.flush()
    for template_id, agency in created.items():
        entry = g.agencies[template_id]
        successor = created.get(entry.get("successor", ""))
        if entry.get("valid_to") and agency.valid_to == entry["valid_to"] and successor is not None:
            _succeed(session, agency, successor, entry["valid_to"])


def add_template_agency(session: Session, org: Organisation, template_id: str) -> Agency:
    """A body of a province the seed did not include (an optional one a plan names): created on demand."""
    entry = gazette().agencies[template_id]
    province = gazette().provinces.get(org.code, {"name": org.name, "short": org.name, "type": "tỉnh"})
    start, end = _span(entry, province)
    name, full = instance_names(entry["name"], province)
    agency = _add(session, org, entry, name, full, start, end)
    agency.note = ((agency.note or "") + " Thêm theo văn bản kế hoạch (added from a plan).").strip()
    session.flush()
    return agency


def _add(
    session: Session, org: Organisation, entry: dict[str, Any], name: str, full: str, start: date | None, end: date | None
) -> Agency:
    agency = Agency(
        organisation_id=org.id, code=entry["id"], gazetteer_id=entry["id"], name=name, full_name=full,
        name_key=fold(name), kind=entry["kind"], level=entry.get("level"), valid_from=start, valid_to=end,
        members=list(entry["members"]) if entry.get("members") else None, note=entry.get("note"),
    )
    agency.aliases = []
    session.add(agency)
    forms = {name: "alias", full: "alias"}
    forms.update(dict.fromkeys(entry.get("aliases", []), "alias"))
    forms.update(dict.fromkeys(entry.get("abbr", []), "abbr"))
    add_aliases(session, agency, forms)
    return agency


def add_aliases(session: Session, agency: Agency, forms: dict[str, str]) -> None:
    """Add the wordings as aliases of ``agency`` (no flush needed: the relationship carries the id)."""
    seen = {a.key for a in agency.aliases}
    for text, kind in forms.items():
        key = fold(text)
        if key and key not in seen:
            seen.add(key)
            agency.aliases.append(AgencyAlias(text=text, key=key, kind=kind))


def _succeed(session: Session, predecessor: Agency, successor: Agency, on: date) -> None:
    exists = session.get(AgencySuccession, (predecessor.id, successor.id))
    if exists is None:
        session.add(AgencySuccession(predecessor_id=predecessor.id, successor_id=successor.id, effective_on=on))
        session.info.pop("theodoi.successors", None)  # the cache of agencies.successors


def _link_to_successor(session: Session, org: Organisation, successor: Organisation) -> None:
    """Bodies that ceased with their province pass their work to the same body of the successor
    province (or, for a body that ceased then too, to the body that replaced it)."""
    assert org.valid_to is not None
    ending = org.valid_to
    theirs = {a.gazetteer_id: a for a in session.scalars(select(Agency).where(Agency.organisation_id == successor.id))}
    for agency in session.scalars(select(Agency).where(Agency.organisation_id == org.id, Agency.valid_to == ending)):
        if agency.kind == "locality":
            continue  # localities follow localities.toml
        entry = gazette().agencies.get(agency.gazetteer_id or "", {})
        template = entry.get("successor") if entry.get("valid_to") == ending else agency.gazetteer_id
        target = theirs.get(template)
        if target is not None and target.valid_on(ending):
            _succeed(session, agency, target, ending)


# --- Localities -----------------------------------------------------------------------------------------
def _locality_names(unit: str, province: dict[str, Any]) -> tuple[str, str]:
    name = f"Ủy ban nhân dân {unit}"
    return name, f"{name}, {province['name']}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _seed_localities(session: Session, org: Organisation, province: dict[str, Any]) -> None:
    g = gazette()
    for level, pattern in (("district", "ubnd-huyen"), ("commune", "ubnd-xa")):
        for unit in (u for u in g.localities[level] if u["province"] == org.code):
            name, full = _locality_names(unit["name"], province)
            agency = Agency(
                organisation_id=org.id, code="ubnd-" + _slug(unit["name"]), gazetteer_id=pattern, name=name,
                full_name=full, name_key=fold(name), kind="locality", level=level,
                valid_from=unit.get("valid_from"), valid_to=unit.get("valid_to"), note=unit["id"],
            )
            agency.aliases = []
            session.add(agency)
            add_aliases(session, agency, {name: "alias", full: "alias", unit["name"]: "alias"})
    session.flush()
    _link_localities(session)


def _link_localities(session: Session) -> None:
    """District People's Committees → the People's Committees of the communes formed on their territory."""
    by_note = {a.note: a for a in session.scalars(select(Agency).where(Agency.kind == "locality", Agency.note.is_not(None)))}
    for commune in gazette().localities["commune"]:
        target = by_note.get(commune["id"])
        for district_id in commune.get("from_districts", []):
            source = by_note.get(district_id)
            if source is not None and target is not None and source.valid_to is not None:
                _succeed(session, source, target, source.valid_to)
