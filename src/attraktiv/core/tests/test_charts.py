"""The age pyramid's spec (issue 12): women and men on one scale."""

from __future__ import annotations

from attraktiv.core import charts


def test_the_pyramid_draws_women_and_men_on_one_scale():
    rows = [
        {"age_group": "20–24", "gender": "Kvinnor", "persons": 40},
        {"age_group": "20–24", "gender": "Män", "persons": 12},
        {"age_group": "25–29", "gender": "Män", "persons": 25},
    ]
    women, men = charts.pyramid_chart(rows)["hconcat"]
    assert women["encoding"]["x"]["scale"] == {"domain": [0, 40], "reverse": True}
    assert men["encoding"]["x"]["scale"] == {"domain": [0, 40], "reverse": False}
