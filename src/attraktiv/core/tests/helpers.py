"""What the core tests share besides fixtures: the journey region's programme and years."""

from __future__ import annotations

YEARS = (2019, 2024)
PROGRAMME = "pa-program-2027"
