"""A synthetic organisation tree of any size, for tests and benchmarks."""

from __future__ import annotations

from attraktiv.organisation.services import UnitRow


def synthetic_tree(
    size: int, forvaltningar: int = 10, verksamheter_each: int = 10
) -> list[UnitRow]:
    """A region of ``size`` units: förvaltningar, verksamheter under each, workplaces below.

    Workplaces are spread round-robin over the verksamheter, so subtrees are of equal size.
    """
    rows = [UnitRow("R", "Region", None, "region")]
    top = [f"F{i}" for i in range(forvaltningar)]
    middle = [f"{f}V{j}" for f in top for j in range(verksamheter_each)]
    rows += [UnitRow(f, f"Förvaltning {f}", "R", "forvaltning") for f in top]
    rows += [UnitRow(v, f"Verksamhet {v}", v.split("V")[0], "verksamhet") for v in middle]
    rows += [
        UnitRow(f"E{n}", f"Enhet {n}", middle[n % len(middle)], "enhet")
        for n in range(size - len(rows))
    ]
    return rows
