"""Section providers for the annual quality report: one module per area, each section a class with ``compute``."""
