"""Schema checks for the packaged data files (the agency gazetteer, provinces, abbreviations)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import pytest

from theodoi.data import data_files, load_toml
from theodoi.parsing.agencies import expand_abbreviations
from theodoi.parsing.agency_names import match_key
from theodoi.text import fold

KINDS = {
    "central", "ministry", "government-agency", "central-unit", "department", "province-body", "branch",
    "police-army", "court-procuracy", "party", "people-org", "press", "public-service", "enterprise", "locality",
    "province", "group",
}
LEVELS = {"central", "province", "region", "district", "commune", "any"}
AGENCY_KEYS = {"id", "name", "kind", "level", "aliases", "abbr", "valid_from", "valid_to", "successor", "members",
               "ambiguous", "note"}
PATTERN_KEYS = AGENCY_KEYS | {"prefixes", "rest"}
PROVINCE_KEYS = {"id", "name", "short", "type", "aliases", "valid_from", "valid_to", "successor", "merged"}

AGENCIES = load_toml("agencies.toml")
PROVINCES = load_toml("provinces.toml")["province"]
ABBREVIATIONS = load_toml("abbreviations.toml")["abbreviation"]
ENTRIES: list[dict[str, Any]] = AGENCIES["agency"] + AGENCIES["pattern"] + PROVINCES
IDS = {e["id"] for e in ENTRIES}


@pytest.mark.parametrize("name", data_files())
def test_every_data_file_parses(name: str) -> None:
    assert isinstance(load_toml(name), dict)


def test_load_toml_accepts_the_name_without_suffix() -> None:
    assert load_toml("agencies") is load_toml("agencies.toml")


def test_gazetteer_is_not_trivial() -> None:
    assert len(AGENCIES["agency"]) > 250
    assert len(PROVINCES) == 64  # 63 before 1/7/2025 (Thừa Thiên Huế and Huế in turn), 34 after


@pytest.mark.parametrize("entry", AGENCIES["agency"] + AGENCIES["pattern"], ids=lambda e: e.get("id", "?"))
def test_agency_entry_schema(entry: dict[str, Any]) -> None:
    allowed = PATTERN_KEYS if "prefixes" in entry else AGENCY_KEYS
    assert set(entry) <= allowed, set(entry) - allowed
    for field in ("id", "name", "kind"):
        assert isinstance(entry.get(field), str) and entry[field].strip(), field
    assert entry["id"] == entry["id"].strip() and " " not in entry["id"]
    assert entry["kind"] in KINDS
    assert entry.get("level", "any") in LEVELS
    for field in ("aliases", "abbr", "members", "prefixes"):
        values = entry.get(field, [])
        assert isinstance(values, list) and all(isinstance(v, str) and v.strip() for v in values), field
    if entry["kind"] == "group":
        assert entry.get("members"), "a group needs members"
        assert set(entry["members"]) <= KINDS
    else:
        assert "members" not in entry
    if "prefixes" in entry:
        assert entry["prefixes"] and entry["rest"] in {"name", "number", "any"}


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.get("id", "?"))
def test_dates_and_successors(entry: dict[str, Any]) -> None:
    start, end = entry.get("valid_from"), entry.get("valid_to")
    for value in (start, end):
        assert value is None or (isinstance(value, date) and 2000 <= value.year <= 2100)
    if start and end:
        assert start < end
    successor = entry.get("successor")
    if successor is not None:
        assert successor in IDS, f"unknown successor {successor}"
        assert successor != entry["id"]
        assert end is not None, "a successor takes over from valid_to"


def test_ids_are_unique() -> None:
    seen: set[str] = set()
    for entry in ENTRIES:
        assert entry["id"] not in seen, entry["id"]
        seen.add(entry["id"])


def _wordings(entry: dict[str, Any]) -> list[str]:
    return [entry["name"], *entry.get("aliases", ()), *entry.get("abbr", ())]


def test_no_alias_names_two_entities() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    ambiguous = {e["id"] for e in ENTRIES if e.get("ambiguous")}
    for entry in AGENCIES["agency"] + PROVINCES:
        for text in _wordings(entry):
            owners[match_key(expand_abbreviations(text))].add(entry["id"])
        if "short" in entry:
            owners[match_key(entry["short"])].add(entry["id"])
    clashes = {k: ids for k, ids in owners.items() if len(ids) > 1 and not ids <= ambiguous}
    assert not clashes


def test_group_nouns() -> None:
    nouns = AGENCIES["group_noun"]
    assert {"sở", "ban", "ngành", "địa phương", "bộ"} <= set(nouns)
    for kinds in nouns.values():
        assert set(kinds) <= KINDS


@pytest.mark.parametrize("entry", PROVINCES, ids=lambda e: e["id"])
def test_province_schema(entry: dict[str, Any]) -> None:
    assert set(entry) <= PROVINCE_KEYS
    assert entry["type"] in {"tỉnh", "thành phố"}
    assert entry["name"] == f"{entry['type']} {entry['short']}"
    for merged in entry.get("merged", ()):
        absorbed = next(p for p in PROVINCES if p["id"] == merged)
        assert absorbed["successor"] == entry["id"] and absorbed["valid_to"] == date(2025, 7, 1)


def _active(on: date) -> list[dict[str, Any]]:
    return [
        p for p in PROVINCES
        if (p.get("valid_from") is None or p["valid_from"] <= on) and (p.get("valid_to") is None or on < p["valid_to"])
    ]


@pytest.mark.parametrize(("on", "count"), [(date(2024, 12, 31), 63), (date(2025, 6, 30), 63), (date(2025, 7, 1), 34)])
def test_province_counts(on: date, count: int) -> None:
    assert len(_active(on)) == count


def test_six_centrally_run_cities_after_the_merger() -> None:
    cities = {p["short"] for p in _active(date(2025, 7, 1)) if p["type"] == "thành phố"}
    assert cities == {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}


def test_merged_provinces_point_to_a_province_of_the_34() -> None:
    active = {p["id"] for p in _active(date(2025, 7, 1))}
    for entry in PROVINCES:
        if entry.get("valid_to") == date(2025, 7, 1):
            assert entry["successor"] in active


@pytest.mark.parametrize("entry", ABBREVIATIONS, ids=lambda e: e["forms"][0])
def test_abbreviation_schema(entry: dict[str, Any]) -> None:
    assert set(entry) <= {"forms", "full", "plain", "after", "before"}
    assert entry["forms"] and all(isinstance(f, str) and f.strip() for f in entry["forms"])
    assert isinstance(entry["full"], str) and entry["full"].strip()
    for field in ("after", "before"):
        assert all(isinstance(w, str) and w for w in entry.get(field, []))


@pytest.mark.parametrize("entry", ABBREVIATIONS, ids=lambda e: e["forms"][0])
def test_expansions_contain_no_abbreviation(entry: dict[str, Any]) -> None:
    for text in (entry["full"], entry.get("plain") or entry["full"]):
        assert expand_abbreviations(f"Sở {text} tỉnh") == f"Sở {text} tỉnh"


def test_grdp_components_and_vintages() -> None:
    data = load_toml("grdp")
    codes = [c["code"] for c in data["component"]]
    assert codes == ["nlts", "cnxd", "dv", "thue"]  # the order of statistics releases
    assert [v["code"] for v in data["vintage"]] == ["kich-ban", "uoc-tinh", "so-bo", "chinh-thuc"]
    named: dict[str, set[str]] = defaultdict(set)
    for entry in data["component"] + data["vintage"]:
        for name in [entry["code"], entry["name"], *entry["aliases"]]:
            named[fold(name)].add(entry["code"])
    assert all(len(codes) == 1 for codes in named.values()), {k: v for k, v in named.items() if len(v) > 1}
