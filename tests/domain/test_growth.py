"""GRDP growth formulas (domain.md §5.2) on the published numbers of §5.3, and properties: growth on
summed values equals the weighted form, contributions add up to the growth, the required growth of
the remaining quarters reaches the target exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.domain import growth
from theodoi.errors import Invalid

SHARES = (0.22, 0.25, 0.26, 0.27)  # the worked example's hypothetical base-year weights (§5.3)


def test_the_bac_giang_quarterly_scenario_gives_13_56_percent_for_the_year() -> None:
    rates = {1: 13.0, 2: 12.7, 3: 14.1, 4: 14.3}
    assert growth.published(growth.weighted_growth(SHARES, rates)) == growth.published(13.562)
    assert str(growth.published(growth.weighted_growth(SHARES, rates))) == "13.56"


def test_after_q1_at_14_02_the_rest_of_the_year_needs_13_48_percent() -> None:
    assert str(growth.published(growth.required_weighted(SHARES, {1: 14.02}, 13.6))) == "13.48"


@pytest.mark.parametrize(("q4_share", "expected"), [(0.28, "13.56"), (0.26, "13.78"), (0.30, "13.37")])
def test_bac_ninh_needs_in_q4_after_nine_months_at_10_7(q4_share: float, expected: str) -> None:
    head = (1 - q4_share) / 3
    shares = (head, head, head, q4_share)
    # nine months at 10,7 % on summed values: the weighted form with the nine months as one block
    nine = {1: 10.7, 2: 10.7, 3: 10.7}
    assert str(growth.published(growth.required_weighted(shares, nine, 11.5))) == expected


def test_values_and_weights_give_the_same_answers() -> None:
    base = {"total": [s * 1000 for s in SHARES]}
    rates = {1: 0.13, 2: 0.127, 3: 0.141, 4: 0.143}
    actual = {"total": [base["total"][q - 1] * (1 + rates[q]) for q in growth.QUARTERS]}
    assert growth.growth(base, actual, growth.QUARTERS) == pytest.approx(growth.weighted_growth(SHARES, rates))
    assert growth.weights(base) == pytest.approx(list(SHARES))
    known = {"total": actual["total"][:1]}
    assert growth.required(base, known, 0.136, [1]) == pytest.approx(
        growth.required_weighted(SHARES, {1: 0.13}, 0.136))


def test_bac_giang_sector_contributions_are_consistent_with_the_base_shares() -> None:
    # 2025 scenario: CN-XD +15,9 % → 11,9 pp, DV +7,5 % → 1,07 pp, NLTS +3,8 % → 0,34 pp, taxes +10 %;
    # the implied base shares (c / g) are 74,8 %, 14,3 %, 8,9 %, and taxes the rest (§5.3).
    shares = {"cnxd": 11.9 / 15.9, "dv": 1.07 / 7.5, "nlts": 0.34 / 3.8}
    shares["thue"] = 1 - sum(shares.values())
    rates = {"cnxd": 0.159, "dv": 0.075, "nlts": 0.038, "thue": 0.10}
    base = {k: [v * 100] * 4 for k, v in shares.items()}
    actual = {k: [v * (1 + rates[k]) for v in row] for k, row in base.items()}
    points = growth.contributions(base, actual, growth.QUARTERS)
    assert round(points["cnxd"], 1) == 11.9 and round(points["dv"], 2) == 1.07 and round(points["nlts"], 2) == 0.34
    total = growth.growth(base, actual, growth.QUARTERS) * 100
    assert sum(points.values()) == pytest.approx(total)
    assert growth.scenario_total({k: v[0] for k, v in base.items()}, rates) * 100 == pytest.approx(total)
    assert 13.3 < total < 13.7  # the rounding of the published shares: "about 13,6 %"


def test_published_rounds_half_up() -> None:
    assert str(growth.published(13.555)) == "13.56" and str(growth.published(13.545)) == "13.55"
    assert str(growth.published(-0.125)) == "-0.13" and str(growth.published(11.9, 1)) == "11.9"


def test_names_of_components_and_vintages() -> None:
    assert growth.component("CN-XD") == growth.component("công nghiệp – xây dựng".replace("–", "-")) == "cnxd"
    assert growth.component("Khu vực III") == "dv" and growth.component("thue san pham") == "thue"
    assert growth.vintage("Ước tính") == "uoc-tinh" and growth.vintage("chính thức") == "chinh-thuc"
    assert growth.vintage_rank("sơ bộ") > growth.vintage_rank("ước tính") > growth.vintage_rank("kịch bản")
    with pytest.raises(Invalid, match="khu vực kinh tế"):
        growth.component("khai khoáng")
    assert growth.COMPONENTS == ("nlts", "cnxd", "dv", "thue")


def test_missing_and_wrong_input_is_said_clearly() -> None:
    base = {"cnxd": [1.0, 1.0, 1.0, 1.0]}
    with pytest.raises(Invalid, match="thiếu số liệu thực hiện cnxd quý 2"):
        growth.growth(base, {"cnxd": [1.1]}, [1, 2])
    with pytest.raises(Invalid, match="quý phải trong 1–4"):
        growth.growth(base, base, [5])
    with pytest.raises(Invalid, match="không còn quý"):
        growth.required(base, base, 0.1, growth.QUARTERS)
    with pytest.raises(Invalid, match="dương"):
        growth.growth({"cnxd": [0.0] * 4}, base, [1])


values = st.floats(min_value=1.0, max_value=1e6, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=-0.5, max_value=0.5, allow_nan=False, allow_infinity=False)
quarter_sets = st.sets(st.sampled_from(growth.QUARTERS), min_size=1)


@given(st.dictionaries(st.sampled_from(growth.COMPONENTS), st.lists(values, min_size=4, max_size=4), min_size=1),
       st.lists(rates, min_size=16, max_size=16), quarter_sets)
def test_contributions_always_add_up_to_the_growth(base: dict[str, list[float]], moves: list[float],
                                                   quarters: set[int]) -> None:
    actual = {k: [v * (1 + moves[i * 4 + q]) for q, v in enumerate(row)] for i, (k, row) in enumerate(base.items())}
    total = growth.growth(base, actual, quarters) * 100
    assert sum(growth.contributions(base, actual, quarters).values()) == pytest.approx(total, abs=1e-9)


@given(st.lists(values, min_size=4, max_size=4), st.lists(rates, min_size=4, max_size=4),
       st.integers(min_value=0, max_value=3), rates)
def test_the_required_growth_reaches_the_target(base_row: list[float], moves: list[float], known: int,
                                                target: float) -> None:
    base = {"total": base_row}
    actual = {"total": [v * (1 + m) for v, m in zip(base_row, moves, strict=True)][:known]}
    need = growth.required(base, actual, target, range(1, known + 1))
    completed = {"total": actual["total"] + [v * (1 + need) for v in base_row[known:]]}
    assert growth.growth(base, completed, growth.QUARTERS) == pytest.approx(target, abs=1e-9)
    shares = growth.weights(base)
    weighted = growth.required_weighted(shares, {q + 1: moves[q] for q in range(known)}, target)
    assert weighted == pytest.approx(need, abs=1e-9)


def test_the_module_examples_hold() -> None:
    import doctest

    assert doctest.testmod(growth).failed == 0
