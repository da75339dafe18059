"""Agency names: abbreviation expansion, list splitting, resolution, labels and mentions."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theodoi.parsing.agencies import (
    expand_abbreviations,
    find_agencies,
    leading_agencies,
    looks_like_agency,
    resolve,
    split_agencies,
)


# --- expand_abbreviations ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BQL các KCN tỉnh", "Ban Quản lý các khu công nghiệp tỉnh"),
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("UBND", "Ủy ban nhân dân"),
        ("Sở NN&MT", "Sở Nông nghiệp và Môi trường"),
        ("Sở NN & MT", "Sở Nông nghiệp và Môi trường"),
        ("Sở NN và MT", "Sở Nông nghiệp và Môi trường"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
        ("Bộ TT&TT", "Bộ Thông tin và Truyền thông"),
        ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh"),
        ("Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("Bộ CHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("CA tỉnh", "Công an tỉnh"),
        ("Sở TP", "Sở Tư pháp"),
        ("TP. Hà Nội", "thành phố Hà Nội"),
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
        ("VTV, VOV, TTXVN", "Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam"),
        ("phát triển KH&CN của tỉnh", "phát triển khoa học và công nghệ của tỉnh"),
        ("Quyết định số 1441/QĐ-UBND của Chủ tịch UBND tỉnh", "Quyết định số 1441/QĐ-UBND của Chủ tịch Ủy ban nhân dân tỉnh"),
        ("Nghị quyết số 66/NQ-CP", "Nghị quyết số 66/NQ-CP"),
        ("UBNDX", "UBNDX"),
        ("Sở Tài chính", "Sở Tài chính"),
        ("Sở GD-ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("HĐND và UBND tỉnh", "Hội đồng nhân dân và Ủy ban nhân dân tỉnh"),
        ("VP QH", "Văn phòng Quốc hội"),
        ("các bộ, ngành, địa phương là chủ quản CSDLQG", "các bộ, ngành, địa phương là chủ quản cơ sở dữ liệu quốc gia"),
    ],
)
def test_expand_abbreviations(text: str, expected: str) -> None:
    assert expand_abbreviations(text) == expected
    assert expand_abbreviations(expected) == expected


# --- split_agencies -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("các cơ quan báo chí, các sở, ngành địa phương", ["các cơ quan báo chí", "các sở, ngành, địa phương"]),
        (
            "Ban Tuyên giáo và Dân vận Tỉnh ủy và các cơ quan thông tấn, báo chí, Sở, ngành, địa phương",
            ["Ban Tuyên giáo và Dân vận Tỉnh ủy", "các cơ quan thông tấn, báo chí", "các sở, ngành, địa phương"],
        ),
        (
            "Sở Tài chính, Sở Nội vụ, Sở Nông nghiệp và Môi trường, Sở Khoa học và Công nghệ",
            ["Sở Tài chính", "Sở Nội vụ", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ"],
        ),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("các Sở, ban, ngành, địa phương, đơn vị liên quan", ["các sở, ban, ngành, địa phương, đơn vị liên quan"]),
        ("Công an tỉnh, UBND các xã, phường", ["Công an tỉnh", "Ủy ban nhân dân các xã, phường"]),
        ("các sở quản lý chuyên ngành: Sở Xây dựng, Sở Công Thương", ["Sở Xây dựng", "Sở Công Thương"]),
        ("các cơ quan liên quan như: Sở Tài chính, Sở Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
        ("Các Sở, ngành", ["các sở, ngành"]),
        ("với Sở Tư pháp và các cơ quan có liên quan", ["Sở Tư pháp", "các cơ quan có liên quan"]),
        ("Sở Tư pháp; Văn phòng UBND tỉnh", ["Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh"]),
        ("BQL các KCN tỉnh", ["Ban Quản lý các khu công nghiệp tỉnh"]),
        ("Bộ, ngành, địa phương", ["bộ, ngành, địa phương"]),
        ("các Bộ, ngành và các địa phương liên quan", ["các bộ, ngành", "các địa phương liên quan"]),
        ("các sở, ban, ngành và địa phương liên quan", ["các sở, ban, ngành và địa phương liên quan"]),
        ("Bộ Tài chính, bộ, ngành liên quan", ["Bộ Tài chính", "bộ, ngành liên quan"]),
        ("các đơn vị, địa phương tham mưu, triển khai", ["các đơn vị, địa phương"]),
        ("các bộ, ngành liên quan khác trong phạm vi chức năng, nhiệm vụ", ["các bộ, ngành liên quan khác"]),
        ("các cơ quan, tổ chức hữu quan", ["các cơ quan, tổ chức hữu quan"]),
        (
            "Phòng 5, Cục Cảnh sát điều tra tội phạm về ma túy, Bộ Công an - đơn vị thường trực Tổ Công tác",
            ["Phòng 5, Cục Cảnh sát điều tra tội phạm về ma túy, Bộ Công an"],
        ),
        ("Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ", ["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"]),
        ("Ban Tuyên giáo Trung ương; các bộ, ngành, địa phương; VTV, VOV, TTXVN", [
            "Ban Tuyên giáo Trung ương", "các bộ, ngành, địa phương", "Đài Truyền hình Việt Nam",
            "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam",
        ]),
        (
            "Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường",
            ["các sở, ban, ngành tỉnh", "Ủy ban nhân dân các xã, phường"],
        ),
        ("Giám đốc các sở, Thủ trưởng các cơ quan, đơn vị", ["các sở, cơ quan, đơn vị"]),
        ("Lãnh đạo Sở Y tế", ["Sở Y tế"]),
        ("Chủ tịch nước", ["Chủ tịch nước"]),
        (
            "Ban Quản lý dự án đầu tư xây dựng số 1, Trung tâm Phát triển quỹ đất tỉnh và địa phương",
            ["Ban Quản lý dự án đầu tư xây dựng số 1", "Trung tâm Phát triển quỹ đất tỉnh", "địa phương"],
        ),
        ("Cơ quan thuế, các đơn vị cấp tỉnh và các địa phương", ["cơ quan thuế", "các đơn vị cấp tỉnh", "các địa phương"]),
        ("Văn phòng UBND tỉnh (Trung tâm Thông tin)", ["Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Thông tin)"]),
        ("Sở Nội vụ (Ban Thi đua - Khen thưởng), Sở Tư pháp", ["Sở Nội vụ (Ban Thi đua - Khen thưởng)", "Sở Tư pháp"]),
        (
            "Nhà đầu tư của 02 dự án đường bộ cao tốc Tân Phú – Bảo Lộc và Bảo Lộc – Liên Khương",
            ["Nhà đầu tư của 02 dự án đường bộ cao tốc Tân Phú – Bảo Lộc và Bảo Lộc – Liên Khương"],
        ),
        (
            "Phòng 5, Cục Cảnh sát điều tra tội phạm về ma túy, Bộ Công an",
            ["Phòng 5, Cục Cảnh sát điều tra tội phạm về ma túy, Bộ Công an"],
        ),
        ("các địa phương Bắc Ninh, Bình Dương, An Giang", ["các địa phương Bắc Ninh, Bình Dương, An Giang"]),
        ("Sở Tài chính tỉnh Bắc Giang và Sở Tài chính tỉnh Bắc Ninh", ["Sở Tài chính tỉnh Bắc Giang", "Sở Tài chính tỉnh Bắc Ninh"]),
        ("- Sở Xây dựng;\n- Sở Công Thương.", ["Sở Xây dựng", "Sở Công Thương"]),
        (
            "Theo phân công tại Quyết định số 1737/QĐ-UBND ngày 17/10/2025 của Chủ tịch UBND tỉnh",
            ["các cơ quan, đơn vị được phân công tại Quyết định số 1737/QĐ-UBND ngày 17/10/2025 của Chủ tịch Ủy ban nhân dân tỉnh"],
        ),
        ("các Bộ: Tài chính, Kế hoạch và Đầu tư, Công Thương", ["Bộ Tài chính", "Bộ Kế hoạch và Đầu tư", "Bộ Công Thương"]),
        ("các Sở: Tài chính, Xây dựng và Công Thương", ["Sở Tài chính", "Sở Xây dựng", "Sở Công Thương"]),
        ("Sở VH,TT&DL; Sở GD-ĐT", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo"]),
        ("Tỉnh đoàn, Hội LHPN tỉnh, LĐLĐ tỉnh", ["Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Liên đoàn Lao động tỉnh"]),
        ("", []),
    ],
)
def test_split_agencies(text: str, expected: list[str]) -> None:
    assert split_agencies(text) == expected


# --- resolve ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "agency_id", "kind"),
    [
        ("Sở Tài chính", "Sở Tài chính", "so-tai-chinh", "department"),
        ("Sở NN&MT", "Sở Nông nghiệp và Môi trường", "so-nong-nghiep-va-moi-truong", "department"),
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "so-van-hoa-the-thao-va-du-lich", "department"),
        ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch", "so-van-hoa-the-thao-va-du-lich", "department"),
        ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh", "ubnd-tinh", "province-body"),
        ("So Tai chinh", "Sở Tài chính", "so-tai-chinh", "department"),
        ("SỞ TÀI CHÍNH", "Sở Tài chính", "so-tai-chinh", "department"),
        ("Bộ Chỉ huy quân sự tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "bo-chi-huy-quan-su-tinh", "police-army"),
        ("BQL các KCN tỉnh", "Ban Quản lý các khu công nghiệp tỉnh", "ban-quan-ly-cac-khu-cong-nghiep-tinh", "province-body"),
        ("Ban quản lý các khu công nghiệp", "Ban Quản lý các khu công nghiệp", "ban-quan-ly-cac-khu-cong-nghiep-tinh",
         "province-body"),
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh", "van-phong-ubnd-tinh", "department"),
        ("Công an tỉnh Lào Cai", "Công an tỉnh Lào Cai", "cong-an-tinh", "police-army"),
        ("Công an thành phố Hà Nội", "Công an thành phố Hà Nội", "cong-an-tinh", "police-army"),
        ("Thành ủy", "Thành ủy", "tinh-uy", "party"),
        ("Sở Tài chính tỉnh Bắc Giang", "Sở Tài chính tỉnh Bắc Giang", "so-tai-chinh", "department"),
        ("Ủy ban MTTQ Việt Nam tỉnh Lào Cai", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai", "uy-ban-mttq-tinh",
         "people-org"),
        ("Bộ Kế hoạch và Đầu tư", "Bộ Kế hoạch và Đầu tư", "bo-ke-hoach-va-dau-tu", "ministry"),
        ("VTV", "Đài Truyền hình Việt Nam", "dai-truyen-hinh-viet-nam", "press"),
        ("C04", "Cục Cảnh sát điều tra tội phạm về ma túy", "cuc-canh-sat-dieu-tra-toi-pham-ve-ma-tuy", "police-army"),
        ("Ngân hàng Nhà nước khu vực X", "Ngân hàng Nhà nước khu vực X", "ngan-hang-nha-nuoc-khu-vuc", "branch"),
        ("UBND xã Đạ Huoai", "Ủy ban nhân dân xã Đạ Huoai", "ubnd-xa", "locality"),
        ("Ủy ban nhân dân Phường 2 Bảo Lộc", "Ủy ban nhân dân Phường 2 Bảo Lộc", "ubnd-xa", "locality"),
        ("UBND các xã, phường, đặc khu", "Ủy ban nhân dân các xã, phường, đặc khu", "ubnd-cac-xa-phuong", "group"),
        ("tỉnh Bắc Giang", "tỉnh Bắc Giang", "tinh-bac-giang", "province"),
        ("Các Sở, ngành, địa phương", "các sở, ngành, địa phương", "cac-so-nganh-dia-phuong", "group"),
        ("các sở, ngành liên quan", "các sở, ngành liên quan", "cac-so-nganh", "group"),
        ("các bộ, ngành và địa phương liên quan", "các bộ, ngành và địa phương liên quan", "cac-bo-nganh-dia-phuong",
         "group"),
        ("Lãnh đạo Sở Y tế", "Lãnh đạo Sở Y tế", "so-y-te", "department"),
        ("Văn phòng UBND tỉnh (Trung tâm Thông tin)", "Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Thông tin)",
         "van-phong-ubnd-tinh", "department"),
        ("Thuế tỉnh", "Thuế tỉnh", "thue-tinh", "branch"),
        ("Phòng 5, Cục Cảnh sát điều tra tội phạm về ma túy, Bộ Công an",
         "Phòng 5, Cục Cảnh sát điều tra tội phạm về ma túy, Bộ Công an",
         "cuc-canh-sat-dieu-tra-toi-pham-ve-ma-tuy/phong-5", "police-army"),
        ("Tổ đảng ở Thường trực Ủy ban Kinh tế", "Tổ đảng ở Thường trực Ủy ban Kinh tế",
         "uy-ban-kinh-te#to-dang-o-thuong-truc", "party"),
        ("Nhà đầu tư Dự án cao tốc Tân Phú - Bảo Lộc", "Nhà đầu tư Dự án cao tốc Tân Phú - Bảo Lộc", "nha-dau-tu",
         "enterprise"),
        ("một số tỉnh đủ điều kiện", "một số tỉnh đủ điều kiện", "group:tinh", "group"),
        ("Báo và Phát thanh, Truyền hình tỉnh", "Báo và Phát thanh, Truyền hình tỉnh", "bao-va-phat-thanh-truyen-hinh-tinh",
         "press"),
    ],
)
def test_resolve_known(text: str, name: str, agency_id: str, kind: str) -> None:
    match = resolve(text)
    assert (match.name, match.id, match.kind, match.known) == (name, agency_id, kind, True)
    assert 0.5 <= match.confidence <= 1


def test_diacritic_insensitive_match_is_less_confident() -> None:
    assert resolve("So Tai chinh").confidence < resolve("Sở Tài chính").confidence == 1.0


def test_groups_record_their_member_kinds() -> None:
    assert resolve("các sở, ngành, địa phương").members == ("department", "province-body", "locality")
    unlisted = resolve("các sở, ngành, đoàn thể")
    assert unlisted.known and unlisted.id == "group:so+nganh+doan-the" and "people-org" in unlisted.members


@pytest.mark.parametrize(
    ("text", "on", "successor"),
    [
        ("Sở Kế hoạch và Đầu tư", date(2025, 6, 1), "so-tai-chinh"),
        ("Sở Kế hoạch và Đầu tư", date(2025, 2, 28), None),
        ("Sở KH&ĐT", date(2025, 3, 1), "so-tai-chinh"),
        ("Sở Giao thông vận tải", date(2025, 6, 1), "so-xay-dung"),
        ("Sở NN&PTNT", date(2025, 6, 1), "so-nong-nghiep-va-moi-truong"),
        ("Sở TN&MT", date(2025, 6, 1), "so-nong-nghiep-va-moi-truong"),
        ("Sở TT&TT", date(2025, 6, 1), "so-khoa-hoc-va-cong-nghe"),
        ("Sở LĐTBXH", date(2025, 6, 1), "so-noi-vu"),
        ("Ban Dân tộc tỉnh", date(2025, 6, 1), "so-dan-toc-va-ton-giao"),
        ("Bộ Kế hoạch và Đầu tư", date(2025, 6, 1), "bo-tai-chinh"),
        ("Bộ Giao thông vận tải", date(2025, 6, 1), "bo-xay-dung"),
        ("Bộ Tài nguyên và Môi trường", date(2025, 6, 1), "bo-nong-nghiep-va-moi-truong"),
        ("Bộ Nông nghiệp và Phát triển nông thôn", date(2025, 6, 1), "bo-nong-nghiep-va-moi-truong"),
        ("Bộ Thông tin và Truyền thông", date(2025, 6, 1), "bo-khoa-hoc-va-cong-nghe"),
        ("Bộ Lao động - Thương binh và Xã hội", date(2025, 6, 1), "bo-noi-vu"),
        ("Ủy ban Dân tộc", date(2025, 6, 1), "bo-dan-toc-va-ton-giao"),
        ("UBND các huyện, thị xã, thành phố", date(2025, 7, 1), "ubnd-cac-xa-phuong"),
        ("UBND huyện Lục Nam", date(2025, 7, 1), "ubnd-xa"),
        ("UBND huyện Lục Nam", date(2025, 6, 30), None),
        ("tỉnh Bắc Giang", date(2025, 7, 1), "tinh-bac-ninh"),
        ("tỉnh Yên Bái", date(2025, 8, 1), "tinh-lao-cai"),
        ("Cục Thuế tỉnh", date(2025, 8, 1), "thue-tinh"),  # through Chi cục Thuế khu vực
        ("Sở Tài chính", date(2026, 1, 1), None),
    ],
)
def test_successors(text: str, on: date, successor: str | None) -> None:
    assert resolve(text, on=on).successor == successor


def test_a_city_of_a_province_is_not_the_province() -> None:
    city = resolve("UBND thành phố Bắc Giang")
    assert (city.id, city.province) == ("ubnd-huyen", None)
    capital = resolve("UBND thành phố Hà Nội")
    assert (capital.id, capital.province) == ("ubnd-tinh", "tp-ha-noi")


def test_province_context() -> None:
    assert resolve("Sở Tài chính", province="Bắc Giang").province == "tinh-bac-giang"
    assert resolve("Sở Tài chính", province="tinh-lao-cai").province == "tinh-lao-cai"
    assert resolve("Công an tỉnh Lào Cai", province="Bắc Giang").province == "tinh-lao-cai"
    assert resolve("Bộ Tài chính", province="Bắc Giang").province is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Trung tâm Ứng dụng tiến bộ khoa học", "public-service"),
        ("Sở Kinh tế số", "department"),
        ("Công ty Cổ phần Môi trường Đô thị", "enterprise"),
        ("Tổ Công tác liên ngành trung ương", "province-body"),
    ],
)
def test_unknown_agencies_are_flagged(text: str, kind: str) -> None:
    match = resolve(text)
    assert match.kind == kind
    assert not match.known or match.confidence <= 0.8
    assert looks_like_agency(text)


@pytest.mark.parametrize("text", ["Mục tiêu", "Thời gian thực hiện", "Tổ chức thực hiện", "Đơn vị tính", "bộ luật",
                                  "Báo cáo kết quả", "Hội nghị tổng kết", "Bảo Lộc – Liên Khương", ""])
def test_not_agencies(text: str) -> None:
    assert not resolve(text).known
    assert resolve(text).confidence <= 0.4
    assert not looks_like_agency(text)


# --- leading_agencies ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Tài chính, Sở Nội vụ, Sở NN&MT: Phấn đấu hoàn thành", (
            ["Sở Tài chính", "Sở Nội vụ", "Sở Nông nghiệp và Môi trường"], "Phấn đấu hoàn thành")),
        ("Các sở, ngành, địa phương: Chỉ đạo thực hiện", (["các sở, ngành, địa phương"], "Chỉ đạo thực hiện")),
        ("Ban Quản lý các khu công nghiệp tỉnh: Chủ trì, phối hợp", (
            ["Ban Quản lý các khu công nghiệp tỉnh"], "Chủ trì, phối hợp")),
        ("3.3. Ban Quản lý các khu công nghiệp tỉnh: Chủ trì", (["Ban Quản lý các khu công nghiệp tỉnh"], "Chủ trì")),
        ("1. Sở Nội vụ:", (["Sở Nội vụ"], "")),
        ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai và các cơ quan liên quan: Tăng cường giám sát", (
            ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai", "các cơ quan liên quan"], "Tăng cường giám sát")),
        ("Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng: Phối hợp với", (
            ["Bộ Chỉ huy quân sự tỉnh"], "Phối hợp với")),
        ("e) Đối với Nhà đầu tư Dự án cao tốc Tân Phú - Bảo Lộc: Khẩn trương", (
            ["Nhà đầu tư Dự án cao tốc Tân Phú - Bảo Lộc"], "Khẩn trương")),
        ("Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường:", (
            ["các sở, ban, ngành tỉnh", "Ủy ban nhân dân các xã, phường"], "")),
        ("Mục tiêu: Tăng trưởng 13,6%", None),
        ("Thời gian thực hiện: Năm 2025", None),
        ("Tổ chức thực hiện: theo kế hoạch", None),
        ("Phối hợp với Ban quản lý các KCN tỉnh: Tham mưu", None),
        ("Sở Tài chính chủ trì tổng hợp", None),
        ("Họp lúc 14:30 tại Sở Tài chính", None),
    ],
)
def test_leading_agencies(text: str, expected: tuple[list[str], str] | None) -> None:
    assert leading_agencies(text) == expected


# --- find_agencies -------------------------------------------------------------------------------------------
def test_find_agencies_in_running_text() -> None:
    text = (
        "Giao Sở Tài chính chủ trì, phối hợp với Công an tỉnh Lào Cai, UBND xã Đạ Huoai và các sở, ngành "
        "địa phương có liên quan; Ngân hàng Nhà nước khu vực X báo cáo"
    )
    found = find_agencies(text)
    assert [text[s:e] for s, e, _ in found] == [
        "Sở Tài chính", "Công an tỉnh Lào Cai", "UBND xã Đạ Huoai", "các sở, ngành địa phương có liên quan",
        "Ngân hàng Nhà nước khu vực X",
    ]
    assert [name for _, _, name in found][2:4] == ["Ủy ban nhân dân xã Đạ Huoai", "các sở, ngành, địa phương có liên quan"]


def test_find_agencies_unlisted_names_end_at_a_duty_verb() -> None:
    text = "Giao Ban Quản lý dự án đầu tư xây dựng số 1 chủ trì, phối hợp Sở NN&MT"
    assert [text[s:e] for s, e, _ in find_agencies(text)] == ["Ban Quản lý dự án đầu tư xây dựng số 1", "Sở NN&MT"]
    assert find_agencies(text)[1][2] == "Sở Nông nghiệp và Môi trường"


def test_find_agencies_needs_separators_for_groups() -> None:
    text = "Thủ trưởng các cơ quan, đơn vị tổ chức quán triệt"
    assert [text[s:e] for s, e, _ in find_agencies(text)] == ["các cơ quan, đơn vị"]


def test_find_agencies_nothing() -> None:
    assert find_agencies("Tăng trưởng kinh tế đạt 13,6% trong năm 2025.") == []


# --- properties and speed --------------------------------------------------------------------------------------
_PIECES = [*"aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠàáảãạỦỳÝĐ &,.;:-–()/0123456789\n", "Sở ", "UBND ", "các ", "và ",
           "tỉnh ", "KH&CN", "TP.", "Bộ ", "VP ", "QH", "CA ", "ngành, ", "địa phương", "Lào Cai", "Công an ", "xã "]
_VIETNAMESE = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), _VIETNAMESE))
def test_functions_never_raise(text: str) -> None:
    parts = split_agencies(text)
    assert all(isinstance(p, str) and p for p in parts)
    resolve(text)
    resolve(text, on=date(2025, 7, 1), province="Bắc Giang")
    looks_like_agency(text)
    leading_agencies(text)
    last = 0
    for start, end, name in find_agencies(text):
        assert last <= start < end <= len(text) and name
        last = end


@settings(max_examples=300, deadline=None)
@given(_VIETNAMESE)
def test_expansion_is_idempotent(text: str) -> None:
    once = expand_abbreviations(text)
    assert expand_abbreviations(once) == once


def test_calls_are_fast() -> None:
    resolve("Sở Tài chính")  # load
    names = [f"Sở Tài chính tỉnh số {i}" for i in range(300)]
    start = time.perf_counter()
    for name in names:
        resolve(name)
    per_call = (time.perf_counter() - start) / len(names)
    assert per_call < 0.002, per_call
