"""Schema and content checks for ``theodoi/data/localities.toml``: the district-level units of tỉnh Bắc Giang
and of the old tỉnh Bắc Ninh on 2025-06-30, and the 99 commune-level units of the new tỉnh Bắc Ninh
(NQ 1658/NQ-UBTVQH15) with the districts whose territory they took."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date, datetime
from importlib import resources
from typing import Any

import pytest

from theodoi.data import data_files, load_toml

DATA = load_toml("localities")
DISTRICTS: list[dict[str, Any]] = DATA.get("district", [])
COMMUNES: list[dict[str, Any]] = DATA.get("commune", [])
PROVINCES = {p["id"]: p for p in load_toml("provinces")["province"]}
DISTRICT_IDS = {d["id"]: d for d in DISTRICTS}

DISTRICT_REQUIRED = {"id", "province", "name", "valid_to"}
DISTRICT_KEYS = DISTRICT_REQUIRED | {"valid_from"}
COMMUNE_REQUIRED = {"id", "province", "name", "valid_from", "from_districts"}
COMMUNE_KEYS = COMMUNE_REQUIRED

# Short ids of the old provinces, used as the id prefix.
SHORT_IDS = {"tinh-bac-giang": "bac-giang", "tinh-bac-ninh": "bac-ninh"}
DISTRICT_UNITS = ("thành phố", "thị xã", "huyện")
COMMUNE_UNITS = ("phường", "xã")
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_RE = re.compile(rf"^({SLUG})/({SLUG})$")

RESTRUCTURING = date(2025, 7, 1)
CHU_CREATED = date(2025, 1, 1)


def slugify(text: str) -> str:
    """ASCII slug as the file uses it: lower case, "đ" -> "d", diacritics dropped, other runs -> "-"."""
    text = unicodedata.normalize("NFC", text).lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def is_date(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def unit_word(name: str, units: tuple[str, ...]) -> str | None:
    return next((u for u in units if name.startswith(u + " ")), None)


def communes_from(prefix: str) -> list[dict[str, Any]]:
    return [c for c in COMMUNES if any(d.startswith(prefix) for d in c["from_districts"])]


def test_file_is_packaged_and_has_only_the_two_tables() -> None:
    assert "localities.toml" in data_files()
    assert set(DATA) == {"district", "commune"}


def test_header_names_the_resolution_and_sources() -> None:
    text = resources.files("theodoi.data").joinpath("localities.toml").read_text(encoding="utf-8")
    header = text.split("\n[[district]]", 1)[0]
    assert "1658/NQ-UBTVQH15" in header
    assert "202/2025/QH15" in header
    assert "quangtam/vietnam-address-converter" in header


def test_ids_are_unique_across_both_tables() -> None:
    counts = Counter(e["id"] for e in DISTRICTS + COMMUNES)
    assert [i for i, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("entry", DISTRICTS, ids=lambda e: e.get("id", "?"))
def test_district_schema(entry: dict[str, Any]) -> None:
    assert DISTRICT_REQUIRED <= set(entry) <= DISTRICT_KEYS, set(entry) ^ DISTRICT_REQUIRED
    assert entry["province"] in PROVINCES
    match = ID_RE.match(entry["id"])
    assert match, entry["id"]
    assert match.group(1) == SHORT_IDS[entry["province"]]
    assert match.group(2) == slugify(entry["name"])
    assert unit_word(entry["name"], DISTRICT_UNITS), entry["name"]
    assert is_date(entry["valid_to"]) and entry["valid_to"] == RESTRUCTURING
    if "valid_from" in entry:
        assert is_date(entry["valid_from"]) and entry["valid_from"] < entry["valid_to"]
    province_end = PROVINCES[entry["province"]].get("valid_to")
    assert province_end is None or entry["valid_to"] <= province_end


@pytest.mark.parametrize("entry", COMMUNES, ids=lambda e: e.get("id", "?"))
def test_commune_schema(entry: dict[str, Any]) -> None:
    assert COMMUNE_REQUIRED <= set(entry) <= COMMUNE_KEYS, set(entry) ^ COMMUNE_REQUIRED
    assert entry["province"] == "tinh-bac-ninh" and "valid_to" not in PROVINCES[entry["province"]]
    match = ID_RE.match(entry["id"])
    assert match, entry["id"]
    assert match.group(1) == "bac-ninh"
    assert match.group(2) == slugify(entry["name"])
    assert unit_word(entry["name"], COMMUNE_UNITS), entry["name"]
    assert is_date(entry["valid_from"]) and entry["valid_from"] == RESTRUCTURING
    origins = entry["from_districts"]
    assert isinstance(origins, list) and origins and len(set(origins)) == len(origins)
    for district_id in origins:
        assert district_id in DISTRICT_IDS, f"unknown district {district_id}"
        # The district still existed the day before the commune started.
        assert DISTRICT_IDS[district_id]["valid_to"] == entry["valid_from"]


@pytest.mark.parametrize("entry", DISTRICTS + COMMUNES, ids=lambda e: e.get("id", "?"))
def test_names_are_nfc_and_well_formed(entry: dict[str, Any]) -> None:
    name = entry["name"]
    assert unicodedata.is_normalized("NFC", name)
    assert name == name.strip() and "  " not in name
    units = DISTRICT_UNITS if entry in DISTRICTS else COMMUNE_UNITS
    unit = unit_word(name, units)
    assert unit is not None, name
    proper = name[len(unit) + 1:]
    assert proper and all(word[0].isupper() for word in proper.split()), name


def test_names_are_unique() -> None:
    for table in (DISTRICTS, COMMUNES):
        counts = Counter(e["name"] for e in table)
        assert [n for n, k in counts.items() if k > 1] == []


def test_district_counts() -> None:
    by_province = Counter(d["province"] for d in DISTRICTS)
    assert by_province == {"tinh-bac-giang": 10, "tinh-bac-ninh": 8}
    units = Counter((d["province"], unit_word(d["name"], DISTRICT_UNITS)) for d in DISTRICTS)
    assert units[("tinh-bac-giang", "thành phố")] == 1
    assert units[("tinh-bac-giang", "thị xã")] == 2  # Việt Yên, Chũ
    assert units[("tinh-bac-giang", "huyện")] == 7
    assert units[("tinh-bac-ninh", "thành phố")] == 2  # Bắc Ninh, Từ Sơn
    assert units[("tinh-bac-ninh", "thị xã")] == 2  # Quế Võ, Thuận Thành
    assert units[("tinh-bac-ninh", "huyện")] == 4


def test_only_thi_xa_chu_was_created_in_2025() -> None:
    created = {d["id"]: d["valid_from"] for d in DISTRICTS if "valid_from" in d}
    assert created == {"bac-giang/thi-xa-chu": CHU_CREATED}
    # huyện Yên Dũng was merged into thành phố Bắc Giang on 2025-01-01: not a unit on 2025-06-30.
    assert "bac-giang/huyen-yen-dung" not in DISTRICT_IDS


def test_commune_counts() -> None:
    assert len(COMMUNES) == 99
    units = Counter(unit_word(c["name"], COMMUNE_UNITS) for c in COMMUNES)
    assert units == {"xã": 66, "phường": 33}


def test_every_district_is_the_origin_of_a_commune() -> None:
    used = {d for c in COMMUNES for d in c["from_districts"]}
    assert set(DISTRICT_IDS) - used == set()


def test_communes_by_old_province() -> None:
    from_bac_giang = communes_from("bac-giang/")
    from_bac_ninh = communes_from("bac-ninh/")
    assert len(from_bac_giang) == 58
    assert len(from_bac_ninh) == 41
    # No unit took territory from both old provinces.
    assert {c["id"] for c in from_bac_giang} & {c["id"] for c in from_bac_ninh} == set()


def test_units_spanning_two_districts() -> None:
    spanning = {c["name"]: c["from_districts"] for c in COMMUNES if len(c["from_districts"]) > 1}
    assert spanning == {
        "phường Đa Mai": ["bac-giang/thanh-pho-bac-giang", "bac-giang/huyen-tan-yen"],
        "xã Nam Dương": ["bac-giang/huyen-luc-ngan", "bac-giang/thi-xa-chu"],
    }


@pytest.mark.parametrize(
    ("name", "district"),
    [
        ("phường Bắc Giang", "bac-giang/thanh-pho-bac-giang"),
        ("xã Đồng Việt", "bac-giang/thanh-pho-bac-giang"),  # former huyện Yên Dũng
        ("phường Chũ", "bac-giang/thi-xa-chu"),
        ("xã Tuấn Đạo", "bac-giang/huyen-son-dong"),  # the one unit not rearranged
        ("phường Kinh Bắc", "bac-ninh/thanh-pho-bac-ninh"),
        ("xã Chi Lăng", "bac-ninh/thi-xa-que-vo"),
    ],
)
def test_known_units(name: str, district: str) -> None:
    entry = next((c for c in COMMUNES if c["name"] == name), None)
    assert entry is not None, name
    assert district in entry["from_districts"]
