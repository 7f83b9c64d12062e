"""One module per report kind (``attraktiv.reports.kinds.KINDS``), each with
``build(inputs, access) -> Report``."""
