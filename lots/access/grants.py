"""Time-limited audit grants as scopes: what a granskare may read beyond their role (lots.accounts.AuditGrant).

A grant reaches its unit and everything below it, for the permissions in ``policy.GRANTED_READS`` only, and only
while the person still holds the granskare role. The grants are read once per request, and only for people who
hold that role, so nobody else pays a query for them.
"""

from dataclasses import dataclass

from lots.access.policy import GRANTED_READS
from lots.accounts.models import AuditGrant, Role, RoleAssignment
from lots.organisation.models import Unit

_CACHE_ATTR = "_lots_audit_grants"


@dataclass(frozen=True)
class GrantScope:
    """Reads like a role assignment with sub-units, so the scoping in lots.access.core treats both alike."""

    grant_id: int
    unit: Unit
    role: str = Role.GRANSKARE
    include_subunits: bool = True
    provider_id: None = None

    @property
    def unit_id(self) -> int:
        return self.unit.pk


def grant_scopes(user, perm: str, assignments: list[RoleAssignment]) -> list[GrantScope]:
    """The person's active grants on open units, when ``perm`` is one a grant gives; ``assignments`` are theirs."""
    if perm not in GRANTED_READS or not any(a.role == Role.GRANSKARE for a in assignments):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        grants = AuditGrant.objects.active().filter(auditor=user, unit__closed_at__isnull=True).select_related("unit")
        cached = [GrantScope(grant_id=g.pk, unit=g.unit) for g in grants.order_by("unit__path", "pk")]
        setattr(user, _CACHE_ATTR, cached)
    return cached
