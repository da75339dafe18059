"""The English catalog covers the pages: every string a template translates, and every label the
services hand to the pages (statuses, review states, roles, actions), has an English entry; entries
keep their placeholders."""

from __future__ import annotations

import re
from importlib import resources

from theodoi.domain.status import Status
from theodoi.services.obligations import STATE_LABELS
from theodoi.services.reports import REVIEW_LABELS, STATUS_LABELS
from theodoi.services.views import ACTION_LABELS, PLAN_STATUS_LABELS
from theodoi.web import i18n
from theodoi.web.rendering import ROLE_LABELS

LITERAL = re.compile(r"""\b_\(\s*(?:"([^"]+)"|'([^']+)')\s*\)""")


def template_strings() -> set[str]:
    folder = resources.files("theodoi.web").joinpath("templates")
    found: set[str] = set()
    for path in folder.iterdir():
        if path.name.endswith(".html"):
            found |= {a or b for a, b in LITERAL.findall(path.read_text(encoding="utf-8"))}
    return found


def label_strings() -> set[str]:
    labels = {s.label for s in Status}
    for table in (STATUS_LABELS, REVIEW_LABELS, STATE_LABELS, ACTION_LABELS, PLAN_STATUS_LABELS, ROLE_LABELS):
        labels |= set(table.values())
    return labels


def test_every_page_string_has_an_english_translation() -> None:
    i18n.translations.cache_clear()
    catalog = i18n.translations("en")._catalog  # type: ignore[attr-defined]
    wanted = template_strings() | label_strings()
    assert len(wanted) > 150
    missing = sorted(s for s in wanted if s not in catalog)
    assert not missing, "no English for: " + " | ".join(missing)


def test_translations_keep_placeholders() -> None:
    catalog = i18n.translations("en")._catalog  # type: ignore[attr-defined]
    for source, english in catalog.items():
        if isinstance(source, str):
            assert re.findall(r"%\(\w+\)s|\{\w*\}", source) == re.findall(r"%\(\w+\)s|\{\w*\}", english), source
