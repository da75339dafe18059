"""The JSON API under /api/v1: one router per resource."""

from __future__ import annotations

from fastapi import APIRouter

from theodoi.web.api import drafts, evidence, plans, public, registry, reports, session, status, tasks

router = APIRouter(prefix="/api/v1")
for module in (session, plans, drafts, tasks, reports, evidence, registry, status, public):
    router.include_router(module.router)
