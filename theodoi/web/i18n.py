"""Languages of the pages: Vietnamese (the source strings) and English (a Babel message catalog,
every ``locale/en/LC_MESSAGES/*.po`` (one per area of the app), read at start-up — no compiled .mo needed). Dates and numbers
follow the language: 15/06/2025 and 13,6 in Vietnamese."""

from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import lru_cache
from importlib import resources

from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LANGUAGES = ("vi", "en")
DEFAULT = "vi"


@lru_cache(maxsize=4)
def translations(language: str) -> gettext.NullTranslations:
    if language == DEFAULT:
        return gettext.NullTranslations()
    folder = resources.files("theodoi.web").joinpath(f"locale/{language}/LC_MESSAGES")
    found = Translations()
    found._catalog = {}
    for path in sorted((p for p in folder.iterdir() if p.name.endswith(".po")), key=lambda p: p.name):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        found._catalog.update({str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy})
    return found


def choose(cookie: str | None, accept: str | None = None) -> str:
    """The language: the ``lang`` cookie (set by the switch on every page), else Vietnamese — whatever
    the browser prefers: the users are Vietnamese civil servants, often on English-language systems."""
    return str(cookie) if cookie in LANGUAGES else DEFAULT


def day(value: date | datetime | None, language: str = DEFAULT) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if language == "vi" else value.strftime("%d %b %Y")


def number(value: float | int | None, language: str = DEFAULT, digits: int = 1) -> str:
    if value is None:
        return ""
    return format_decimal(round(float(value), digits), format=f"#,##0.{'#' * digits}" if digits else "#,##0",
                          locale=language)


def percent(value: float | None, language: str = DEFAULT) -> str:
    return "" if value is None else number(value * 100, language) + "%"
