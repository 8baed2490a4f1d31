"""Views of the requirements module, one file per area."""
