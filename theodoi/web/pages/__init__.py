"""The pages: server-rendered with Jinja2; the core flows work without JavaScript."""

from __future__ import annotations

from fastapi import APIRouter

from theodoi.web.pages import auth, dashboard, growth, inbox, notices, plans, public, queue, review

router = APIRouter(include_in_schema=False)
for module in (auth, dashboard, plans, growth, review, inbox, queue, notices, public):
    router.include_router(module.router)
