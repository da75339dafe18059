"""A national-scale register for the store benchmarks: 34 provinces, 2,000 published plans, 60,000
tasks, ~600,000 progress reports (at ``scale=1.0``), deterministic for a seed.

    from bench.national import generate
    counts = generate("sqlite:///bench/.data/national.db", scale=1.0, seed=1)

The registry is seeded the normal way (``ensure_organisation`` for each post-2025 province of
``data/provinces.toml``), plus synthetic communes for the provinces the gazetteer has no localities
for. Plans, sections, tasks, assignments, deadline extensions and reports are then bulk-inserted with
SQLAlchemy Core (executemany, explicit ids, one transaction per chunk of plans). Each plan is drawn
from its own random stream (``seed`` and the plan's number), so a chunk size never changes the data.

Reports cover the quarters 2025-Q3 … 2026-Q3 (submitted by mid-October 2026): about 70% accepted,
done / done late with a completion date, some escalated, some "cannot do", some periods missed.
Benchmarks should ask for the status as of :data:`AS_OF` (every report is submitted by then).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine, func, insert, select, text

from theodoi.services.registry import ensure_organisation, gazette, not_in_groups
from theodoi.store import (
    Agency,
    AgencyAlias,
    Assignment,
    DeadlineChange,
    Organisation,
    Plan,
    PlanSection,
    ProgressReport,
    StoredFile,
    Task,
    migrate,
)
from theodoi.store.engine import make_engine, session_factory, transaction
from theodoi.text import fold

PLANS, TASKS, REPORTS = 2000, 60000, 600000  # at scale 1.0
AS_OF = date(2026, 10, 20)
QUARTERS = ((2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3))
REPORT_RATE = 0.92  # share of the owed (non-final) reports actually submitted
COMMUNES = 60  # synthetic communes for a province the gazetteer lists no locality for
DUMMY = b"theodoi bench: synthetic plan source\n"
SHA = "0" * 63 + "1"
ACTOR = "bench:national"
KINDS = (("Kế hoạch", "KH", 70), ("Chương trình", "CTr", 15), ("Chỉ thị", "CT", 15))
VERBS = ("Tổ chức triển khai", "Rà soát, hoàn thiện", "Xây dựng và trình", "Đẩy mạnh", "Tăng cường kiểm tra",
         "Nghiên cứu, đề xuất", "Hướng dẫn thực hiện", "Đôn đốc, theo dõi", "Số hóa", "Tuyên truyền, phổ biến")
OBJECTS = ("cơ chế, chính sách hỗ trợ doanh nghiệp nhỏ và vừa", "thủ tục hành chính trên môi trường điện tử",
           "giải ngân vốn đầu tư công năm 2025", "các dự án trọng điểm của tỉnh", "chuyển đổi số trong cơ quan nhà nước",
           "quy hoạch sử dụng đất giai đoạn 2026-2030", "chương trình mục tiêu quốc gia xây dựng nông thôn mới",
           "cải thiện chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "phát triển hạ tầng khu công nghiệp",
           "bảo đảm an sinh xã hội và giảm nghèo bền vững", "đề án sắp xếp đơn vị hành chính cấp xã")
SECTIONS = ("Thể chế, chính sách", "Đầu tư công", "Chuyển đổi số", "Hạ tầng", "Văn hóa, xã hội",
            "Cải cách hành chính", "Nông nghiệp, nông thôn", "Quốc phòng, an ninh")
PLACE_A = ("Tân", "Phú", "An", "Bình", "Hòa", "Long", "Thạnh", "Vĩnh", "Đông", "Tây", "Nam", "Hưng", "Minh", "Quang",
           "Thuận", "Phước", "Mỹ", "Đức", "Xuân", "Trung")
PLACE_B = ("Phú", "An", "Hòa", "Lợi", "Thành", "Lộc", "Thịnh", "Tiến", "Sơn", "Lâm", "Hải", "Hà", "Khánh", "Điền",
           "Phong", "Yên", "Bình", "Định")
RESULTS = ("Đã ban hành văn bản triển khai, phân công cụ thể cho các phòng, đơn vị trực thuộc.",
           "Đang tổng hợp số liệu, phối hợp với các đơn vị liên quan để hoàn thiện hồ sơ.",
           "Đã tổ chức hội nghị quán triệt; kết quả bước đầu đạt yêu cầu đề ra.",
           "Hoàn thành dự thảo, đang lấy ý kiến các sở, ngành và địa phương.")
OBSTACLES = ("Thiếu kinh phí thực hiện", "Vướng mắc về thủ tục đất đai", "Chưa có hướng dẫn của bộ, ngành trung ương")


@dataclass
class Counts:
    organisations: int = 0
    agencies: int = 0
    plans: int = 0
    sections: int = 0
    tasks: int = 0
    assignments: int = 0
    deadline_changes: int = 0
    reports: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Province:
    org_id: int
    code: str
    name: str
    short: str
    coordinator: int | None
    leads: tuple[tuple[int, str], ...]  # (agency id, name), weighted by repetition
    supports: tuple[tuple[int, str], ...]


def quarter_start(y: int, q: int) -> date:
    return date(y, 3 * q - 2, 1)


def quarter_end(y: int, q: int) -> date:
    return (date(y + 1, 1, 1) if q == 4 else date(y, 3 * q + 1, 1)) - timedelta(days=1)


def cutoff_end(y: int, q: int) -> date:
    """NĐ 09/2019: a quarter's data window ends on the 14th of its last month."""
    return date(y, 3 * q, 14)


SPANS = [(f"Quý {'I' * q if q < 4 else 'IV'}/{y}", quarter_start(y, q), quarter_end(y, q)) for y in (2025, 2026)
         for q in (1, 2, 3, 4)] + [("Năm 2025", date(2025, 1, 1), date(2025, 12, 31)),
                                   ("Năm 2026", date(2026, 1, 1), date(2026, 12, 31)),
                                   ("6 tháng đầu năm 2026", date(2026, 1, 1), date(2026, 6, 30))]


def moment(day: date, rng: random.Random) -> datetime:
    """A time during office hours (08:00–17:00 in Vietnam, 01:00–10:00 UTC) on ``day``."""
    return datetime(day.year, day.month, day.day, rng.randint(1, 9), rng.randint(0, 59), tzinfo=UTC)


# --- The registry ---------------------------------------------------------------------------------------
def seed_registry(engine: Engine, codes: list[str], seed: int) -> list[Province]:
    factory = session_factory(engine)
    with transaction(factory) as session:
        for code in codes:
            ensure_organisation(session, code)
    _add_communes(engine, codes, seed)
    with engine.connect() as conn:
        orgs = {row.code: row for row in conn.execute(select(Organisation.id, Organisation.code))}
        rows = conn.execute(select(Agency.id, Agency.organisation_id, Agency.gazetteer_id, Agency.name, Agency.kind)
                            .where(Agency.valid_to.is_(None), Agency.kind != "group").order_by(Agency.id)).all()
    by_org: dict[int, list[Any]] = {}
    for row in rows:
        by_org.setdefault(row.organisation_id, []).append(row)
    return [_province(orgs[code].id, code, by_org.get(orgs[code].id, [])) for code in codes]


def _province(org_id: int, code: str, agencies: list[Any]) -> Province:
    entry = gazette().provinces[code]
    leads: list[tuple[int, str]] = []
    supports: list[tuple[int, str]] = []
    coordinator = None
    for a in agencies:
        if not_in_groups(a.gazetteer_id):
            continue
        item = (a.id, a.name)
        if a.gazetteer_id == "so-tai-chinh":
            coordinator = a.id
            leads += [item] * 30
        if a.kind == "department":
            leads += [item] * (12 if a.gazetteer_id in ("so-noi-vu", "so-nong-nghiep-va-moi-truong") else 8)
            supports += [item] * 6
        elif a.kind == "locality":
            supports.append(item)
        elif a.kind in ("branch", "public-service", "police-army", "people-org", "party"):
            leads.append(item)
            supports += [item] * 2
    return Province(org_id, code, entry["name"], entry["short"], coordinator, tuple(leads), tuple(supports))


def _add_communes(engine: Engine, codes: list[str], seed: int) -> None:
    """Communes and wards for the provinces whose localities the gazetteer does not list."""
    with engine.begin() as conn:
        have = set(conn.scalars(select(Agency.organisation_id).where(Agency.kind == "locality").distinct()))
        orgs = dict(conn.execute(select(Organisation.code, Organisation.id)).all())
        next_id = (conn.scalar(select(func.max(Agency.id))) or 0) + 1
        next_alias = (conn.scalar(select(func.max(AgencyAlias.id))) or 0) + 1
        agencies: list[dict[str, Any]] = []
        aliases: list[dict[str, Any]] = []
        for code in codes:
            if orgs[code] in have:
                continue
            rng = random.Random(f"{seed}:communes:{code}")
            province = gazette().provinces[code]
            for a, b in rng.sample([(a, b) for a in PLACE_A for b in PLACE_B if a != b], COMMUNES):
                unit = f"{'phường' if rng.random() < 0.2 else 'xã'} {a} {b}"
                name = f"Ủy ban nhân dân {unit}"
                full = f"{name}, {province['name']}"
                agencies.append({
                    "id": next_id, "organisation_id": orgs[code], "code": "ubnd-" + fold(unit).replace(" ", "-"),
                    "gazetteer_id": "ubnd-xa", "name": name, "full_name": full, "name_key": fold(name),
                    "kind": "locality", "level": "commune", "valid_from": date(2025, 7, 1), "valid_to": None,
                    "note": None, "created_at": datetime(2025, 7, 1, tzinfo=UTC), "version": 1,
                })
                for form, kind in ((name, "alias"), (full, "alias"), (unit, "alias")):
                    aliases.append({"id": next_alias, "agency_id": next_id, "text": form, "key": fold(form), "kind": kind})
                    next_alias += 1
                next_id += 1
        if agencies:
            conn.execute(insert(Agency), agencies)
            conn.execute(insert(AgencyAlias), aliases)


# --- Plans ----------------------------------------------------------------------------------------------
TABLES: tuple[Any, ...] = (Plan, PlanSection, Task, Assignment, DeadlineChange, ProgressReport)  # insert order
COUNTED = dict(zip(TABLES, ("plans", "sections", "tasks", "assignments", "deadline_changes", "reports"), strict=True))
Batch = dict[Any, list[dict[str, Any]]]  # table → rows
TASK_DEFAULTS: dict[str, Any] = {
    "part": 1, "origin": "narrative", "confidence": 1.0, "deadline_text": None, "deadline_kind": "none", "recurring": False,
    "recurrence": None, "starts_on": None, "due_exclusive": False, "original_due": None, "due": None,
    "deadline_confidence": 0.9, "deadline_source": None, "event_occurred_on": None, "event_recorded_at": None,
    "event_note": None, "previous_task_id": None, "latest_status": None, "latest_percent": None,
    "latest_report_at": None, "reports_count": 0, "version": 1,
}


class Ids:
    """The next explicit id of each table."""

    def __init__(self, engine: Engine) -> None:
        with engine.connect() as conn:
            self.next = {t: (conn.scalar(select(func.max(t.id))) or 0) + 1 for t in TABLES}

    def take(self, table: Any) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


class PlanMaker:
    """One plan with its sections, tasks, assignments, extensions and reports, from its own random stream."""

    def __init__(self, ids: Ids, batch: Batch, province: Province, number: int, seed: int, tasks: int) -> None:
        self.ids, self.batch, self.p, self.size = ids, batch, province, tasks
        self.rng = random.Random(f"{seed}:plan:{number}")
        self.plan_id = ids.take(Plan)
        self.effective = date(2025, 1, 1) + timedelta(days=self.rng.randint(0, 364))
        self.imported = moment(self.effective, self.rng)
        self.owed = [q for q in QUARTERS if cutoff_end(*q) >= self.effective + timedelta(days=30)]

    def make(self, serial: int) -> None:
        rng = self.rng
        kind, abbr, _ = rng.choices(KINDS, weights=[k[2] for k in KINDS])[0]
        self.batch[Plan].append({
            "id": self.plan_id, "organisation_id": self.p.org_id, "status": "published", "kind": kind,
            "number": f"{serial}/{abbr}-UBND", "symbol": f"{abbr}-UBND",
            "title": f"{kind} {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)} trên địa bàn {self.p.name}",
            "issuer": f"Ủy ban nhân dân {self.p.name}", "place": self.p.short, "issued_on": self.effective,
            "effective_from": self.effective, "lineage_id": self.plan_id, "version_no": 1, "supersedes_id": None,
            "source_sha256": SHA, "source_name": f"{abbr.lower()}-{serial}-2025.docx", "source_format": "docx",
            "extraction": {"schema": "theodoi.plan/1", "synthetic": True}, "report_kinds": "quarter,year",
            "due_rule": "working-days-after-cutoff:2", "due_rule_overrides": "", "coordinator_id": self.p.coordinator,
            "imported_at": self.imported, "imported_by": ACTOR, "published_at": self.imported + timedelta(days=1),
            "published_by": ACTOR, "version": 1,
        })
        parts = rng.randint(4, 7)
        self._section("I", None, "I.", "MỤC ĐÍCH, YÊU CẦU", 1, 1)
        self._section("II", None, "II.", "NHIỆM VỤ, GIẢI PHÁP", 1, 2)
        titles = rng.sample(SECTIONS, parts)
        for n, title in enumerate(titles, start=1):
            self._section(f"II.{n}", "II", f"{n}.", title, 2, 2 + n)
        self._section("III", None, "III.", "TỔ CHỨC THỰC HIỆN", 1, 3 + parts)
        counters = [0] * parts
        for position in range(1, self.size + 1):
            n = min(parts, 1 + (position - 1) * parts // self.size)
            counters[n - 1] += 1
            self._task(position, f"II.{n}.{counters[n - 1]}", f"II.{n}", f"II. NHIỆM VỤ, GIẢI PHÁP › {n}. {titles[n - 1]}")

    def _section(self, ref: str, parent: str | None, label: str, title: str, level: int, position: int) -> None:
        self.batch[PlanSection].append({
            "id": self.ids.take(PlanSection), "plan_id": self.plan_id, "ref": ref, "parent_ref": parent, "label": label,
            "title": title, "level": level, "position": position, "line": 10 * position})

    def _deadline(self) -> dict[str, Any]:
        """Deadline columns: ~50% dated (quarter, half or year ends), ~35% ongoing, ~5% event, ~10% none."""
        rng, e = self.rng, self.effective
        r = rng.random()
        if r < 0.50:
            label, start, end = rng.choice([s for s in SPANS if s[2] >= e + timedelta(days=45)])
            exclusive = rng.random() < 0.05
            if exclusive:
                label, end = f"Trước ngày {end + timedelta(days=1):%d/%m/%Y}", end + timedelta(days=1)
            return {"deadline_text": label, "deadline_kind": "date", "starts_on": start if start > e else None,
                    "due_exclusive": exclusive, "original_due": end, "due": end}
        if r < 0.85:
            label = rng.choice(("Thường xuyên", "Hằng năm", "Hằng quý", "Năm 2025 và các năm tiếp theo"))
            recurrence = {"Hằng năm": "yearly", "Hằng quý": "quarterly"}.get(label)
            return {"deadline_text": label, "deadline_kind": "ongoing", "recurring": recurrence is not None,
                    "recurrence": recurrence}
        if r < 0.90:
            values: dict[str, Any] = {"deadline_text": "Sau khi Đề án được Ủy ban nhân dân tỉnh phê duyệt",
                                      "deadline_kind": "event"}
            if rng.random() < 0.6:
                occurred = min(e + timedelta(days=rng.randint(30, 300)), date(2026, 9, 1))
                values.update(event_occurred_on=occurred, event_recorded_at=moment(occurred + timedelta(days=2), rng),
                              event_note=f"Quyết định số {rng.randint(100, 3000)}/QĐ-UBND",
                              original_due=occurred + timedelta(days=30), due=occurred + timedelta(days=30))
            return values
        return {"deadline_text": None, "deadline_kind": "none"}

    def _task(self, position: int, ref: str, section: str, heading: str) -> None:
        rng = self.rng
        task_id = self.ids.take(Task)
        deadline = self._deadline()
        leads = self._pick(self.p.leads, 2 if rng.random() < 0.2 else 1, set())
        supports = self._pick(self.p.supports, rng.choice((0, 1, 2, 2, 3, 3, 4, 4)), {a for a, _ in leads})
        with_whom = f", phối hợp với {', '.join(n for _, n in supports)}," if supports else ""
        row: dict[str, Any] = {
            **TASK_DEFAULTS, "id": task_id, "plan_id": self.plan_id, "ref": ref, "position": position,
            "section_ref": section, "heading": heading, "source": {"line": 20 + 3 * position},
            "text": f"{' và '.join(n for _, n in leads)} chủ trì{with_whom} {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)}.",
            "product": "Báo cáo kết quả" if rng.random() < 0.3 else None, "created_at": self.imported,
            "updated_at": self.imported, **deadline,
        }
        if row["due"] is not None and row["deadline_kind"] == "date" and rng.random() < 0.08:
            self._extend(row)
        self.batch[Task].append(row)
        for role, picked in (("lead", leads), ("support", supports)):
            for agency_id, name in picked:
                assignment_id = self.ids.take(Assignment)
                self.batch[Assignment].append({
                    "id": assignment_id, "task_id": task_id, "agency_id": agency_id, "role": role, "as_written": name,
                    "via_group_id": None, "valid_from": self.effective, "valid_to": None, "predecessor_id": None,
                    "reason": "plan", "created_at": self.imported,
                })
                self._reports(row, assignment_id, agency_id)

    def _pick(self, pool: tuple[tuple[int, str], ...], n: int, taken: set[int]) -> list[tuple[int, str]]:
        picked: list[tuple[int, str]] = []
        for _ in range(4 * n):
            if len(picked) == n:
                break
            item = self.rng.choice(pool)
            if item[0] not in taken:
                taken.add(item[0])
                picked.append(item)
        return picked

    def _extend(self, task: dict[str, Any]) -> None:
        old = task["due"]
        granted = old - timedelta(days=self.rng.randint(5, 40))
        if granted <= self.effective or granted > AS_OF:
            return
        new = old + timedelta(days=self.rng.choice((60, 90, 180)))
        task["due"] = new
        self.batch[DeadlineChange].append({"id": self.ids.take(DeadlineChange), "task_id": task["id"], "old_due": old,
                                   "new_due": new, "granted_on": granted, "reason": "Xin gia hạn do vướng mắc thủ tục",
                                   "actor": ACTOR, "at": moment(granted, self.rng)})

    def _fate(self, task: dict[str, Any]) -> tuple[date | None, int | None]:
        """(completion date, index of the first owed quarter reported as cannot-do) of one agency's part."""
        rng, due = self.rng, task["due"]
        r = rng.random()
        start = task["starts_on"] or task["event_occurred_on"] or self.effective
        if due is not None:
            if r < 0.50:
                return max(start + timedelta(days=5), due - timedelta(days=rng.randint(0, 60))), None
            if r < 0.68:
                return due + timedelta(days=rng.randint(5, 150)), None
        elif task["deadline_kind"] == "none" and r < 0.35:
            return start + timedelta(days=rng.randint(60, 500)), None
        return None, (rng.randint(0, 4) if rng.random() < 0.04 else None)

    def _reports(self, task: dict[str, Any], assignment_id: int, agency_id: int) -> None:
        if task["deadline_kind"] == "event" and task["event_occurred_on"] is None:
            return  # still waiting for its event: nothing owed
        rng = self.rng
        completed, cannot_from = self._fate(task)
        begins = task["starts_on"] or task["event_occurred_on"]
        percent, index = 0, 0
        for y, q in self.owed:
            window_end = cutoff_end(y, q)
            if begins is not None and begins > window_end:
                continue
            done = completed is not None and completed <= window_end
            cannot = cannot_from is not None and index >= cannot_from
            index += 1
            if not (done or cannot) and rng.random() > REPORT_RATE:
                continue
            percent = 100 if done else min(95, percent + rng.randint(10, 35))
            if done:
                status = "done" if task["due"] is None or completed <= task["due"] else "done_late"
            else:
                status = "cannot_do" if cannot else ("not_started" if percent < 20 else "in_progress")
            self._report(task, assignment_id, agency_id, (y, q), status, percent, completed if done else None)
            if done or cannot:
                return

    def _report(self, task: dict[str, Any], assignment_id: int, agency_id: int, quarter: tuple[int, int],
                status: str, percent: int, completed: date | None) -> None:
        rng = self.rng
        y, q = quarter
        late = rng.random() < 0.15
        day = cutoff_end(y, q) + timedelta(days=rng.randint(3, 25) if late else -rng.randint(0, 7))
        if completed is not None and day <= completed:
            day = completed + timedelta(days=1)
        first = moment(day, rng)
        last = quarter == QUARTERS[-1]
        r = rng.random()
        review = "accepted" if r < (0.35 if last else 0.80) else ("submitted" if r < (0.85 if last else 0.95) else "returned")
        resubmitted = review != "returned" and rng.random() < 0.05
        submitted = first + timedelta(days=rng.randint(2, 6)) if resubmitted else first
        escalated = status in ("in_progress", "cannot_do") and rng.random() < 0.03
        decided = escalated and review == "accepted" and rng.random() < 0.6
        reviewed = submitted + timedelta(days=rng.randint(1, 10)) if review != "submitted" else None
        shown = None if status == "cannot_do" else (100 if completed else (0 if status == "not_started" else percent))
        self.batch[ProgressReport].append({
            "id": self.ids.take(ProgressReport), "assignment_id": assignment_id, "task_id": task["id"],
            "agency_id": agency_id, "plan_id": self.plan_id, "period": f"{y}-Q{q}", "period_end": quarter_end(y, q),
            "status": status, "percent": shown,
            "result": rng.choice(RESULTS), "obstacles": rng.choice(OBSTACLES) if escalated or status == "cannot_do" else "",
            "proposals": "Đề nghị Ủy ban nhân dân tỉnh cho ý kiến chỉ đạo" if escalated else "",
            "output_document": f"{rng.randint(10, 999)}/BC-UBND" if completed and rng.random() < 0.3 else None,
            "completed_on": completed, "escalated": escalated,
            "escalation_state": ("decided" if decided else "open") if escalated else None,
            "escalation_decision": "Giao Sở Tài chính bố trí kinh phí" if decided else None,
            "escalation_decided_at": reviewed if decided else None, "escalation_decided_by": ACTOR if decided else None,
            "review_state": review, "submitted_at": submitted, "submitted_by": f"bench:agency-{agency_id}",
            "first_submitted_at": first, "reviewed_at": reviewed, "reviewed_by": ACTOR if reviewed else None,
            "review_comment": "Đề nghị bổ sung số liệu, tài liệu kiểm chứng" if review == "returned" else None,
            "version": 2 if resubmitted else 1,
        })
        task["reports_count"] += 1
        if task["latest_report_at"] is None or submitted > task["latest_report_at"]:
            task["latest_status"], task["latest_percent"], task["latest_report_at"] = status, shown, submitted


# --- Driver ---------------------------------------------------------------------------------------------
def plan_sizes(plans: int, tasks: int, rng: random.Random) -> list[int]:
    """``plans`` sizes around ``tasks / plans`` (pairs offset each other) that add up to ``tasks``."""
    base, extra = divmod(tasks, plans)
    sizes = [base + (1 if i < extra else 0) for i in range(plans)]
    for i in range(0, plans - 1, 2):
        d = rng.randint(0, max(0, min(sizes[i], sizes[i + 1]) // 2))
        sizes[i], sizes[i + 1] = sizes[i] + d, sizes[i + 1] - d
    return sizes


def post_2025_provinces() -> list[str]:
    return [code for code, p in gazette().provinces.items() if not p.get("valid_to")]


def _finish(engine: Engine) -> None:
    _facts(engine)
    _statistics(engine)


def _facts(engine: Engine) -> None:
    """The parts' kept facts (theodoi.services.facts) from the reports loaded in bulk."""
    from sqlalchemy.orm import Session

    from theodoi.services.facts import recompute_all

    with Session(engine) as session, session.begin():
        recompute_all(session)


def _statistics(engine: Engine) -> None:
    """Sequences past the explicit ids (PostgreSQL) and fresh planner statistics (both); on PostgreSQL a
    VACUUM too, as autovacuum would soon do, so that index-only scans need no heap visits."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            for table in ("organisation", "agency", "agency_alias", "plan", "plan_section", "task", "assignment",
                          "deadline_change", "progress_report"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT coalesce(max(id), 1) FROM {table}))"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")


def _chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(total, start + size))


def generate(url: str, *, scale: float = 1.0, seed: int = 1, progress: bool = True, provinces: int | None = None,
             chunk: int = 20, plans: int | None = None, tasks: int | None = None) -> Counts:
    """Fill the database at ``url`` (migrated first) with a national register; returns the counts.
    ``provinces`` limits the number of provinces (tests); ``chunk`` is the number of plans per transaction;
    ``plans`` and ``tasks`` replace the numbers of the scale (a few large plans, say)."""
    started = time.perf_counter()
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        codes = post_2025_provinces()[: provinces or None]
        registry = seed_registry(engine, codes, seed)
        rng = random.Random(f"{seed}:national")
        n_plans = plans or max(1, round(PLANS * scale))
        sizes = plan_sizes(n_plans, max(n_plans, tasks or round(TASKS * scale)), rng)
        weights = [3.0 if p.code in ("tp-ha-noi", "tp-ho-chi-minh") else 1.0 + rng.random() for p in registry]
        homes = rng.choices(registry, weights=weights, k=n_plans)
        serials = {p.code: rng.randint(40, 160) for p in registry}
        ids = Ids(engine)
        with engine.begin() as conn:
            if conn.scalar(select(func.count()).select_from(StoredFile).where(StoredFile.sha256 == SHA)) == 0:
                conn.execute(insert(StoredFile), [{"sha256": SHA, "size": len(DUMMY), "media_type": "text/plain",
                                                   "content": DUMMY, "created_at": datetime(2025, 1, 1, tzinfo=UTC)}])
        counts = Counts(organisations=len(registry))
        with Progress(TextColumn("kế hoạch (plans)"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.fields[reports]:,} báo cáo (reports)"), disable=not progress) as bar:
            job = bar.add_task("plans", total=n_plans, reports=0)
            for block in _chunks(n_plans, chunk):
                batch: Batch = {table: [] for table in TABLES}
                for i in block:
                    serials[homes[i].code] += rng.randint(1, 12)
                    PlanMaker(ids, batch, homes[i], i + 1, seed, sizes[i]).make(serials[homes[i].code])
                with engine.begin() as conn:  # one transaction per chunk of plans
                    for table, rows in batch.items():
                        if rows:
                            conn.execute(insert(table), rows)
                        setattr(counts, COUNTED[table], getattr(counts, COUNTED[table]) + len(rows))
                bar.update(job, advance=len(block), reports=counts.reports)
        _finish(engine)
        with engine.connect() as conn:
            counts.agencies = conn.scalar(select(func.count()).select_from(Agency)) or 0
    finally:
        engine.dispose()
    counts.seconds = time.perf_counter() - started
    return counts
