import datetime

from django.utils import timezone

from lots.accounts.models import Role
from lots.agreements import services
from lots.agreements.models import Agreement, AgreementParty

TODAY = timezone.localdate()
REASONING = "Uppgifter lämnas bara med samtycke eller med stöd av en sekretessbrytande bestämmelse. Inget hinder."


def make_agreement(
    world,
    units,
    *,
    title="Samverkan barn och unga",
    owner=None,
    active=True,
    review_date=None,
    make_known=True,
    parties=1,
) -> Agreement:
    """A draft, or (``active``) an agreement with a party, a legal assessment finding no obstacle, and a review date."""
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    agreement = services.agreement_create(
        actor=coordinator,
        municipality=units[0].municipality,
        units=units,
        owner=owner or world.persona(Role.ENHETSCHEF),
        title=title,
        area="Barn och unga",
        purpose="Tidig upptäckt och samordnat stöd.",
        make_known=make_known,
        valid_from=TODAY - datetime.timedelta(days=60),
        review_date=review_date or TODAY + datetime.timedelta(days=200),
    )
    for number in range(parties):
        services.party_add(
            actor=coordinator,
            agreement=agreement,
            name=f"Skolan {number + 1}",
            kind=AgreementParty.Kind.SCHOOL,
            responsibility="Anmäler oro och deltar i samråd.",
        )
    if active:
        assess(world, agreement)
        services.agreement_activate(actor=coordinator, agreement=agreement, expected_version=None)
    return Agreement.objects.get(pk=agreement.pk)


def assess(world, agreement: Agreement, conclusion=Agreement.LegalConclusion.NO_OBSTACLE) -> None:
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    services.legal_assessment_record(
        actor=coordinator,
        agreement=agreement,
        expected_version=None,
        assessed_by=agreement.owner,
        assessed_on=TODAY - datetime.timedelta(days=3),
        conclusion=conclusion,
        reasoning=REASONING,
    )
