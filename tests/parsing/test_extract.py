"""Task extraction end to end on small synthetic plans: one LABELING.md rule per test."""

from __future__ import annotations

from theodoi.parsing import parse_text

HEADER = """ỦY BAN NHÂN DÂN
TỈNH BẮC GIANG
Số: 12/KH-UBND
Bắc Giang, ngày 05 tháng 3 năm 2026
KẾ HOẠCH
Thực hiện nhiệm vụ năm 2026
"""
CLOSING = """Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
"""


def plan(body: str):  # type: ignore[no-untyped-def]
    return parse_text(HEADER + body + "\n" + CLOSING)


def rows(body: str) -> list[tuple]:
    return [(t.ref, t.part, t.lead, t.support, t.deadline.kind, t.deadline.due and t.deadline.due.isoformat())
            for t in plan(body).tasks]


def test_purposes_are_not_tasks_and_group_headings_are_not_tasks() -> None:
    body = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Sở Tài chính tổ chức quán triệt kế hoạch.
II. NHIỆM VỤ, GIẢI PHÁP
1. Về cải cách thủ tục hành chính
1.1. Sở Tư pháp: Chủ trì rà soát văn bản quy phạm pháp luật.
Thời gian thực hiện: Quý II/2026
1.2. Sở Nội vụ: Chủ trì, phối hợp với các sở, ngành kiện toàn bộ máy.
Thời gian thực hiện: Thường xuyên
"""
    assert rows(body) == [
        ("II.1.1", 1, ["Sở Tư pháp"], [], "date", "2026-06-30"),
        ("II.1.2", 1, ["Sở Nội vụ"], ["các sở, ngành"], "ongoing", None),
    ]


def test_several_timeline_lines_make_parts() -> None:
    body = """II. NHIỆM VỤ
1. Sở Tài chính: Chủ trì rà soát quy hoạch tỉnh.
Thời gian thực hiện: Sau khi Quốc hội thông qua Luật Quy hoạch.
Đôn đốc giải ngân vốn đầu tư công, phấn đấu giải ngân 100% kế hoạch vốn.
Thời gian thực hiện: Năm 2026
"""
    tasks = plan(body).tasks
    assert [(t.ref, t.part, t.lead, t.deadline.kind) for t in tasks] == [
        ("II.1", 1, ["Sở Tài chính"], "event"), ("II.1", 2, ["Sở Tài chính"], "date"),
    ]
    assert [(x.value, x.unit) for x in tasks[1].targets] == [(100, "%")]


def test_agency_heading_with_lettered_points_and_bullets() -> None:
    body = """II. NHIỆM VỤ
1. Bộ Kế hoạch và Đầu tư:
a) Chủ trì, phối hợp với các Bộ, ngành liên quan rà soát cơ chế, chính sách trong quý III năm 2026.
b) Hướng dẫn các địa phương xây dựng kế hoạch.
2. Bộ Công Thương:
- Chủ trì đánh giá kết quả thực hiện quy chế cụm công nghiệp.
- Chủ trì, phối hợp với Bộ Tài chính hướng dẫn hỗ trợ đầu tư.
"""
    assert rows(body) == [
        ("II.1.a", 1, ["Bộ Kế hoạch và Đầu tư"], ["các bộ, ngành liên quan"], "date", "2026-09-30"),
        ("II.1.b", 1, ["Bộ Kế hoạch và Đầu tư"], [], "none", None),
        ("II.2", 1, ["Bộ Công Thương"], [], "none", None),
        ("II.2", 2, ["Bộ Công Thương"], ["Bộ Tài chính"], "none", None),
    ]


def test_a_paragraph_whose_subject_is_another_agency_is_a_task_of_its_own() -> None:
    body = """II. NHIỆM VỤ
9. Các Bộ, ngành báo cáo kết quả thực hiện với Thủ tướng Chính phủ.
Bộ Kế hoạch và Đầu tư chịu trách nhiệm hướng dẫn, theo dõi, đôn đốc thực hiện.
"""
    assert [(r[0], r[1], r[2]) for r in rows(body)] == [
        ("II.9", 1, ["các bộ, ngành"]), ("II.9", 2, ["Bộ Kế hoạch và Đầu tư"]),
    ]


def test_organisation_duties_are_tasks_but_not_notes_without_agency() -> None:
    body = """III. TỔ CHỨC THỰC HIỆN
1. Thời gian thực hiện Kế hoạch: từ năm 2026 đến năm 2030.
2. Sở Tài chính: Chủ trì, cùng với các sở, ngành: Tổng hợp, báo cáo kết quả thực hiện Kế hoạch này.
"""
    assert [(r[0], r[2], r[3]) for r in rows(body)] == [("III.2", ["Sở Tài chính"], ["các sở, ngành"])]


def test_deadline_inside_the_sentence() -> None:
    body = """II. NHIỆM VỤ
1. Sở Xây dựng chủ trì tham mưu, trình Ủy ban nhân dân tỉnh trước ngày 15/9/2026.
"""
    tasks = plan(body).tasks
    assert tasks[0].deadline.due.isoformat() == "2026-09-15"
    assert tasks[0].deadline.exclusive


def test_task_table_columns_found_by_their_names_in_any_order() -> None:
    body = """II. NHIỆM VỤ
1. Các sở, ngành thực hiện các nhiệm vụ tại Phụ lục kèm theo.
""" + CLOSING + """PHỤ LỤC
DANH MỤC NHIỆM VỤ
Thời gian hoàn thành | Cơ quan phối hợp | TT | Cơ quan chủ trì | Nội dung nhiệm vụ
(1) | (2) | (3) | (4) | (5)
 |  | I | | Nhiệm vụ chung
Quý III/2026 | Sở Tư pháp | 1 | Sở Nội vụ | Rà soát, sắp xếp tổ chức bộ máy
Thường xuyên |  | 2 | Các sở, ngành, địa phương | Công khai thủ tục hành chính
 |  | II | | Nhiệm vụ cụ thể
2026 | Công an tỉnh | 1 | Sở Tài chính | Bố trí kinh phí thực hiện
"""
    assert rows(body)[1:] == [
        ("I.1", 1, ["Sở Nội vụ"], ["Sở Tư pháp"], "date", "2026-09-30"),
        ("I.2", 1, ["các sở, ngành, địa phương"], [], "ongoing", None),
        ("II.1", 1, ["Sở Tài chính"], ["Công an tỉnh"], "date", "2026-12-31"),
    ]


def test_indicator_tables_give_no_tasks() -> None:
    body = """II. CHỈ TIÊU
TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi, đánh giá
1 | Tỉ lệ hồ sơ trực tuyến | % | ≥ 80 | Sở Khoa học và Công nghệ
2 | Xếp hạng chỉ số DTI | Thứ bậc | ≤ 10 | Sở Khoa học và Công nghệ
"""
    assert plan(body).tasks == []


def test_a_letter_of_plain_paragraphs() -> None:
    text = """ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: 15/UBND-KT
V/v tham mưu ủy quyền thủ tục
Lào Cai, ngày 02 tháng 9 năm 2025
Kính gửi: Sở Công Thương.
Chủ tịch Ủy ban nhân dân tỉnh có ý kiến chỉ đạo như sau:
Giao Sở Công Thương chủ trì, phối hợp với Sở Tư pháp nghiên cứu, tham mưu việc ủy quyền; trình Ủy ban nhân dân tỉnh trước ngày 15/9/2025.
Căn cứ ý kiến chỉ đạo trên, Sở Công Thương triển khai thực hiện./.
""" + CLOSING
    tasks = parse_text(text).tasks
    assert [(t.ref, t.lead, t.support, t.deadline.due.isoformat()) for t in tasks] == [
        ("1", ["Sở Công Thương"], ["Sở Tư pháp"], "2025-09-15")
    ]


def test_every_task_carries_its_source_line() -> None:
    body = """II. NHIỆM VỤ
1. Sở Tư pháp: Chủ trì rà soát văn bản.
Thời gian thực hiện: Năm 2026
"""
    task = plan(body).tasks[0]
    assert task.source is not None and task.source.line == 8
    assert task.deadline.source is not None and task.deadline.source.line == 9


def test_a_heading_whose_paragraph_names_the_agency_for_the_points_below() -> None:
    body = """II. NHIỆM VỤ
1. Về cải cách thể chế
Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị liên quan:
a) Tổ chức rà soát toàn bộ hệ thống văn bản quy phạm pháp luật.
b) Kịp thời tham mưu sửa đổi, bổ sung văn bản không còn phù hợp.
"""
    assert [(r[0], r[2], r[3]) for r in rows(body)] == [
        ("II.1.a", ["Sở Tư pháp"], ["các cơ quan, đơn vị liên quan"]),
        ("II.1.b", ["Sở Tư pháp"], ["các cơ quan, đơn vị liên quan"]),
    ]


def test_headings_about_agencies() -> None:
    body = """II. NHIỆM VỤ
7. Trách nhiệm của các sở, ban, ngành, Ủy ban nhân dân các xã, phường
a) Chủ động xây dựng kế hoạch khắc phục tồn tại, hạn chế.
8. Đối với Đoàn kiểm tra: Các thành viên Đoàn thực hiện nghiêm túc Kế hoạch.
"""
    assert [(r[0], r[2]) for r in rows(body)] == [
        ("II.7.a", ["các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"]),
        ("II.8", ["Đoàn kiểm tra"]),
    ]


def test_items_with_field_lines() -> None:
    body = """1. Nhiệm vụ về hạ tầng số
(1) Bảo đảm hạ tầng mạng, đường truyền phục vụ chính quyền địa phương hai cấp.
- Đơn vị chủ trì thực hiện: Sở Khoa học và Công nghệ.
- Đơn vị phối hợp: Công an tỉnh.
- Thời gian hoàn thành: Trong tháng 8/2026.
(2) Triển khai hệ thống thông tin giải quyết thủ tục hành chính.
- Đơn vị thực hiện: Văn phòng UBND tỉnh chủ trì, phối hợp các sở, ban, ngành.
- Thời gian hoàn thành: Thực hiện thường xuyên.
"""
    assert rows(body) == [
        ("1.1", 1, ["Sở Khoa học và Công nghệ"], ["Công an tỉnh"], "date", "2026-08-31"),
        ("1.2", 1, ["Văn phòng Ủy ban nhân dân tỉnh"], ["các sở, ban, ngành"], "ongoing", None),
    ]


def test_the_signature_and_recipients_reach_the_document() -> None:
    document = plan("II. NHIỆM VỤ\n1. Sở Tư pháp: Chủ trì rà soát văn bản.\n").document
    assert document.signature.signer == "Nguyễn Văn A"
    assert document.signature.authority == "TM. ỦY BAN NHÂN DÂN"
    assert document.recipients == ["Như trên", "Lưu: VT"]


def test_agency_headings_with_a_note_a_short_verb_or_two_names() -> None:
    body = """II. NHIỆM VỤ
2. Giao Sở Nội vụ (Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh):
a) Theo dõi, tổng hợp kết quả phong trào thi đua.
3. Chủ tịch Ủy ban nhân dân cấp xã chỉ đạo
- Tăng cường quản lý địa bàn.
- Bảo đảm mỗi học kỳ tổ chức tuyên truyền trong trường học.
4. Bộ Chỉ huy Quân sự tỉnh/Ban Chỉ huy Bộ đội Biên phòng tỉnh
a) Tuần tra, kiểm soát khu vực biên giới.
"""
    assert [(r[0], r[1], r[2]) for r in rows(body)] == [
        ("II.2.a", 1, ["Sở Nội vụ"]),
        ("II.3", 1, ["Ủy ban nhân dân cấp xã"]),
        ("II.3", 2, ["Ủy ban nhân dân cấp xã"]),
        ("II.4.a", 1, ["Bộ Chỉ huy Quân sự tỉnh", "Ban Chỉ huy Bộ đội Biên phòng tỉnh"]),
    ]


def test_the_closing_clause_and_a_decisions_effect_are_not_tasks() -> None:
    body = """Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./.
"""
    assert plan(body).tasks == []


def test_background_sections_keep_explicit_assignments_only() -> None:
    body = """I. MỤC ĐÍCH, YÊU CẦU
1. Đánh giá việc thực hiện nhiệm vụ cải cách hành chính.
II. ĐOÀN KIỂM TRA, THỜI GIAN KIỂM TRA
1. Chủ tịch Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì, phối hợp với các ngành có liên quan thành lập Đoàn kiểm tra.
2. Số lượng đơn vị kiểm tra: tối thiểu 20% cơ quan chuyên môn.
III. TỔ CHỨC THỰC HIỆN
1. Các cơ quan, đơn vị được kiểm tra
a) Rà soát các nội dung theo Kế hoạch.
"""
    assert [(r[0], r[2], r[3]) for r in rows(body)] == [
        ("II.1", ["Sở Nội vụ"], ["các ngành có liên quan"]),
        ("III.1.a", ["các cơ quan, đơn vị được kiểm tra"], []),
    ]


def test_a_duty_that_mentions_a_decision_in_force_is_still_a_task() -> None:
    body = """1. Công an tỉnh, các sở, ban, ngành
Theo chức năng, nhiệm vụ tổ chức triển khai Quyết định số 1074/QĐ-BXD đang có hiệu lực thi hành.
2. Giao Sở Xây dựng
Chủ trì, phối hợp với Công an tỉnh hướng dẫn triển khai thực hiện.
"""
    assert [(r[0], r[2], r[3]) for r in rows(body)] == [
        ("1", ["Công an tỉnh", "các sở, ban, ngành"], []),
        ("2", ["Sở Xây dựng"], ["Công an tỉnh"]),
    ]


def test_a_listing_intro_makes_each_bullet_a_part_and_a_cue_after_a_circumstance_is_read() -> None:
    body = """II. NỘI DUNG
3. Các đơn vị, địa phương tham mưu, triển khai thực hiện và hoàn thành các mặt công tác, như:
- Cấp phép cho các cơ quan, tổ chức, cá nhân đúng quy định.
- Thường xuyên rà soát, thống kê tình hình các doanh nghiệp.
III. TỔ CHỨC THỰC HIỆN
1. Căn cứ Kế hoạch này, đề nghị các đơn vị, địa phương chủ động xây dựng kế hoạch của đơn vị.
"""
    assert [(r[0], r[1], r[2], r[4]) for r in rows(body)] == [
        ("II.3", 1, ["các đơn vị, địa phương"], "none"),
        ("II.3", 2, ["các đơn vị, địa phương"], "ongoing"),
        ("III.1", 1, ["các đơn vị, địa phương"], "none"),
    ]
