"""A small organisation with one persona per role, for permission tests.

    Testkommun                       Andra kommun
    └─ Nämnden (nämnd)               └─ Nämnden i Andra (nämnd)
       └─ Förvaltningen                 └─ Förvaltningen i Andra
          ├─ Egna avdelningen  ← every persona's role is held here
          │  └─ Underenheten   ← "sub": reached only with sub-units included
          └─ Andra avdelningen ← "other"
                                          └─ Främmande enheten ← "foreign"

Every persona holds its role on "own" with sub-units, except the medarbetare
(own unit only, as staff usually are) and the external provider (on a provider).
"""

from dataclasses import dataclass, field

from lots.accounts.models import Role, User
from lots.organisation.models import Municipality, Provider, Unit
from lots.testing.factories import MunicipalityFactory, ProviderFactory, RoleAssignmentFactory, UnitFactory, UserFactory

PLACES = ("own", "sub", "other", "foreign")
ALL_ROLES = tuple(Role.values)


@dataclass
class World:
    m1: Municipality
    m2: Municipality
    namnd: Unit
    forvaltning: Unit
    own: Unit
    sub: Unit
    other: Unit
    foreign: Unit
    provider: Provider
    foreign_provider: Provider
    personas: dict = field(default_factory=dict)
    outsider: User | None = None

    def unit(self, place: str) -> Unit:
        return getattr(self, place)

    def persona(self, role: str) -> User:
        return self.personas[role]


def build_world() -> World:
    K = Unit.Kind
    m1 = MunicipalityFactory(name="Testkommun", slug="testkommun")
    m2 = MunicipalityFactory(name="Andra kommun", slug="andra")
    namnd = UnitFactory(municipality=m1, name="Nämnden", kind=K.NAMND, code="namnd")
    forvaltning = UnitFactory(municipality=m1, parent=namnd, name="Förvaltningen", kind=K.FORVALTNING, code="forv")
    own = UnitFactory(municipality=m1, parent=forvaltning, name="Egna avdelningen", kind=K.AVDELNING, code="own")
    sub = UnitFactory(municipality=m1, parent=own, name="Underenheten", kind=K.ENHET, code="sub")
    other = UnitFactory(municipality=m1, parent=forvaltning, name="Andra avdelningen", kind=K.AVDELNING, code="other")
    namnd2 = UnitFactory(municipality=m2, name="Nämnden i Andra", kind=K.NAMND, code="namnd2")
    forv2 = UnitFactory(municipality=m2, parent=namnd2, name="Förvaltningen i Andra", kind=K.FORVALTNING, code="forv2")
    foreign = UnitFactory(municipality=m2, parent=forv2, name="Främmande enheten", kind=K.ENHET, code="foreign")
    provider = ProviderFactory(municipality=m1, name="Egen utförare AB", organisation_number="556677-8899")
    foreign_provider = ProviderFactory(municipality=m2, name="Främmande utförare AB", organisation_number="556016-0680")
    world = World(m1, m2, namnd, forvaltning, own, sub, other, foreign, provider, foreign_provider)
    for role in ALL_ROLES:
        user = UserFactory(username=role, first_name=role.capitalize(), last_name="Persona")
        if role == Role.EXTERN_UTFORARE:
            RoleAssignmentFactory(user=user, role=role, provider=provider, include_subunits=False)
        else:
            RoleAssignmentFactory(user=user, role=role, unit=own, include_subunits=role != Role.MEDARBETARE)
        world.personas[role] = user
    world.outsider = UserFactory(username="outsider", first_name="Utan", last_name="Roll")
    return world
