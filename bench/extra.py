"""Measurements outside the HTTP load (e.g. the annual report PDF). Modules append ``fn(ds) -> list[metric dicts]``."""

MEASUREMENTS = []


def measure(ds) -> list[dict]:
    found = []
    for fn in MEASUREMENTS:
        found.extend(fn(ds))
    return found
