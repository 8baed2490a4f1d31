"""An active audit grant for the granskare persona, for tests where the auditor reads case records."""

import datetime

from django.utils import timezone

from lots.accounts.models import AuditGrant, Role


def audit_grant(world, unit=None, *, start: int = -1, end: int = 30, revoked: bool = False) -> AuditGrant:
    """A grant on ``unit`` (default "own") from ``start`` to ``end`` days from today, granted by the coordinator."""
    today = timezone.localdate()
    return AuditGrant.objects.create(
        auditor=world.persona(Role.GRANSKARE),
        unit=unit or world.own,
        purpose="Granskning av ärendehanteringen",
        valid_from=today + datetime.timedelta(days=start),
        valid_until=today + datetime.timedelta(days=end),
        granted_by=world.persona(Role.KVALITETSSAMORDNARE),
        revoked_at=timezone.now() if revoked else None,
    )
