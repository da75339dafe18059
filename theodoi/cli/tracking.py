"""Tracking commands: ``report submit|accept|return|reopen|decide|owed``, ``status``, ``event``,
``extend``, ``period lock``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from theodoi.cli._guard import UsageProblem, guarded
from theodoi.cli.common import AsOf, Format, FormatOption, day, emit, percent, say, workspace
from theodoi.cli.output import to_file


class _ReportGroup(TyperGroup):
    """``theodoi report PLAN --period …`` is ``theodoi report compile PLAN --period …``: a first word that
    is no sub-command names a plan."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: typer's click Context
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["compile", *args]
        return super().parse_args(ctx, args)


report_app = typer.Typer(cls=_ReportGroup, no_args_is_help=True,
                         help="Báo cáo tiến độ, báo cáo tổng hợp (progress reports, the consolidated report).")
period_app = typer.Typer(no_args_is_help=True, help="Kỳ báo cáo (reporting periods).")

PlanArg = Annotated[str, typer.Option("--plan", help="Kế hoạch (plan id or number).")]
TaskArg = Annotated[str, typer.Option("--task", help="Nhiệm vụ, vd. II.3.1 hoặc II.3.1#2 (task ref).")]


class ReportFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"
    xlsx = "xlsx"


@report_app.command("compile")
@guarded
def report_compile(
    plan: Annotated[str, typer.Argument(metavar="KẾ_HOẠCH", help="Kế hoạch: id hoặc số (plan id or number).")],
    period: Annotated[str, typer.Option("--period", help="Kỳ báo cáo, vd. 2025-Q3 hoặc 'Quý III/2025'.")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="TỆP", help="Tệp ghi ra (the file to write).")],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="docx | pdf | xlsx")] = ReportFormat.docx,
    as_of: AsOf = None,
    committee: Annotated[bool, typer.Option(
        "--committee", help="Báo cáo của Ủy ban nhân dân thay vì cơ quan đầu mối (issued by the People's Committee).",
    )] = False,
    agency: Annotated[str | None, typer.Option(
        "--agency", help="Báo cáo của một cơ quan gửi cơ quan đầu mối (an agency's own report).")] = None,
) -> None:
    """Báo cáo tổng hợp kết quả thực hiện kế hoạch của một kỳ (.docx theo Nghị định 30/2020, PDF, Excel)."""
    from theodoi.services.excel_export import register_workbook
    from theodoi.services.pdf_copy import to_pdf
    from theodoi.services.report_docx import consolidated_docx

    if output.suffix.lower() != f".{fmt.value}":
        raise UsageProblem(f"tệp ra phải có đuôi .{fmt.value}: {output} (the output must be a .{fmt.value} file)")
    with workspace() as ws:
        on = day(as_of, ws) if as_of else None
        if fmt is ReportFormat.xlsx:
            if agency is not None:
                raise UsageProblem("báo cáo của một cơ quan có dạng docx hoặc pdf (an agency's report is a document)")
            data = register_workbook(ws, plan=plan, on=on)
        else:
            data = consolidated_docx(ws, plan=plan, period=period, on=on, committee=committee, agency=agency)
    if fmt is ReportFormat.pdf:
        data = to_pdf(data)
    to_file(output, data)
    say(f"theodoi: đã lập báo cáo tổng hợp {period} → {output}")


@report_app.command("submit")
@guarded
def report_submit(
    plan: PlanArg, task: TaskArg,
    agency: Annotated[str, typer.Option("--agency", help="Cơ quan báo cáo (the reporting agency).")],
    period: Annotated[str, typer.Option("--period", help="Kỳ báo cáo, vd. 2025-Q3 hoặc 'Quý III/2025'.")],
    status: Annotated[str, typer.Option("--status", help="chưa thực hiện | đang thực hiện | hoàn thành | "
                                        "hoàn thành quá hạn | không thực hiện được")],
    percent_done: Annotated[int | None, typer.Option("--percent", min=0, max=100, help="Tỷ lệ hoàn thành (%).")] = None,
    result: Annotated[str, typer.Option("--result", help="Kết quả thực hiện (narrative result).")] = "",
    obstacles: Annotated[str, typer.Option("--obstacles", help="Khó khăn, vướng mắc.")] = "",
    proposals: Annotated[str, typer.Option("--proposals", help="Đề xuất, kiến nghị.")] = "",
    escalate: Annotated[bool, typer.Option("--escalate", help="Vượt thẩm quyền: cần cấp trên quyết định.")] = False,
    output_document: Annotated[str | None, typer.Option("--document", help="Số văn bản sản phẩm, vd. 125/QĐ-UBND.")] = None,
    completed: Annotated[str | None, typer.Option("--completed", help="Ngày hoàn thành dd/mm/yyyy.")] = None,
    evidence: Annotated[list[Path] | None, typer.Option("--evidence", help="Tệp minh chứng (repeatable).")] = None,
) -> None:
    """Gửi báo cáo tiến độ của một cơ quan cho một nhiệm vụ (submit a progress report)."""
    from theodoi.domain.dates import parse_day
    from theodoi.errors import InputError
    from theodoi.services.agencies import agency_id
    from theodoi.services.plans import task_id
    from theodoi.services.reports import ReportInput, submit

    files = []
    for path in evidence or []:
        if not path.is_file():
            raise InputError("không tìm thấy tệp minh chứng (evidence file not found)", path=str(path))
        files.append((path.name, path.read_bytes()))
    with workspace() as ws:
        data = ReportInput(status=status, percent=percent_done, result=result, obstacles=obstacles, proposals=proposals,
                           escalate=escalate, output_document=output_document,
                           completed_on=parse_day(completed) if completed else None, evidence=files)
        report = submit(ws, task_id=task_id(ws, plan, task), agency_id=agency_id(ws, agency), period=period, data=data)
    say(f"theodoi: đã gửi báo cáo {report.id} (submitted, status {report.status})")
    typer.echo(report.id)


@report_app.command("accept")
@guarded
def report_accept(report: int, comment: Annotated[str | None, typer.Option(help="Ý kiến (comment).")] = None) -> None:
    """Chấp nhận báo cáo; báo cáo được khóa (accept a report; it is locked)."""
    from theodoi.services.reports import accept

    with workspace() as ws:
        accept(ws, report, comment=comment)
    say(f"theodoi: đã chấp nhận báo cáo {report} (accepted)")


@report_app.command("return")
@guarded
def report_return(report: int, comment: Annotated[str, typer.Option(help="Lý do trả lại (required).")]) -> None:
    """Trả lại báo cáo để cơ quan bổ sung (return a report with a comment)."""
    from theodoi.services.reports import return_report

    with workspace() as ws:
        return_report(ws, report, comment=comment)
    say(f"theodoi: đã trả lại báo cáo {report} (returned)")


@report_app.command("reopen")
@guarded
def report_reopen(report: int, reason: Annotated[str, typer.Option(help="Lý do (required).")]) -> None:
    """Mở lại báo cáo đã chấp nhận (reopen an accepted report)."""
    from theodoi.services.reports import reopen

    with workspace() as ws:
        reopen(ws, report, reason=reason)
    say(f"theodoi: đã mở lại báo cáo {report} (reopened)")


@report_app.command("decide")
@guarded
def report_decide(report: int, decision: Annotated[str, typer.Option(help="Nội dung quyết định.")]) -> None:
    """Ghi quyết định về đề xuất vượt thẩm quyền (record the decision on an escalation)."""
    from theodoi.services.reports import decide

    with workspace() as ws:
        decide(ws, report, decision=decision)
    say(f"theodoi: đã ghi quyết định cho báo cáo {report} (decided)")


@report_app.command("owed")
@guarded
def report_owed(
    period: Annotated[str | None, typer.Option(help="Kỳ báo cáo (default: every period due by the day).")] = None,
    plan: Annotated[str | None, typer.Option("--plan", help="Kế hoạch.")] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="Cơ quan.")] = None,
    state: Annotated[str | None, typer.Option(help="on_time | late | returned | pending | missing")] = None,
    as_of: AsOf = None, fmt: FormatOption = Format.table,
) -> None:
    """Báo cáo phải nộp: đúng hạn, muộn, chưa nộp (reports owed, late and missing)."""
    from theodoi.services.obligations import STATE_LABELS
    from theodoi.services.tracking_views import owed_rows

    with workspace() as ws:
        rows = owed_rows(ws, on=day(as_of, ws), period=period, plan=plan, agency=agency, state=state)
    for row in rows:
        row["state_label"] = STATE_LABELS[row["state"]]
    emit(rows, fmt, [("period_label", "Kỳ"), ("due", "Hạn nộp"), ("agency", "Cơ quan"), ("task", "Nhiệm vụ"),
                     ("role_label", "Vai trò"), ("state_label", "Tình trạng"), ("submitted_on", "Ngày nộp")])


@guarded
def status_command(
    plan: Annotated[str | None, typer.Option("--plan", help="Kế hoạch.")] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="Cơ quan.")] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", help="Tổ chức, vd. tinh-bac-ninh.")] = None,
    as_of: AsOf = None, fmt: Annotated[Format, typer.Option("--format", "-f", help="table | json")] = Format.table,
) -> None:
    """Tình hình thực hiện: số nhiệm vụ theo trạng thái, theo cơ quan (counts by status, per agency)."""
    from theodoi.domain.status import Status
    from theodoi.services.summary import status_summary

    with workspace() as ws:
        summary = status_summary(ws, on=day(as_of, ws), plan=plan, agency=agency, organisation=organisation)
    if fmt is Format.json:
        emit([], fmt, [], document=summary)
        return
    head = summary["tasks"] or summary["parts"]
    say(f"Tính đến {day(as_of, ws):%d/%m/%Y}: {head['total']} nhiệm vụ; tỷ lệ đúng hạn {percent(head['on_time_rate'])}")
    emit([{"status": s.label, "count": head["counts"][s.value]} for s in Status if head["counts"][s.value]],
         Format.table, [("status", "Trạng thái"), ("count", "Số lượng")])
    columns = [("agency", "Cơ quan"), ("total", "Tổng"), ("lead", "Chủ trì")] + [
        (s.value, s.label) for s in (Status.OVERDUE, Status.DUE_SOON, Status.DONE_ON_TIME, Status.DONE_LATE,
                                     Status.ONGOING_UNREPORTED)] + [("rate", "Đúng hạn")]
    for row in summary["agencies"]:
        row["rate"] = percent(row["on_time_rate"])
    emit(summary["agencies"], fmt, columns)


@guarded
def event_command(
    plan: PlanArg, task: TaskArg,
    occurred: Annotated[str, typer.Option("--on", help="Ngày xảy ra sự kiện dd/mm/yyyy.")],
    due: Annotated[str | None, typer.Option("--due", help="Thời hạn sau sự kiện (default: settings).")] = None,
    note: Annotated[str, typer.Option("--note", help="Ghi chú, vd. số văn bản.")] = "",
) -> None:
    """Ghi nhận sự kiện mà nhiệm vụ chờ (record the event an event-based task waits for)."""
    from theodoi.domain.dates import parse_day
    from theodoi.services.deadlines import record_event
    from theodoi.services.plans import task_id

    with workspace() as ws:
        done = record_event(ws, task_id(ws, plan, task), occurred_on=parse_day(occurred), due=parse_day(due) if due else None, note=note)
    say(f"theodoi: nhiệm vụ {done.key} có thời hạn {done.due:%d/%m/%Y} (deadline set)")


@guarded
def extend_command(
    plan: PlanArg, task: TaskArg,
    to: Annotated[str, typer.Option("--to", help="Hạn mới dd/mm/yyyy.")],
    reason: Annotated[str, typer.Option("--reason", help="Lý do gia hạn.")],
) -> None:
    """Gia hạn nhiệm vụ; hạn ban đầu được giữ (extend a deadline; the original is kept)."""
    from theodoi.domain.dates import parse_day
    from theodoi.services.deadlines import extend
    from theodoi.services.plans import task_id

    with workspace() as ws:
        done = extend(ws, task_id(ws, plan, task), new_due=parse_day(to), reason=reason)
    say(f"theodoi: nhiệm vụ {done.key} gia hạn đến {done.due:%d/%m/%Y} (extended)")


@period_app.command("lock")
@guarded
def period_lock(plan: Annotated[str, typer.Argument(metavar="PLAN")], period: str) -> None:
    """Khóa sổ một kỳ báo cáo của kế hoạch (lock a reporting period)."""
    from theodoi.services.plans import plan_id
    from theodoi.services.reports import lock_period

    with workspace() as ws:
        lock_period(ws, plan_id(ws, plan), period)
    say(f"theodoi: đã khóa kỳ {period} của kế hoạch {plan} (locked)")
