"""How strongly a person must sign in: who needs a second factor, and which municipalities' rules apply to them.

The rule is an access rule like the others, so it lives here: a second factor is required for every role that can
read confidential case records (OSL 26:1) — the roles holding a case-record view permission, the granskare, who
reads them under audit grants, and the registrator, who reads the complaints they registered with their originals.
A municipality can widen the requirement to everyone (``second_factor_for_all``) and can switch local passwords off
for its people (``local_passwords_allowed``); lots.mfa and lots.identity enforce both.
"""

from lots.access.core import assignments_of, can, can_provider
from lots.access.policy import GRANTED_READS, roles_with
from lots.accounts.models import Role
from lots.organisation.models import Municipality

# The permissions that read confidential case records (deviations with lex Sarah and IVO, feedback cases).
CONFIDENTIAL_READS = frozenset({"deviation.view", "feedback.view"}) | GRANTED_READS


def confidential_roles() -> frozenset[str]:
    """The roles that can read confidential case records: directly, under an audit grant (granskare), or as the
    complaints one registered in original form (registrator)."""
    roles: set[str] = {Role.GRANSKARE, Role.REGISTRATOR}
    for perm in CONFIDENTIAL_READS:
        roles |= roles_with(perm)
    return frozenset(roles)


def municipalities_of(user) -> list[Municipality]:
    """The municipalities whose units the person holds a current role on, by name (providers' roles give none)."""
    found = {a.unit.municipality_id: a.unit.municipality for a in assignments_of(user) if a.unit_id is not None}
    return sorted(found.values(), key=lambda m: (m.name, m.pk))


def needs_second_factor(user) -> bool:
    """Whether the person must sign in with a second factor (or through an identity provider that vouched for one).

    True for a holder of any role that reads confidential records, for everyone in a municipality that asks it of
    all, and for superusers.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    assignments = assignments_of(user)
    if any(a.role in confidential_roles() for a in assignments):
        return True
    return any(m.second_factor_for_all for m in municipalities_of(user))


def local_password_allowed(user) -> bool:
    """Whether the person may sign in with a password kept in Lots: not when any of their municipalities has
    switched local passwords off. A person with no municipal role (an external provider's staff) keeps them."""
    return all(m.local_passwords_allowed for m in municipalities_of(user))


def can_reset_factors(viewer, person) -> bool:
    """Whether ``viewer`` may remove ``person``'s second factors: an administrator, or whoever holds
    ``person.reset_factors`` over one of the person's current roles. Nobody resets their own (they manage them)."""
    if not viewer.is_authenticated or viewer.pk == person.pk:
        return False
    if viewer.is_superuser:
        return True
    for assignment in assignments_of(person):
        if assignment.unit_id is not None and can(viewer, "person.reset_factors", assignment.unit):
            return True
        if assignment.provider_id is not None and can_provider(viewer, "person.reset_factors", assignment.provider):
            return True
    return False
