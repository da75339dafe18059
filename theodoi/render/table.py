"""A register a person can read in a terminal (Rich): document summary, tasks, findings."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from theodoi.parsing.plan import DocumentInfo, Plan, Task
from theodoi.render._rows import SEVERITY_LABELS, dmy, targets_text, task_id

TEXT_LIMIT = 180  # characters of task text shown
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def shorten(text: str, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut) + "…"


def _issued(info: DocumentInfo) -> str:
    """"ngày 05/06/2025"; "tháng 6/2025" or "năm 2025" when the day is blank (a draft)."""
    if info.date:
        return f"ngày {dmy(info.date)}"
    if info.year:
        return f"tháng {info.month}/{info.year}" if info.month else f"năm {info.year}"
    return "ngày …"


def _summary(info: DocumentInfo, plan: Plan) -> Text:
    kind = info.kind or "Văn bản"
    number = info.number or "(chưa có số)"
    text = Text()
    text.append(f"{kind} số {number}", style="bold")
    text.append(f" — {info.issuer or '(không rõ cơ quan ban hành)'} — {_issued(info)}\n")
    if info.title:
        text.append(shorten(info.title, 300) + "\n", style="italic")
    text.append(
        f"{len(plan.tasks)} nhiệm vụ · {len(plan.plan_targets)} chỉ tiêu chung · "
        f"{len(plan.references)} văn bản trích dẫn · {len(plan.findings)} phát hiện",
        style="dim",
    )
    return text


def _deadline(task: Task) -> str:
    text = shorten(task.deadline.text or "", 60)
    due = dmy(task.deadline.due)
    return "\n".join(part for part in (text, f"→ {due}" if due else "") if part) or "—"


def _task_text(task: Task) -> str:
    text = shorten(task.text)
    if task.targets:
        text += f"\n[chỉ tiêu: {shorten(targets_text(task.targets), 120)}]"
    return text


def tasks_table(plan: Plan) -> Table:
    table = Table(title="Nhiệm vụ", box=box.SIMPLE_HEAVY, show_lines=True, title_justify="left", expand=True)
    table.add_column("Mục", no_wrap=True, style="bold")
    table.add_column("Nội dung", ratio=5)
    table.add_column("Chủ trì", ratio=2)
    table.add_column("Phối hợp", ratio=2)
    table.add_column("Thời hạn", ratio=2)
    for task in plan.tasks:
        table.add_row(
            task_id(task), Text(_task_text(task)), Text("\n".join(task.lead) or "—"),
            Text("; ".join(task.support) or "—"), Text(_deadline(task)),
        )
    return table


def findings_table(plan: Plan) -> Table:
    table = Table(title="Phát hiện", box=box.SIMPLE, title_justify="left", expand=True)
    table.add_column("Dòng", justify="right", no_wrap=True)
    table.add_column("Mức độ", no_wrap=True)
    table.add_column("Mã", no_wrap=True)
    table.add_column("Nội dung", ratio=1)
    for finding in plan.findings:
        line = finding.source.line if finding.source and finding.source.line else None
        style = SEVERITY_STYLES.get(finding.severity, "")
        severity = SEVERITY_LABELS.get(finding.severity, finding.severity)
        table.add_row(str(line or "—"), Text(severity, style=style), finding.code, Text(finding.message))
    return table


def plan_view(plan: Plan) -> RenderableType:
    parts: list[RenderableType] = [_summary(plan.document, plan), Text()]
    if plan.tasks:
        parts.append(tasks_table(plan))
    else:
        parts.append(Text("Không tìm thấy nhiệm vụ nào (no tasks found).", style="yellow"))
    if plan.findings:
        parts.append(findings_table(plan))
    return Group(*parts)


def print_plan(plan: Plan, console: Console) -> None:
    console.print(plan_view(plan))


def to_table(plan: Plan, width: int = 140) -> str:
    """The register as plain text (no colours), ``width`` characters wide."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    print_plan(plan, console)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
