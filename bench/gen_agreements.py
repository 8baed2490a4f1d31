"""Bench data for collaboration agreements: per municipality a register of agreements with the region, schools, the
police, Försäkringskassan, associations and other boards, each on one or two units with two or three parties. Most are
active with their legal assessment and a review date (some past it); a few are drafts without an assessment and a
few have ended. About two thirds of the staff asked to read each active agreement have acknowledged it.

The agreements go through the services (at most a few thousand, even at scale L), so their rules and audit rows are as
the application writes them; the acknowledgements, the bulk of the rows, are written in bulk.
"""

import datetime
import random

from django.urls import reverse
from django.utils import timezone

from bench import bulk
from bench.scenarios import Request, Scenario
from lots import access
from lots.accounts.models import Role
from lots.agreements import services
from lots.agreements.access import ACKNOWLEDGE
from lots.agreements.models import Agreement, AgreementAcknowledgement, AgreementParty

COUNTED = ["agreements.Agreement", "agreements.AgreementParty", "agreements.AgreementAcknowledgement"]
# Agreements per municipality.
PER_MUNICIPALITY = {"T": 6, "S": 40, "M": 80, "L": 150}
K = AgreementParty.Kind
TOPICS = [
    ("Samverkan barn och unga med skolan", "Barn och unga", [("Utbildningsnämnden", K.BOARD), ("Grundskolorna", K.SCHOOL)]),
    ("Barnahus", "Barn som misstänks vara utsatta för brott", [("Polisen", K.POLICE), ("Regionen", K.REGION)]),
    ("Samordnad individuell plan", "Missbruk och psykisk ohälsa", [("Regionen, psykiatrin", K.REGION)]),
    ("Våld i nära relationer", "Våld i nära relationer", [("Polisen", K.POLICE), ("Kvinnojouren", K.ASSOCIATION)]),
    ("Samordning av ersättningar", "Ekonomiskt bistånd", [("Försäkringskassan", K.FORSAKRINGSKASSAN)]),
    ("Hemsjukvård vid boendestöd", "Socialt boende", [("Vård- och omsorgsnämnden", K.BOARD)]),
]
REASONING = "Uppgifter lämnas med samtycke eller med stöd av en sekretessbrytande bestämmelse. Inget hinder i regelverket."


def _agreement(owner, units, topic, n, today, rng) -> Agreement:
    title, area, parties = topic
    started = today - datetime.timedelta(days=rng.randint(30, 1500))
    agreement = services.agreement_create(
        actor=owner,
        municipality=units[0].municipality,
        units=units,
        owner=owner,
        title=f"{title} {n}",
        area=area,
        purpose="Samordnat stöd och tydlig ansvarsfördelning mellan parterna.",
        follow_up="I samverkansgruppen varje halvår.",
        follow_up_by="Enhetschefen",
        valid_from=started,
        review_date=today + datetime.timedelta(days=rng.randint(-60, 330)),
    )
    for name, kind in [*parties, ("Socialnämnden", K.BOARD)]:
        services.party_add(actor=owner, agreement=agreement, name=name, kind=kind, responsibility="Enligt överenskommelsen.")
    if n % 10 == 0:
        return agreement  # a draft without its legal assessment
    services.legal_assessment_record(
        actor=owner,
        agreement=agreement,
        expected_version=None,
        assessed_by=owner,
        assessed_on=started - datetime.timedelta(days=14),
        conclusion=Agreement.LegalConclusion.NO_OBSTACLE,
        reasoning=REASONING,
    )
    services.agreement_activate(actor=owner, agreement=agreement, expected_version=None)
    if n % 10 == 9:
        services.agreement_end(actor=owner, agreement=agreement, expected_version=None)
    return agreement


def generate(ds) -> None:
    today = timezone.localdate()
    rng = random.Random(f"lots-bench-agreements-{ds.scale}")
    holders = {}
    for assignment in ds.extra["assignments"]:
        if assignment.unit_id and assignment.role in (Role.ENHETSCHEF, Role.AVDELNINGSCHEF, Role.FORVALTNINGSCHEF):
            holders.setdefault(assignment.unit_id, assignment.user)
    made = []
    for municipality in ds.municipalities:
        places = [u for u in ds.units if u.municipality_id == municipality.pk and u.pk in holders]
        if not places:
            continue
        for n in range(PER_MUNICIPALITY.get(ds.scale, 6)):
            unit = places[n % len(places)]
            units = [unit]
            if n % 3 == 0:
                units.append(places[(n * 7 + 1) % len(places)])
            units = list({u.pk: u for u in units}.values())
            made.append(_agreement(holders[unit.pk], units, TOPICS[n % len(TOPICS)], n, today, rng))
    rows = []
    start = bulk.next_id(AgreementAcknowledgement)
    for agreement in Agreement.objects.filter(pk__in=[a.pk for a in made]).active().prefetch_related("units"):
        asked = {a.user_id for a in access.assignments_within(agreement.units.all(), perm=ACKNOWLEDGE)}
        for user_id in sorted(asked):
            if rng.random() < 0.67:
                moment = timezone.now() - datetime.timedelta(days=rng.randint(0, 300))
                rows.append((start + len(rows), agreement.pk, user_id, agreement.reading, moment))
    bulk.write(AgreementAcknowledgement, ["id", "agreement_id", "user_id", "reading", "acknowledged_at"], rows)
    bulk.reset_sequences(AgreementAcknowledgement)
    bulk.say(f"agreements: {len(made)} agreements, {len(rows)} acknowledgements")


def scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    found = [
        Scenario(
            "agreements_list",
            "Samverkansöverenskommelser: registret (förvaltningschef)",
            "list",
            Request("GET", reverse("agreements:index"), cookies=cookies["manager"]),
        ),
        Scenario(
            "agreements_review_overdue",
            "Samverkansöverenskommelser: försenad översyn (förvaltningschef)",
            "list",
            Request("GET", reverse("agreements:index") + "?state=review_overdue", cookies=cookies["manager"]),
        ),
        Scenario(
            "api_agreements",
            "API: samverkansöverenskommelser",
            "api",
            Request("GET", "/api/v1/agreements", headers={"Authorization": f"Bearer {tokens['manager']}"}),
        ),
    ]
    agreement = Agreement.objects.filter(municipality=ds.municipalities[0]).active().order_by("-activated_at", "-pk").first()
    if agreement is not None:
        found.append(
            Scenario(
                "agreements_detail",
                "Samverkansöverenskommelser: en överenskommelse med läsbekräftelser (förvaltningschef)",
                "detail",
                Request("GET", reverse("agreements:detail", args=[agreement.pk]), cookies=cookies["manager"]),
            )
        )
    return found
