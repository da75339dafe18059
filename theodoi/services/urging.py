"""The draft urging letter (công văn đôn đốc) of an agency's late items, as a Word document.

An agency's late items on day D: its parts of tasks overdue (:func:`theodoi.services.status.overview`)
and its reports owed that are missing or returned (:func:`theodoi.services.obligations.obligations`).
The letter is a draft công văn in the form of Nghị định 30/2020 (Phụ lục I: A4, margins 20/20/30/15 mm,
Times New Roman, number and day left blank, pages numbered from page 2), issued by the plans' single
coordinator ("KT. GIÁM ĐỐC") or else, or when asked, by the People's Committee ("TM. ỦY BAN NHÂN DÂN").
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from theodoi.domain.dates import format_day
from theodoi.domain.periods import parse_period
from theodoi.domain.status import Status
from theodoi.domain.workdays import load_calendar
from theodoi.errors import Invalid
from theodoi.services.agencies import find_agency, in_force
from theodoi.services.letter_docx import CENTER, JUSTIFY, LEFT, el, page, para, table
from theodoi.services.obligations import obligations
from theodoi.services.plans import coordinator, find_plan
from theodoi.services.senders import (
    Sender,
    agency_sender,
    committee_sender,
    header_block,
    shorten,
    signature_block,
)
from theodoi.services.status import overview
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, Plan, Task

REPLY_WORKING_DAYS = 5  # the agency reports back within 5 working days
COLUMNS = (("STT", 1.2), ("Nhiệm vụ", 7.1), ("Thời hạn", 2.6), ("Số ngày quá hạn / Kỳ báo cáo", 2.8), ("Ghi chú", 2.8))
VERBS = {"thực", "triển", "tổ", "phát", "nâng", "đẩy", "tăng", "cải", "hành", "chuyển", "xây", "về", "thúc", "bảo", "đổi"}


@dataclass(frozen=True, slots=True)
class Letter:
    docx: bytes
    items: int
    agency: str  # the full name of the agency urged
    sender: str = ""  # the issuing body
    reply_by: date | None = None


@dataclass(frozen=True, slots=True)
class Row:
    kind: str  # task | missing | returned
    task: str
    due: date | None
    late: str  # "20 ngày", or the period of a report ("Quý III/2025")
    note: str


@dataclass(frozen=True, slots=True)
class Content:
    agency: str
    sender: Sender
    plans: list[Plan]
    rows: list[Row]
    on: date
    reply_by: date
    compiler: str | None  # who compiles the reports ("Sở Tài chính"); None: the committee

    def count(self, kind: str) -> int:
        return sum(r.kind == kind for r in self.rows)


def urging_letter(
    ws: Workspace, *, agency: str, on: date | None = None, plan: str | None = None,
    issuer: Literal["coordinator", "committee"] = "coordinator",
) -> Letter:
    """The draft công văn urging ``agency`` (id, code or name) about its items late on ``on`` (today by
    default), for one plan (id or number) or every live plan. Refused when nothing is late."""
    day = on or ws.today()
    with ws.read() as session:
        target = _agency(session, agency, day)
        plan_ids: list[int] | None = None
        if plan is not None:
            chosen = find_plan(session, plan)
            if chosen.status != "published":
                raise Invalid(f"{chosen.label} chưa ban hành (trạng thái '{chosen.status}'), chưa có gì để đôn đốc "
                              "(the plan is not live)")
            plan_ids = [chosen.id]
    parts = [p for p in overview(ws, on=day, plan_ids=plan_ids, agency_ids=[target.id], tasks=False).parts
             if p.status is Status.OVERDUE]
    owed = [o for o in obligations(ws, on=day, plan_ids=plan_ids, agency_ids=[target.id])
            if o.state in ("missing", "returned")]
    if not parts and not owed:
        raise Invalid(f"{target.full_name} không có nhiệm vụ quá hạn hay báo cáo chưa nộp, bị trả lại đến ngày "
                      f"{format_day(day)}: không có gì để đôn đốc (nothing to urge)")
    with ws.read() as session:
        plans = list(session.scalars(select(Plan).where(Plan.id.in_({p.plan_id for p in parts} | {o.plan_id for o in owed}))
                                     .order_by(Plan.id)))
        tasks = {t.id: t for t in session.scalars(select(Task).where(Task.id.in_({p.task_id for p in parts}
                                                                                   | {o.task_id for o in owed})))}
        labels = {p.id: _label(p) for p in plans} if len(plans) > 1 else {}
        rows = [_task_row(p, tasks[p.task_id], labels.get(p.plan_id)) for p in parts]
        rows += [_report_row(o, tasks[o.task_id], labels.get(o.plan_id))
                 for o in sorted(owed, key=lambda o: (o.plan_id, o.due, o.period, tasks[o.task_id].position))]
        found = {a.id: a for a in (coordinator(session, p, day) for p in plans) if a is not None}
        only = next(iter(found.values())) if len(found) == 1 and target.id not in found else None
        sender = agency_sender(only) if only is not None and issuer == "coordinator" else committee_sender(session, plans[0], day)
        reply = load_calendar().add_working_days(day, REPLY_WORKING_DAYS)
        content = Content(target.full_name, sender, plans, rows, day, reply, only.name if only else None)
        return Letter(render(content, created=ws.now()), len(rows), target.full_name, " ".join(sender.lines),
                      content.reply_by)


# --- what the letter says ------------------------------------------------------------------------------------


def _agency(session: Session, text: str, day: date) -> Agency:
    agency = find_agency(session, text)
    if agency.is_group:
        raise Invalid(f"'{agency.name}' là một nhóm cơ quan; hãy nêu một cơ quan cụ thể (a group: name one agency)")
    current = in_force(session, agency, day)
    return current[0] if len(current) == 1 else agency


def _label(plan: Plan) -> str:
    kind = plan.kind or "Kế hoạch"
    if plan.number:
        return f"{kind} số {plan.number}"
    return f"{kind} (chưa có số) tháng {plan.effective_from.month}/{plan.effective_from.year}"


def _cite(plan: Plan) -> str:
    """ "Kế hoạch số 12/KH-UBND ngày 05/06/2025 của … thực hiện …" """
    when = f"ngày {format_day(plan.issued_on)}" if plan.issued_on else \
        f"tháng {plan.effective_from.month}/{plan.effective_from.year}"
    text = f"{plan.kind or 'Kế hoạch'} số {plan.number or '(chưa có số)'} {when}"
    text += f" của {plan.issuer}" if plan.issuer else ""
    title = " ".join((plan.title or "").split()).rstrip(".")
    if not title:
        return text
    return f"{text} {title[0].lower() + title[1:] if title.split()[0].lower() in VERBS else 'về ' + title}"


def _task_row(part: Any, task: Task, plan_label: str | None) -> Row:
    notes = ["Chủ trì" if part.role == "lead" else "Phối hợp"]
    if part.assessment.extended and part.facts.original_due:
        notes.append(f"đã gia hạn, hạn ban đầu {format_day(part.facts.original_due)}")
    elif task.deadline_text and len(task.deadline_text) <= 40:
        notes.append(f"hạn theo văn bản: {' '.join(task.deadline_text.split())}")
    notes += [plan_label] if plan_label else []
    late = -(part.assessment.days_left or 0)
    return Row("task", f"{part.key}. {shorten(task.text, 300)}", part.assessment.due, f"{late} ngày", "; ".join(notes))


def _report_row(owed: Any, task: Task, plan_label: str | None) -> Row:
    note = "Bị trả lại, cần hoàn thiện và gửi lại" if owed.state == "returned" else "Chưa nộp, đã quá hạn"
    return Row(owed.state, f"Báo cáo kết quả thực hiện nhiệm vụ {owed.task_key}: {shorten(task.text, 120)}", owed.due,
               parse_period(owed.period).label, note + (f"; {plan_label}" if plan_label else ""))


def _subject(c: Content) -> str:
    which = _label(c.plans[0]) if len(c.plans) == 1 else "các kế hoạch"
    if c.count("task") and len(c.rows) > c.count("task"):
        return f"V/v đôn đốc thực hiện nhiệm vụ và báo cáo kết quả thực hiện {which}"
    if c.count("task"):
        return f"V/v đôn đốc thực hiện nhiệm vụ theo {which}"
    return f"V/v đôn đốc báo cáo kết quả thực hiện {which}"


def _paragraphs(c: Content) -> tuple[str, list[str]]:
    """The body: the paragraph before the table, and those after it."""
    kinds = list(dict.fromkeys(r.late for r in c.rows if r.kind == "missing"))
    tasks, missing, returned = c.count("task"), c.count("missing"), c.count("returned")
    said = [text for n, text in (
        (tasks, f"{tasks} nhiệm vụ đã quá thời hạn hoàn thành"),
        (missing, f"{missing} báo cáo kết quả thực hiện nhiệm vụ {'kỳ' if len(kinds) == 1 else 'các kỳ'} "
                  f"{', '.join(kinds)} đã quá hạn nộp nhưng chưa gửi"),
        (returned, f"{returned} báo cáo bị trả lại chưa gửi lại")) if n]
    listed = ", ".join(said[:-1]) + " và " + said[-1] if len(said) > 1 else said[0]
    if len(c.plans) == 1:
        cited, called = _cite(c.plans[0]) + " (sau đây gọi là Kế hoạch)", "Kế hoạch"
    else:
        cited = "các văn bản: " + "; ".join(_cite(p) for p in c.plans) + " (sau đây gọi chung là các Kế hoạch)"
        called = "các Kế hoạch"
    before = (f"Theo dõi tình hình thực hiện {cited}, đến ngày {format_day(c.on)}, {c.agency} còn {listed} "
              "(chi tiết tại bảng dưới đây):")
    asks = (["khẩn trương chỉ đạo triển khai, hoàn thành các nhiệm vụ quá hạn nêu trên"] if tasks else []) \
        + (["bổ sung các báo cáo còn thiếu"] if missing else []) + (["hoàn thiện các báo cáo bị trả lại"] if returned else [])
    s = c.sender
    tail = f" để tổng hợp, báo cáo {s.superior}" if c.compiler else ""
    ask = (f"Để bảo đảm tiến độ thực hiện {called}, {s.short} đề nghị {c.agency} {'; '.join(asks)}; gửi báo cáo "
           f"kết quả thực hiện (kèm tài liệu kiểm chứng) về {c.compiler or s.superior} trước ngày "
           f"{format_day(c.reply_by)}{tail}.")
    decide = s.superior if s.committee else f"{s.short} tổng hợp, báo cáo {s.superior}"
    last = ("Trường hợp có khó khăn, vướng mắc hoặc nội dung vượt thẩm quyền, đề nghị nêu rõ nguyên nhân, đề xuất "
            f"giải pháp và thời hạn hoàn thành trong báo cáo để {decide} xem xét, chỉ đạo./.")
    return before, [ask, last]


# --- the Word document -----------------------------------------------------------------------------------------


def _items(doc: Any, rows: list[Row]) -> None:
    grid = table(doc, len(rows) + 1, tuple(w for _, w in COLUMNS), borders=True)
    heading = grid.rows[0]
    heading._tr.get_or_add_trPr().append(el("tblHeader", val="true"))  # repeated on every page
    for cell, (title, _) in zip(heading.cells, COLUMNS, strict=True):
        para(cell, title, 13, bold=True, reuse=True, before=3, after=3)
    for number, (row, line) in enumerate(zip(rows, grid.rows[1:], strict=True), start=1):
        values = (str(number), row.task, format_day(row.due), row.late, row.note)
        aligns = (CENTER, JUSTIFY, CENTER, CENTER, LEFT)
        for cell, value, align in zip(line.cells, values, aligns, strict=True):
            para(cell, value, 13, align=align, reuse=True, before=2, after=2)


def _closing(doc: Any, s: Sender) -> None:
    signature_block(doc, s, ["- Như trên;"] + ([] if s.committee else [f"- {s.superior} (để báo cáo);"]) + ["- Lưu: VT."])


def render(c: Content, *, created: datetime | None = None) -> bytes:
    """The letter as .docx bytes."""
    doc = Document()
    page(doc)
    props = doc.core_properties
    props.title, props.subject, props.author = "Dự thảo công văn đôn đốc", c.agency, " ".join(c.sender.lines)
    props.comments, props.keywords, props.category, props.last_modified_by = "", "đôn đốc", "", ""
    props.language = "vi-VN"
    if created is not None:
        props.created = props.modified = created.astimezone(UTC)
    para(doc, "DỰ THẢO", 12, bold=True, align=LEFT, after=6)
    header_block(doc, c.sender, f"Số: …/{c.sender.symbol}-…", c.on.year, _subject(c))
    para(doc, f"Kính gửi: {c.agency}.", 14, before=12, after=12)
    before, after = _paragraphs(c)
    para(doc, before, 14, align=JUSTIFY, indent=True, after=6)
    _items(doc, c.rows)
    for i, text in enumerate(after):
        para(doc, text, 14, align=JUSTIFY, indent=True, after=6, before=6 if i == 0 else 0)
    _closing(doc, c.sender)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
