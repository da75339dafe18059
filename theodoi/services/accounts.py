"""Accounts: users and their roles, argon2 passwords, API tokens, browser sessions, login rate limits.

A :class:`Principal` is who acts: the services take it to decide what is allowed
(:mod:`theodoi.services.permissions`) and to name the actor in the audit trail ("user:lan").
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Executable, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from theodoi.errors import Conflict, Invalid, NotFound, TooManyAttempts, Unauthorised
from theodoi.services import audit, snapshots
from theodoi.services.agencies import find_agency
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, ApiToken, LoginAttempt, Organisation, User, WebSession
from theodoi.store.accounts import ROLES
from theodoi.text import clean

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
MIN_PASSWORD = 10
SESSION_DAYS = 7
MAX_FAILURES = 5  # per user name, and per address, within the window
FAILURE_WINDOW = timedelta(minutes=15)
_hasher = PasswordHasher()


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    username: str
    display_name: str
    role: str
    agency_id: int | None
    organisations: tuple[int, ...] | None = None  # its agency's organisation and the ones it succeeded

    @property
    def actor(self) -> str:
        return f"user:{self.username}"


def _principal(user: User, session: Session) -> Principal:
    return Principal(user.id, user.username, user.display_name, user.role, user.agency_id,
                     _organisations(session, user.agency.organisation_id) if user.agency else None)


def _organisations(session: Session, org_id: int) -> tuple[int, ...]:
    """The organisation and those whose work passed to it (tỉnh Bắc Giang → tỉnh Bắc Ninh): their plans
    are its plans now."""
    found, todo = [org_id], [org_id]
    while todo:
        earlier = list(session.scalars(select(Organisation.id).where(Organisation.successor_id.in_(todo))))
        todo = [o for o in earlier if o not in found]
        found.extend(todo)
    return tuple(found)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- Users -------------------------------------------------------------------------------------------------
def add_user(
    ws: Workspace, *, username: str, password: str, role: str, display_name: str = "", agency: str | None = None,
    email: str | None = None,
) -> User:
    name = username.strip().lower()
    if not USERNAME_RE.match(name):
        raise Invalid("tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch (invalid user name)")
    if role not in ROLES:
        raise Invalid(f"vai trò '{role}' không có; dùng: {', '.join(ROLES)} (unknown role)")
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự (password too short)")
    if role == "officer" and not agency:
        raise Invalid("cán bộ của cơ quan cần --agency (an officer belongs to one agency)")
    with ws.write() as session:
        if session.scalar(select(User.id).where(User.username == name)) is not None:
            raise Conflict(f"tên đăng nhập '{name}' đã có (user exists)")
        agency_row = find_agency(session, agency) if agency else None
        user = User(username=name, display_name=clean(display_name) or name, email=email, role=role,
                    password_hash=_hasher.hash(password), agency_id=agency_row.id if agency_row else None,
                    created_at=ws.now())
        session.add(user)
        session.flush()
        audit.record(session, actor=ws.actor, action="user.add", entity="user", entity_id=user.id, at=ws.now(),
                     after={"username": name, "role": role, "agency": agency_row.full_name if agency_row else None})
        return user


def list_users(ws: Workspace) -> list[dict[str, object]]:
    with ws.read() as session:
        return [{"id": u.id, "username": u.username, "name": u.display_name, "role": u.role,
                 "agency": u.agency.full_name if u.agency else None, "active": u.active,
                 "last_login": u.last_login_at} for u in session.scalars(select(User).order_by(User.username))]


def set_active(ws: Workspace, username: str, active: bool) -> User:
    with ws.write() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise NotFound(f"không có người dùng '{username}' (no such user)")
        user.active = active
        if not active:
            session.execute(delete(WebSession).where(WebSession.user_id == user.id))
        audit.record(session, actor=ws.actor, action="user.enable" if active else "user.disable", entity="user",
                     entity_id=user.id, at=ws.now(), after={"active": active})
        return user


# --- Passwords, sessions, tokens ---------------------------------------------------------------------------
def login(ws: Workspace, username: str, password: str, *, address: str = "") -> tuple[Principal, str, str]:
    """Check a password; returns the principal, a new session id (for the cookie) and its CSRF token.
    Refused after too many failures for the name or the address within the window."""
    name = username.strip().lower()
    keys = [f"user:{name}"] + ([f"ip:{address}"] if address else [])
    with ws.write() as session:
        since = ws.now() - FAILURE_WINDOW
        for key in keys:
            failures = session.scalar(select(func.count()).select_from(LoginAttempt).where(
                LoginAttempt.key == key, LoginAttempt.at > since)) or 0
            if failures >= MAX_FAILURES:
                raise TooManyAttempts("đăng nhập sai quá nhiều lần, hãy thử lại sau 15 phút (too many failed logins)")
        user = session.scalar(select(User).where(User.username == name))
        if user is None or not user.active or not _verify(user.password_hash, password):
            for key in keys:
                session.add(LoginAttempt(key=key, at=ws.now()))
            failed = True
        else:
            failed = False
            values: dict[str, object] = {"last_login_at": ws.now()}  # a plain UPDATE: concurrent sign-ins of
            if _hasher.check_needs_rehash(user.password_hash):  # one account must not conflict
                values["password_hash"] = _hasher.hash(password)
            session.execute(update(User).where(User.id == user.id).values(**values))
            secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            session.add(WebSession(digest=digest(secret), user_id=user.id, csrf=csrf, created_at=ws.now(),
                                   expires_at=ws.now() + timedelta(days=SESSION_DAYS)))
            principal = _principal(user, session)
    if failed:  # committed above: the failure counts even though the request fails
        raise Unauthorised("sai tên đăng nhập hoặc mật khẩu (wrong user name or password)")
    return principal, secret, csrf


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


class SignedSession(NamedTuple):
    """A browser session that holds: who, the CSRF token of its forms, and the register's version read
    with it (:func:`theodoi.services.snapshots.version`), all in one round trip to the database."""

    principal: Principal
    csrf: str
    version: int


@lru_cache(maxsize=1)
def _session_query() -> Executable:
    """Built once (asked on every page): the session, its account, the account's organisation (and
    whether that succeeded others) and the register's version."""
    succeeded = select(Organisation.id).where(Organisation.successor_id == Agency.organisation_id).exists()
    return (select(WebSession.expires_at, WebSession.csrf, User.id, User.username, User.display_name, User.role,
                   User.agency_id, User.active, Agency.organisation_id, succeeded,
                   snapshots.version_query().scalar_subquery())
            .join(User, User.id == WebSession.user_id).outerjoin(Agency, Agency.id == User.agency_id)
            .where(WebSession.digest == bindparam("digest")))


def session_principal(ws: Workspace, secret: str) -> SignedSession | None:
    """The principal of a session cookie, its CSRF token and the register's version, or None (unknown or
    expired session, disabled account)."""
    with ws.read() as session:
        row = session.connection().execute(_session_query(), {"digest": digest(secret)}).first()
        if row is None:
            return None
        if row.expires_at <= ws.now() or not row.active:
            return None
        organisations = None
        if row.agency_id is not None:  # most organisations succeeded none: no second query
            organisations = _organisations(session, row.organisation_id) if row[9] else (row.organisation_id,)
        principal = Principal(row.id, row.username, row.display_name, row.role, row.agency_id, organisations)
        return SignedSession(principal, row.csrf, int(row[10] or 0))


def logout(ws: Workspace, secret: str) -> None:
    with ws.write() as session:
        session.execute(delete(WebSession).where(WebSession.digest == digest(secret)))


def add_token(ws: Workspace, username: str, name: str) -> str:
    """A new API token for the user: returned once, only its digest is kept."""
    with ws.write() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise NotFound(f"không có người dùng '{username}' (no such user)")
        secret = "tdi_" + secrets.token_urlsafe(32)
        session.add(ApiToken(user_id=user.id, name=clean(name) or "token", prefix=secret[:12], digest=digest(secret),
                             created_at=ws.now()))
        audit.record(session, actor=ws.actor, action="token.add", entity="user", entity_id=user.id, at=ws.now(),
                     after={"token": secret[:12], "name": name})
        return secret


def token_principal(ws: Workspace, secret: str, *, touch: bool = True) -> Principal | None:
    with ws.read() as session:
        row = session.execute(select(ApiToken, User).join(User, User.id == ApiToken.user_id)
                              .where(ApiToken.digest == digest(secret))).first()
        if row is None:
            return None
        token, user = row
        if token.revoked_at is not None or not user.active:
            return None
        principal = _principal(user, session)
    if touch and (token.last_used_at is None or ws.now() - token.last_used_at > timedelta(minutes=5)):
        with ws.write() as session:
            stored = session.get(ApiToken, token.id)
            if stored is not None:
                stored.last_used_at = ws.now()
    return principal
