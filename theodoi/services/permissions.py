"""Who may do what. One table of actions per role; officers are bound to their agency.

| action | admin | coordinator | leader | officer |
|---|---|---|---|---|
| read (plans, tasks, statuses, agencies) | yes | yes | yes | yes (tasks: those of its agency) |
| manage (import, publish, review names, registry, deadlines, events, periods, reminders) | yes | yes | no | no |
| review (accept, return, reopen reports) | yes | yes | no | no |
| decide (escalations) | yes | yes | yes | no |
| report (submit a report) | yes | yes | no | for its own agency |
| read a report | yes | yes | yes | its own agency's |
| users (accounts) | yes | no | no | no |

Anonymous visitors may do none of these (the public transparency page has its own read model).
"""

from __future__ import annotations

from theodoi.errors import Forbidden, Unauthorised
from theodoi.services.accounts import Principal

ACTIONS: dict[str, frozenset[str]] = {
    "read": frozenset({"admin", "coordinator", "leader", "officer"}),
    "manage": frozenset({"admin", "coordinator"}),
    "review": frozenset({"admin", "coordinator"}),
    "decide": frozenset({"admin", "coordinator", "leader"}),
    "consolidate": frozenset({"admin", "coordinator", "leader"}),  # every agency's results, obstacles, proposals
    "report": frozenset({"admin", "coordinator", "officer"}),
    "read-report": frozenset({"admin", "coordinator", "leader", "officer"}),
    "users": frozenset({"admin"}),
}
AGENCY_BOUND = frozenset({"report", "read-report"})  # an officer only for its own agency


def allowed(principal: Principal | None, action: str, *, agency_id: int | None = None) -> bool:
    if principal is None:
        return False
    if principal.role not in ACTIONS[action]:
        return False
    if principal.role == "officer" and action in AGENCY_BOUND:
        return agency_id is not None and agency_id == principal.agency_id
    return True


def require(principal: Principal | None, action: str, *, agency_id: int | None = None) -> Principal:
    """The principal, if it may do ``action`` (for ``agency_id``); else Unauthorised or Forbidden."""
    if principal is None:
        raise Unauthorised("cần đăng nhập (sign in first)")
    if not allowed(principal, action, agency_id=agency_id):
        raise Forbidden("tài khoản này không có quyền làm việc này (not allowed for this account)")
    return principal


def agency_scope(principal: Principal) -> int | None:
    """The agency an account's lists are limited to (officers), or None (every agency)."""
    return principal.agency_id if principal.role == "officer" else None


def organisation_scope(principal: Principal) -> list[int] | None:
    """The organisations an account's pictures are limited to: its agency's (and those it succeeded),
    for everyone bound to an agency; None (every organisation) for an administrator without one."""
    return list(principal.organisations) if principal.organisations else None
