"""Tables of the agency registry: organisations, agencies, aliases, contacts, successions, groups.

An *organisation* is the body whose plans are tracked together (a province, a ministry, the
Government). Its *agencies* are the bodies that receive tasks: departments, localities, Party
bodies, branches, groups... Agencies are seeded from the gazetteer (``theodoi/data/agencies.toml``)
and carry their validity (``valid_from`` inclusive, ``valid_to`` exclusive) and their successors
(Sở Kế hoạch và Đầu tư → Sở Tài chính from 01/3/2025; Bắc Giang's bodies → Bắc Ninh's from 01/7/2025).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from theodoi.store.base import Base, Json, UtcDateTime, utcnow


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)  # "tinh-bac-giang", "trung-uong"
    name: Mapped[str] = mapped_column(String(300))  # "tỉnh Bắc Giang"
    kind: Mapped[str] = mapped_column(String(30))  # province | central | ministry | other
    gazetteer_id: Mapped[str | None] = mapped_column(String(80))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Agency(Base):
    __tablename__ = "agency"
    __table_args__ = (
        UniqueConstraint("organisation_id", "code"),
        Index("ix_agency_org_kind", "organisation_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    code: Mapped[str] = mapped_column(String(200))  # slug, unique in the organisation
    gazetteer_id: Mapped[str | None] = mapped_column(String(120), index=True)
    name: Mapped[str] = mapped_column(String(400))  # as said inside the organisation: "Sở Tài chính"
    full_name: Mapped[str] = mapped_column(String(500))  # "Sở Tài chính tỉnh Bắc Giang"
    name_key: Mapped[str] = mapped_column(String(500), index=True)  # folded, for search
    kind: Mapped[str] = mapped_column(String(30))
    level: Mapped[str | None] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    identifier_code: Mapped[str | None] = mapped_column(String(40), unique=True)  # mã định danh (QCVN 102:2016)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    members: Mapped[list[str] | None] = mapped_column(Json)  # groups: the kinds they stand for
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    aliases: Mapped[list[AgencyAlias]] = relationship(back_populates="agency", cascade="all, delete-orphan")
    contacts: Mapped[list[AgencyContact]] = relationship(back_populates="agency", cascade="all, delete-orphan")

    __mapper_args__: Any = {"version_id_col": version}

    @property
    def is_group(self) -> bool:
        return self.kind == "group"

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


class AgencyAlias(Base):
    __tablename__ = "agency_alias"
    __table_args__ = (UniqueConstraint("agency_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(500))
    key: Mapped[str] = mapped_column(String(500), index=True)  # folded
    kind: Mapped[str] = mapped_column(String(10), default="alias")  # alias | abbr | learned

    agency: Mapped[Agency] = relationship(back_populates="aliases")


class AgencyContact(Base):
    __tablename__ = "agency_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    reminders: Mapped[bool] = mapped_column(Boolean, default=True)  # receives reminders and urging
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    agency: Mapped[Agency] = relationship(back_populates="contacts")


class AgencySuccession(Base):
    """``predecessor`` ceased on ``effective_on``; its work passes to ``successor`` (one or several)."""

    __tablename__ = "agency_succession"

    predecessor_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
    effective_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class AgencyGroupMember(Base):
    """Explicit members of a group; a group without any expands to the agencies of its member kinds."""

    __tablename__ = "agency_group_member"

    group_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
