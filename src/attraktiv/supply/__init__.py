"""The competence supply plan (supply-plan.md): stock, rates, projection, scenarios.

Plain Python and numpy, no Django: ``estimate`` (§1–§2), ``scenario`` (§4, §7), ``project``
(§3), ``stochastic`` (§5) and ``attribution`` (§4's lever by lever effects).
"""
