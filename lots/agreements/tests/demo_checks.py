"""The demo: agreements with the school, the police, the region and another board, one past its review, one draft
without its assessment; the demo processes' collaboration linked to them and staff acknowledgements partly done.

Run against the whole demo by lots/core/tests/test_demo.py."""

from lots.agreements import acknowledgements
from lots.agreements.models import Agreement, AgreementAcknowledgement, AgreementParty
from lots.processes.models import Collaboration, RoutineCollaboration


def check_the_register(ctx):
    today = ctx.today
    agreements = Agreement.objects.filter(municipality=ctx.municipality)
    kinds = set(AgreementParty.objects.filter(agreement__in=agreements).values_list("kind", flat=True))
    assert {"region", "school", "police", "board"} <= kinds
    assert agreements.review_overdue(today).count() == 1
    assert agreements.filter(status="draft").without_assessment().count() == 1
    assert all(a.has_legal_clearance and a.document for a in agreements.active())
    assert Collaboration.objects.filter(linked_agreement__in=agreements).count() >= 5
    assert RoutineCollaboration.objects.filter(linked_agreement__in=agreements).count() >= 4
    assert Collaboration.objects.filter(linked_agreement__isnull=True).exists()  # the register has gaps to show
    read = AgreementAcknowledgement.objects.filter(agreement__in=agreements).count()
    asked = sum(acknowledgements.totals(acknowledgements.status_by_unit(a))[1] for a in agreements.active())
    assert 0 < read < asked
