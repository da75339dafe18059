"""Server-rendered pages: the Jinja2 environment (autoescaping on: text from documents and reports is
always rendered inert), the language of the request, and what every page knows (the account, the
CSRF token of its forms, the language switch)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from theodoi.services.accounts import Principal
from theodoi.web import i18n

ROLE_LABELS = {"admin": "Quản trị", "coordinator": "Điều phối", "officer": "Cán bộ", "leader": "Lãnh đạo"}


@dataclass(frozen=True)
class Viewer:
    """Who is looking at a page: the account (None: anonymous), its CSRF token, the language."""

    principal: Principal | None
    csrf: str
    language: str


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("theodoi.web", "templates"), autoescape=select_autoescape(("html",)),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["ROLE_LABELS"] = ROLE_LABELS
    return env


def render(request: Request, viewer: Viewer, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    env = environment()
    language = viewer.language
    translations = i18n.translations(language)
    page = env.get_template(template)
    html = page.render(
        request=request, viewer=viewer, me=viewer.principal, csrf=viewer.csrf, lang=language,
        _=translations.gettext, gettext=translations.gettext, ngettext=translations.ngettext,
        day=lambda d: i18n.day(d, language), number=lambda n, digits=1: i18n.number(n, language, digits),
        percent=lambda p: i18n.percent(p, language), **context,
    )
    response = HTMLResponse(html, status_code=status)
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response
