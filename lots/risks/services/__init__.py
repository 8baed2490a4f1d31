"""Writes to the risk module, one atomic, audit-logged function each, grouped by area:
``scale``, ``analysis``, ``inspection``, ``control`` (internal control) and ``followup``."""
