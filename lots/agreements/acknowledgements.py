"""Who is asked to read an agreement, who has confirmed, and what is pending for a person.

An active agreement that is made known asks the people holding "agreement.acknowledge" on one of its units or on a
unit below them (lots.agreements.access). The share confirmed is shown per unit where someone is asked.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from lots import access
from lots.agreements.access import ACKNOWLEDGE
from lots.agreements.models import Agreement, AgreementAcknowledgement
from lots.organisation.models import Unit


@dataclass
class UnitStatus:
    unit: Unit
    confirmed: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.confirmed) + len(self.missing)

    @property
    def percent(self) -> int:
        return round(100 * len(self.confirmed) / self.total) if self.total else 0


def status_by_unit(agreement: Agreement) -> list[UnitStatus]:
    """Per unit where someone is asked: who has confirmed and who has not. Two queries; none asked for an agreement
    that does not ask its staff."""
    if not agreement.asks_staff:
        return []
    confirmed_ids = set(
        AgreementAcknowledgement.objects.filter(agreement=agreement, reading=agreement.reading).values_list("user_id", flat=True)
    )
    by_unit: dict[int, UnitStatus] = {}
    for assignment in access.assignments_within(agreement.units.all(), perm=ACKNOWLEDGE):
        status = by_unit.setdefault(assignment.unit_id, UnitStatus(assignment.unit))
        bucket = status.confirmed if assignment.user_id in confirmed_ids else status.missing
        if assignment.user not in bucket:
            bucket.append(assignment.user)
    return list(by_unit.values())


def totals(statuses: list[UnitStatus]) -> tuple[int, int]:
    """(confirmed, asked) counting each person once."""
    confirmed = {u.pk for s in statuses for u in s.confirmed}
    asked = confirmed | {u.pk for s in statuses for u in s.missing}
    return len(confirmed), len(asked)


def pending_for(user) -> QuerySet:
    """Active agreements made known at the person's units (or above them) that the person has not confirmed."""
    places = {pk for assignment in access.assignments_with(user, ACKNOWLEDGE) for pk in assignment.unit.ancestor_ids()}
    if not places:
        return Agreement.objects.none()
    linked = Agreement.units.through.objects.filter(unit_id__in=sorted(places)).values("agreement_id")
    read = AgreementAcknowledgement.objects.filter(agreement=OuterRef("pk"), user=user, reading=OuterRef("reading"))
    return (
        Agreement.objects.active()
        .filter(make_known=True, pk__in=linked)
        .exclude(Exists(read))
        .order_by("activated_at", "title", "pk")
    )


def has_confirmed(user, agreement: Agreement) -> bool:
    """Whether the person has confirmed the agreement's present reading."""
    return AgreementAcknowledgement.objects.filter(agreement=agreement, user=user, reading=agreement.reading).exists()
