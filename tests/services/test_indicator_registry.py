"""The indicator registry on the founding plan: indicators from its extracted targets and by hand,
figures with vintages (a revision adds a row), where each stands, refusals, the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from theodoi.errors import Invalid
from theodoi.services import accounts, indicators
from theodoi.services.indicators import NewIndicator
from theodoi.services.plans import publish
from theodoi.store import AuditEvent

READER = accounts.Principal(0, "lanhdao", "Lãnh đạo", "leader", None, None)


def test_indicators_come_from_the_extracted_targets_once(founding: Any) -> None:
    publish(founding, 1)
    made = indicators.from_targets(founding, 1)
    assert len(made) == 2 and indicators.from_targets(founding, 1) == []  # once
    rows = indicators.standings(founding, READER, 1)
    grdp = rows[0]
    assert grdp["name"] == "mức tăng trưởng kinh tế GRDP của tỉnh năm 2025" and grdp["target"] == 13.6
    assert (grdp["kind"], grdp["comparator"], grdp["period"], grdp["unit"]) == ("level", ">=", "2025", "%")
    assert grdp["figure"] is None and grdp["standing"] is None  # no figure yet


def test_figures_with_vintages_and_where_they_stand(founding: Any) -> None:
    publish(founding, 1)
    grdp = indicators.from_targets(founding, 1)[0]
    indicators.record(founding, grdp, period="2025-Q1", value=14.02, vintage="ước tính", source="Thống kê tỉnh")
    indicators.record(founding, grdp, period="2025-H1", value=12.1, vintage="ước tính", published_on=date(2025, 6, 28))
    indicators.record(founding, grdp, period="2025-H1", value=12.6, vintage="sơ bộ", published_on=date(2025, 8, 30))
    row = indicators.standings(founding, READER, 1)[0]
    assert row["figure"]["period"] == "2025-H1" and row["figure"]["vintage"] == "so-bo" and row["figure"]["value"] == 12.6
    assert row["standing"] == "at_risk" and row["standing_label"] == "Có nguy cơ không đạt" and not row["final"]
    assert len(row["history"]) == 3  # the revised figure stays
    indicators.record(founding, grdp, period="2025", value=13.7, vintage="chính thức")
    done = indicators.standings(founding, READER, 1)[0]
    assert done["final"] and done["standing"] == "met"
    with founding.read() as session:
        actions = [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.entity == "indicator"))]
    assert actions.count("indicator.record") == 4 and actions.count("indicator.add") == 2


def test_a_reduction_and_a_rank_by_hand(founding: Any) -> None:
    publish(founding, 1)
    cut = indicators.add(founding, 1, NewIndicator("Thời gian giải quyết thủ tục hành chính", "ngày", "reduction",
                                                   30.0, baseline=20.0))
    dti = indicators.add(founding, 1, NewIndicator("Xếp hạng DTI", "hạng", "rank", 3, comparator="<="))
    indicators.record(founding, cut, period="2025-H1", value=17.0, vintage="chính thức")
    indicators.record(founding, dti, period="2025", value=5, vintage="chính thức")
    rows = {r["id"]: r for r in indicators.standings(founding, READER, 1)}
    assert rows[cut]["standing"] == "on_track" and rows[cut]["achieved"] == pytest.approx(15.0)
    assert rows[dti]["standing"] == "missed" and rows[dti]["final"]


def test_what_cannot_be_judged_is_refused(founding: Any) -> None:
    publish(founding, 1)
    with pytest.raises(Invalid, match="giá trị gốc"):
        indicators.add(founding, 1, NewIndicator("Thời gian", "ngày", "reduction", 30.0))
    with pytest.raises(Invalid, match="loại chỉ tiêu"):
        indicators.add(founding, 1, NewIndicator("X", "%", "khac", 1.0))
    grdp = indicators.from_targets(founding, 1)[0]
    with pytest.raises(Invalid, match="ngoài kỳ"):
        indicators.record(founding, grdp, period="2026-Q1", value=1.0, vintage="ước tính")
    with pytest.raises(Invalid, match="loại số liệu"):
        indicators.record(founding, grdp, period="2025-Q1", value=1.0, vintage="đồn đoán")
