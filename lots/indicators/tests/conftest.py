import pytest

from lots.accounts.models import Role
from lots.indicators import services
from lots.indicators.models import Indicator


@pytest.fixture
def make_indicator(world):
    """``make_indicator(**fields)``: an indicator on "own", owned by its enhetschef, created through the service."""

    def make(unit=None, actor=None, **fields):
        values = {
            "name": "Andel brukare som fått sin genomförandeplan",
            "unit_of_measure": "%",
            "owner": world.persona(Role.ENHETSCHEF),
            "frequency": Indicator.Frequency.MONTH,
        }
        values.update(fields)
        return services.indicator_create(actor=actor or world.persona(Role.KVALITETSSAMORDNARE), unit=unit or world.own, **values)

    return make
