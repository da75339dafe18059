"""Rows defined once, rendered in many formats (CSV, XLSX, table): the task register's columns.

Values are plain Python values (``str``, ``int``, ``date``, ``None``); each renderer formats them.
Column headers are Vietnamese, the language of the register's readers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from theodoi.parsing.plan import Deadline, DocumentInfo, Finding, Plan, Reference, Target, Task

Cell = str | int | float | date | None

KIND_LABELS = {
    "date": "có thời hạn",
    "ongoing": "thường xuyên",
    "event": "theo sự kiện",
    "none": "không nêu",
}
SEVERITY_LABELS = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}


def dmy(value: date | None) -> str:
    """A date as Vietnamese readers write it: 05/06/2025; "" for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


def task_id(task: Task) -> str:
    """"1.2" for a task, "1.2#2" for the second task read from the same numbered item."""
    return f"{task.ref}#{task.part}" if task.part > 1 else task.ref


def targets_text(targets: list[Target]) -> str:
    return "; ".join(t.text for t in targets)


def deadline_text(deadline: Deadline) -> str:
    """The deadline as written, followed by the normalised due date when it adds something."""
    text = deadline.text or ""
    due = dmy(deadline.due)
    if due and due not in text:
        return f"{text} ({due})" if text else due
    return text


def _line(task: Task) -> int | None:
    return task.source.line if task.source else None


TaskColumn = tuple[str, int, Callable[[Task], Cell]]  # header, width in characters, value

TASK_COLUMNS: list[TaskColumn] = [
    ("Mục", 8, lambda t: t.ref),
    ("Phần", 6, lambda t: t.part),
    ("Thuộc mục", 9, lambda t: t.section),
    ("Tiêu đề mục", 30, lambda t: t.heading),
    ("Nội dung nhiệm vụ", 70, lambda t: t.text),
    ("Cơ quan chủ trì", 30, lambda t: "; ".join(t.lead)),
    ("Cơ quan phối hợp", 30, lambda t: "; ".join(t.support)),
    ("Thời hạn", 24, lambda t: t.deadline.text or ""),
    ("Loại thời hạn", 14, lambda t: KIND_LABELS.get(t.deadline.kind, t.deadline.kind)),
    ("Hạn hoàn thành", 14, lambda t: t.deadline.due),
    ("Định kỳ", 9, lambda t: "có" if t.deadline.recurring else ""),
    ("Chỉ tiêu", 30, lambda t: targets_text(t.targets)),
    ("Sản phẩm", 24, lambda t: t.product or ""),
    ("Dòng", 7, _line),
]


def task_rows(plan: Plan) -> list[list[Cell]]:
    return [[get(task) for _, _, get in TASK_COLUMNS] for task in plan.tasks]


def document_rows(info: DocumentInfo) -> list[tuple[str, Cell]]:
    """The document's identity as label/value pairs."""
    return [
        ("Loại văn bản", info.kind),
        ("Số, ký hiệu", info.number),
        ("Cơ quan ban hành", info.issuer),
        ("Cơ quan cấp trên", info.parent),
        ("Địa danh", info.place),
        ("Ngày ban hành", info.date),
        ("Trích yếu", info.title),
        ("Người ký", info.signature.signer),
        ("Chức vụ người ký", info.signature.position),
        ("Nơi nhận", "; ".join(info.recipients)),
    ]


TARGET_HEADERS = ["Nhiệm vụ", "Chỉ tiêu", "Chỉ số", "Giá trị", "Đơn vị", "So sánh", "Xu hướng", "Dòng"]


def target_row(target: Target, task: str = "") -> list[Cell]:
    """A target; ``task`` is the id of its task ("" for a target of the plan as a whole)."""
    value: int | float = int(target.value) if float(target.value).is_integer() else target.value
    line = target.source.line if target.source else None
    return [task, target.text, target.indicator, value, target.unit, target.comparator, target.direction, line]


REFERENCE_HEADERS = ["Loại văn bản", "Số, ký hiệu", "Ngày", "Cơ quan ban hành", "Trích dẫn", "Dòng"]


def reference_row(ref: Reference) -> list[Cell]:
    line = ref.source.line if ref.source else None
    return [ref.kind, ref.number, ref.date, ref.issuer, ref.text, line]


FINDING_HEADERS = ["Dòng", "Mức độ", "Mã", "Nội dung", "Nhiệm vụ"]


def finding_row(finding: Finding) -> list[Cell]:
    line = finding.source.line if finding.source else None
    severity = SEVERITY_LABELS.get(finding.severity, finding.severity)
    return [line, severity, finding.code, finding.message, finding.task]

