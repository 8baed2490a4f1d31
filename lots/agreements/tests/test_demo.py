"""The demo: agreements with the school, the police, the region and another board, one past its review, one draft
without its assessment; the demo processes' collaboration linked to them and staff acknowledgements partly done."""

from django.test.utils import override_settings
from django.utils import timezone

from lots.agreements import acknowledgements
from lots.agreements.models import Agreement, AgreementAcknowledgement, AgreementParty
from lots.core.demo import DemoContext, app_name, demo_modules
from lots.processes.models import Collaboration, RoutineCollaboration

NEEDED = {"lots.organisation", "lots.accounts", "lots.processes", "lots.agreements"}


def _load():
    ctx = DemoContext(today=timezone.localdate())
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for module in demo_modules():
            if app_name(module) in NEEDED:
                module.load(ctx)
    return ctx


def test_the_demo_register(db):
    ctx = _load()
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


def test_loading_twice_gives_the_same_data(db):
    _load()
    before = (Agreement.objects.count(), AgreementAcknowledgement.objects.count())
    _load()
    assert (Agreement.objects.count(), AgreementAcknowledgement.objects.count()) == before
