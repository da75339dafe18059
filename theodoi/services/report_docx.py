"""The consolidated report (báo cáo tổng hợp) as a Word document in the form of Nghị định 30/2020
(Phụ lục I): the header block (issuing body, number left blank, place and date, "BÁO CÁO" and its
title), sections I–V, the closing with recipients and the signature block, then the annex — every
task with its agencies, deadline, status and result — on landscape pages, and the charts. Pages are
numbered from page 2. What it says comes from :mod:`theodoi.services.consolidation`."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm, Twips

from theodoi.domain.dates import format_day
from theodoi.domain.growth import components, published, vintages
from theodoi.domain.status import Status
from theodoi.services.consolidation import Consolidated, Said, TaskLine, consolidate, owed_sentence
from theodoi.services.indicators import number as indicator_number
from theodoi.services.indicators import target_text
from theodoi.services.letter_docx import CENTER, JUSTIFY, LEFT, el, mm, page, para, table
from theodoi.services.report_charts import agency_status_png, indicator_png
from theodoi.services.senders import Sender, agency_sender, header_block, sender_for, shorten, signature_block
from theodoi.services.workspace import Workspace

ANNEX = (("STT", 1.3), ("Nhiệm vụ", 7.4), ("Cơ quan chủ trì", 3.4), ("Cơ quan phối hợp", 3.6), ("Thời hạn", 2.6),
         ("Tình trạng", 2.4), ("Kết quả thực hiện", 4.5))
INDICATORS = (("STT", 1.3), ("Chỉ tiêu", 5.2), ("Mục tiêu", 3.6), ("Thực hiện", 3.6), ("Đánh giá", 2.8))
LIST = (("STT", 1.3), ("Nhiệm vụ", 8.8), ("Cơ quan chủ trì", 3.6), ("Thời hạn", 2.8))


def consolidated_docx(ws: Workspace, *, plan: str | int, period: str, on: date | None = None,
                      committee: bool = False, agency: str | int | None = None) -> bytes:
    """The consolidated report of ``plan`` for ``period`` as .docx bytes, issued by the plan's
    coordinator (or the People's Committee); with ``agency``, that agency's own report to the
    coordinator."""
    content = consolidate(ws, plan=plan, period=period, on=on, agency=agency)
    with ws.read() as session:
        merged = session.merge(content.plan, load=False)
        compiler = sender_for(session, merged, content.on, committee=committee)
        sender = agency_sender(session.merge(content.author, load=False)) if content.author is not None else compiler
        return render(content, sender, compiler=compiler, created=ws.now())


def render(c: Consolidated, sender: Sender, *, compiler: Sender | None = None, created: datetime | None = None) -> bytes:
    doc = Document()
    page(doc)
    props = doc.core_properties
    props.title = f"Báo cáo kết quả thực hiện {c.plan_label} — {c.period.label}"
    props.author, props.subject, props.language = " ".join(sender.lines), c.plan_label, "vi-VN"
    props.comments = props.keywords = props.category = props.last_modified_by = ""
    if created is not None:
        props.created = props.modified = created.astimezone(UTC)
    _header(doc, c, sender)
    _opening(doc, c, sender)
    _overview(doc, c)
    _results(doc, c)
    _shortcomings(doc, c)
    _next(doc, c)
    _proposals(doc, c, compiler or sender)
    _closing(doc, c, sender, compiler or sender)
    _annex(doc, c)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _header(doc: Any, c: Consolidated, s: Sender) -> None:
    header_block(doc, s, f"Số: …/BC-{s.symbol}", c.on.year)
    para(doc, "BÁO CÁO", 14, bold=True, before=18)
    para(doc, f"Kết quả thực hiện {c.plan_label}", 14, bold=True)
    if c.plan.title:
        para(doc, _sentence(c.plan.title), 14, bold=True)
    para(doc, c.period.label, 14, bold=True)
    block = doc.add_paragraph()
    block.paragraph_format.left_indent = block.paragraph_format.right_indent = Cm(6.5)
    block._p.get_or_add_pPr().append(el("pBdr", el("top", val="single", sz="6", space="1", color="000000")))


def _opening(doc: Any, c: Consolidated, s: Sender) -> None:
    issuer = f" của {c.plan.issuer}" if c.plan.issuer else ""
    if c.author is not None:
        para(doc, f"Thực hiện {c.plan_label}{issuer}, {s.short} báo cáo kết quả thực hiện các nhiệm vụ được giao "
                  f"{_phrase(c.period.label)} như sau:", 14, align=JUSTIFY, indent=True, before=12, after=6)
        return
    para(doc, f"Thực hiện {c.plan_label}{issuer}, trên cơ sở báo cáo của các cơ quan, đơn vị, {s.short} tổng hợp "
              f"kết quả thực hiện {_phrase(c.period.label)} như sau:", 14, align=JUSTIFY, indent=True, before=12, after=6)


def _heading(doc: Any, text: str) -> None:
    para(doc, text, 14, bold=True, align=JUSTIFY, indent=True, before=6, after=6)


def _body(doc: Any, text: str, *, italic: bool = False) -> None:
    para(doc, text, 14, italic=italic, align=JUSTIFY, indent=True, after=6)


def _overview(doc: Any, c: Consolidated) -> None:
    _heading(doc, "I. KẾT QUẢ CHUNG")
    done = c.counts[Status.DONE_ON_TIME] + c.counts[Status.DONE_LATE]
    whose = (f"{c.author.name} được giao {c.total} nhiệm vụ (chủ trì hoặc phối hợp)" if c.author is not None
             else f"Kế hoạch có {c.total} nhiệm vụ")
    text = f"{whose}. Tính đến ngày {format_day(c.on)}: " + (
        f"{done} nhiệm vụ đã hoàn thành ({c.counts[Status.DONE_ON_TIME]} đúng hạn, {c.counts[Status.DONE_LATE]} quá hạn)"
        if done else "chưa có nhiệm vụ nào hoàn thành")
    rest = [f"{c.counts[s]} nhiệm vụ {s.label.lower()}" for s in (Status.OVERDUE, Status.DUE_SOON, Status.ON_TRACK,
            Status.ONGOING_REPORTED, Status.ONGOING_UNREPORTED, Status.NOT_DUE, Status.WAITING_EVENT, Status.CANNOT_DO)
            if c.counts[s]]
    _body(doc, text + ("; " + "; ".join(rest) if rest else "") + ".")
    if c.on_time_rate is not None:
        _body(doc, f"Tỷ lệ hoàn thành đúng hạn trên số nhiệm vụ đã đến hạn: {_percent(c.on_time_rate)}.")
    _body(doc, owed_sentence(c))
    if c.growth is not None:
        _growth(doc, c.growth)
    if c.indicators:
        _indicators(doc, c)
    elif c.targets:
        _body(doc, "Các chỉ tiêu của Kế hoạch: " + "; ".join(_target(t) for t in c.targets)
              + ". Chưa có số liệu thực hiện các chỉ tiêu trong hệ thống theo dõi.")
    chart = agency_status_png(c.by_agency[:12], "Tình trạng nhiệm vụ theo cơ quan chủ trì")
    if chart:
        picture = doc.add_paragraph()
        picture.paragraph_format.alignment = CENTER
        picture.add_run().add_picture(io.BytesIO(chart), width=Cm(15.5))
        para(doc, "Biểu đồ: Tình trạng nhiệm vụ theo cơ quan chủ trì", 12, italic=True, after=6)


def _growth(doc: Any, g: dict[str, Any]) -> None:
    """The GRDP scenario: growth to date against it, the sectors' contributions, what the rest needs."""
    names = {c.code: c.name for c in components()}
    done, need = g["to_date"], g["needed"]
    if done is None:
        _body(doc, f"Tăng trưởng GRDP: mục tiêu năm {g['year']} là {_pct(g['target'])}; chưa có số liệu quý nào.")
        return
    against = ""
    if done["scenario"] is not None:
        gap = done["growth"] - done["scenario"]
        against = (f", {'cao hơn' if gap >= 0 else 'thấp hơn'} kịch bản ({_pct(done['scenario'])}) "
                   f"{_pct(abs(gap)).removesuffix('%')} điểm phần trăm")
    parts = "; ".join(f"{names[p].lower()} đóng góp {_pct(v).removesuffix('%')} điểm phần trăm"
                      for p, v in sorted(done["contributions"].items(), key=lambda kv: -kv[1]))
    text = f"Tăng trưởng GRDP {_phrase(done['name'])} năm {g['year']} đạt {_pct(done['growth'])}{against}; {parts}."
    if need is not None:
        text += (f" Để đạt mục tiêu cả năm {_pct(g['target'])}, {need['name'].replace('Quý', 'quý')} cần tăng bình "
                 f"quân {_pct(need['growth'])}.")
    else:
        text += f" Mục tiêu cả năm là {_pct(g['target'])}."
    _body(doc, text)


def _pct(value: float) -> str:
    return f"{published(value)}".replace(".", ",") + "%"


def _indicators(doc: Any, c: Consolidated) -> None:
    _body(doc, "Kết quả thực hiện các chỉ tiêu chủ yếu:")
    grid = table(doc, len(c.indicators) + 1, tuple(w for _, w in INDICATORS), borders=True)
    _head(grid, INDICATORS)
    for number, (item, row) in enumerate(zip(c.indicators, grid.rows[1:], strict=True), start=1):
        figure = item["figure"]
        done = (f"{indicator_number(figure['value'])} {item['unit']} ({figure['period_label']}, "
                f"{VINTAGES.get(figure['vintage'], figure['vintage']).lower()})".replace(" %", "%") if figure
                else "Chưa có số liệu")
        values = (str(number), _sentence(item["name"]), f"{target_text(item)} ({item['period_label']})", done,
                  item["standing_label"] or "Chưa đánh giá")
        for cell, value, align in zip(row.cells, values, (CENTER, JUSTIFY, CENTER, CENTER, CENTER), strict=True):
            para(cell, value, 12, align=align, reuse=True, before=2, after=2)
    chart = indicator_png(c.indicators, "Chỉ tiêu: mục tiêu và thực hiện")
    if chart:
        picture = doc.add_paragraph()
        picture.paragraph_format.alignment = CENTER
        picture.add_run().add_picture(io.BytesIO(chart), width=Cm(14))
        para(doc, "Biểu đồ: Mục tiêu và kết quả thực hiện các chỉ tiêu", 12, italic=True, after=6)
    else:
        para(doc, "", 6)


def _results(doc: Any, c: Consolidated) -> None:
    _heading(doc, "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ")
    shown = [s for s in c.sections if s.tasks]
    for number, section in enumerate(shown, start=1):
        if len(shown) > 1:
            title = _title_case(section.heading) if section.heading else f"Phần {section.ref}"
            para(doc, f"{number}. {title}", 14, bold=True, italic=True, align=JUSTIFY, indent=True, after=3)
        done = f"đã hoàn thành {section.done}" if section.done else "chưa có nhiệm vụ nào hoàn thành"
        _body(doc, f"Có {section.tasks} nhiệm vụ, {done}.")
        if not section.results:
            _body(doc, "Trong kỳ chưa có báo cáo kết quả nào được chấp nhận đối với các nhiệm vụ của phần này.",
                  italic=True)
        for said in section.results:
            _body(doc, f"- {said.agency} (nhiệm vụ {said.ref}): {_sentence(said.text)}")


def _shortcomings(doc: Any, c: Consolidated) -> None:
    _heading(doc, "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    if c.overdue:
        _body(doc, f"Còn {len(c.overdue)} nhiệm vụ quá hạn chưa hoàn thành (chi tiết tại Phụ lục):")
        _list(doc, c.overdue)
    if c.obstacles:
        _body(doc, "Khó khăn, vướng mắc các cơ quan nêu trong báo cáo:")
        for said in c.obstacles:
            _body(doc, f"- {said.agency} (nhiệm vụ {said.ref}): {_sentence(said.text)}")
    if not c.overdue and not c.obstacles:
        _body(doc, "Trong kỳ không có nhiệm vụ quá hạn; các cơ quan không báo cáo khó khăn, vướng mắc.", italic=True)
    missing = c.owed.get("missing", 0) + c.owed.get("returned", 0)
    if missing:
        _body(doc, f"Còn {missing} báo cáo chưa gửi hoặc bị trả lại chưa gửi lại, ảnh hưởng đến việc tổng hợp.")


def _next(doc: Any, c: Consolidated) -> None:
    _heading(doc, f"IV. NHIỆM VỤ TRỌNG TÂM {c.period.next().label.upper()}")
    if not c.next_period:
        _body(doc, "Không có nhiệm vụ nào đến hạn trong kỳ tới; các cơ quan tiếp tục thực hiện các nhiệm vụ được giao.",
              italic=True)
        return
    _body(doc, "Các cơ quan tập trung thực hiện các nhiệm vụ quá hạn, đến hạn trong kỳ tới và các nhiệm vụ thường xuyên:")
    _list(doc, c.next_period)


def _proposals(doc: Any, c: Consolidated, s: Sender) -> None:
    _heading(doc, "V. KIẾN NGHỊ, ĐỀ XUẤT")
    if not c.proposals:
        _body(doc, "Trong kỳ các cơ quan không có kiến nghị, đề xuất.", italic=True)
        return
    for said in c.proposals:
        escalated = f" (vượt thẩm quyền, đề nghị {s.superior} xem xét, quyết định)" if said.escalated else ""
        _body(doc, f"- {said.agency} (nhiệm vụ {said.ref}): {_sentence(said.text)}{escalated}")


def _closing(doc: Any, c: Consolidated, s: Sender, compiler: Sender) -> None:
    if c.author is not None:  # an agency reports to the plan's coordinator, who compiles for the committee
        to = f"{compiler.short} tổng hợp, báo cáo {compiler.superior}" if not compiler.committee else compiler.superior
        _body(doc, f"Trên đây là báo cáo kết quả thực hiện {c.plan_label} {_phrase(c.period.label)} của {s.short}, "
                   f"kính gửi {to}./.")
        recipients = [f"- {compiler.short if not compiler.committee else compiler.superior} (để tổng hợp);", "- Lưu: VT."]
    else:
        to = s.superior if not s.committee else "các cơ quan, đơn vị"
        verb = "kính báo cáo" if not s.committee else "thông báo"
        _body(doc, f"Trên đây là báo cáo kết quả thực hiện {c.plan_label} {_phrase(c.period.label)}, {s.short} {verb} "
                   f"{to} xem xét, chỉ đạo./.")
        recipients = ([] if s.committee else [f"- {s.superior} (để báo cáo);"]) + ["- Các cơ quan, đơn vị thực hiện;",
                                                                                   "- Lưu: VT."]
    signature_block(doc, s, recipients)


def _annex(doc: Any, c: Consolidated) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Twips(16838), Twips(11906)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = mm(20), mm(20), mm(30), mm(15)
    section.different_first_page_header_footer = False  # the annex pages are numbered too
    para(doc, "Phụ lục", 14, bold=True)
    para(doc, "DANH MỤC NHIỆM VỤ VÀ KẾT QUẢ THỰC HIỆN", 14, bold=True)
    para(doc, f"(Kèm theo Báo cáo kết quả thực hiện {c.plan_label}, {_phrase(c.period.label)})", 14, italic=True,
         after=6)
    grid = table(doc, len(c.annex) + 1, tuple(w for _, w in ANNEX), borders=True)
    _head(grid, ANNEX)
    for number, (line, row) in enumerate(zip(c.annex, grid.rows[1:], strict=True), start=1):
        values = (str(number), f"{line.ref}. {_sentence(line.text)}", "; ".join(line.lead), "; ".join(line.support),
                  _deadline(line), line.status.label if line.status else "Chưa xác định",
                  _sentence(line.result) if line.result else "Chưa có báo cáo được chấp nhận")
        for cell, value, align in zip(row.cells, values, (CENTER, JUSTIFY, LEFT, LEFT, CENTER, CENTER, JUSTIFY),
                                      strict=True):
            para(cell, value, 11, align=align, reuse=True, before=2, after=2)


def _list(doc: Any, lines: list[TaskLine]) -> None:
    grid = table(doc, len(lines) + 1, tuple(w for _, w in LIST), borders=True)
    _head(grid, LIST)
    for number, (line, row) in enumerate(zip(lines, grid.rows[1:], strict=True), start=1):
        values = (str(number), f"{line.ref}. {shorten(line.text, 220)}", "; ".join(line.lead), _deadline(line))
        for cell, value, align in zip(row.cells, values, (CENTER, JUSTIFY, LEFT, CENTER), strict=True):
            para(cell, value, 12, align=align, reuse=True, before=2, after=2)
    para(doc, "", 6)


def _head(grid: Any, columns: tuple[tuple[str, float], ...]) -> None:
    heading = grid.rows[0]
    heading._tr.get_or_add_trPr().append(el("tblHeader", val="true"))  # repeated on every page
    for cell, (title, _) in zip(heading.cells, columns, strict=True):
        para(cell, title, 12, bold=True, reuse=True, before=3, after=3)


VINTAGES = {v.code: v.name for v in vintages()}


def _deadline(line: TaskLine) -> str:
    if line.due is not None:
        return format_day(line.due)
    return line.deadline or "Không nêu thời hạn"


def _target(t: dict[str, Any]) -> str:
    text = shorten(str(t["text"]).rstrip(".;"), 160)
    return f"{t['indicator']}: {text}" if t.get("indicator") else text


def _title_case(text: str) -> str:
    """A plan's heading in a report's sentence case ("NHIỆM VỤ VÀ GIẢI PHÁP" → "Nhiệm vụ và giải pháp")."""
    text = " ".join(text.split())
    return _sentence(text.lower()) if text.isupper() else _sentence(text)


def _phrase(label: str) -> str:
    """A period's label inside a sentence: "Quý III/2025" → "quý III/2025" (only the first letter)."""
    return label[:1].lower() + label[1:]


def _percent(rate: float) -> str:
    return f"{rate * 100:.1f}".replace(".", ",") + "%"


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(";,")
    return text[:1].upper() + text[1:] if text else text


__all__ = ["Said", "render"]
