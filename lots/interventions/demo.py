"""Demo: the service interventions of Enheten öppna insatser.

- In-house: an open pre-school (no participant data) and a parent group that keeps participant data with consent.
- External under contract: Trygga Steg's group for children in families with addiction, and Stödkraft's field work
  and counselling for young people (which keeps participant data).
- External without a contract: a homework club by Trygga Steg with no contract linked. Offering it was refused, so it
  stays planned and the register, the overview and the annual report show it as without contract.
- Participants known by pseudonymous references, with consents covering different fields; one withdrew their
  consent (erased, only the count remains); one whose needs changed was reported to Utredning barn och unga, which
  has not yet confirmed receipt, and one earlier report was confirmed.

Everything goes through the services; running it again changes nothing.
"""

import datetime

from django.core.exceptions import ValidationError

from lots.interventions import services
from lots.interventions.models import Intervention, NeedsReport, Participant
from lots.organisation.models import Provider
from lots.requirements.models import Contract

DEPENDS_ON = ("lots.organisation", "lots.accounts", "lots.requirements")

TRYGGA, STODKRAFT = "556677-8899", "802468-1358"
W, ORAL, DIGITAL = Participant.ConsentMethod.WRITTEN, Participant.ConsentMethod.ORAL, Participant.ConsentMethod.DIGITAL
SELF, GUARDIAN = Participant.ConsentGiver.PARTICIPANT, Participant.ConsentGiver.GUARDIAN


def _intervention(ctx, name: str, *, unit: str, offer: bool, **data) -> Intervention:
    existing = Intervention.objects.filter(unit=ctx.unit(unit), name=name).first()
    if existing is not None:
        return existing
    manager = ctx.person("ec-oppna")
    intervention = services.intervention_create(actor=manager, unit=ctx.unit(unit), name=name, **data)
    try:
        services.intervention_offer(actor=manager, intervention=intervention, expected_version=intervention.version)
    except ValidationError:
        if offer:
            raise
    intervention.refresh_from_db()
    return intervention


def _participant(ctx, intervention: Intervention, reference: str, days_ago: int, *, by: str, **data) -> Participant | None:
    existing = Participant.objects.filter(intervention=intervention, reference=reference).first()
    if existing is not None:
        return existing
    day = ctx.today - datetime.timedelta(days=days_ago)
    consent = {f"consent_{f}": bool(data.get(f)) for f in ("name", "contact", "notes")}
    return services.participant_register(
        actor=ctx.person(by),
        intervention=intervention,
        reference=reference,
        consent_given_on=day,
        started_on=day,
        consent_method=data.pop("method", W),
        consent_given_by=data.pop("given_by", SELF),
        **consent,
        **data,
    )


def load(ctx) -> None:
    trygga = Provider.objects.get(municipality=ctx.municipality, organisation_number=TRYGGA)
    stodkraft = Provider.objects.get(municipality=ctx.municipality, organisation_number=STODKRAFT)
    trygga_contract = Contract.objects.filter(provider=trygga).order_by("-starts_on").first()
    stodkraft_contract = Contract.objects.filter(provider=stodkraft).order_by("-starts_on").first()

    _intervention(
        ctx,
        "Öppna förskolan",
        unit="barn-familj",
        offer=True,
        kind=Intervention.Kind.OPEN,
        description="Öppen förskola med föräldrastöd tisdagar och torsdagar 9–12. Ingen anmälan behövs.",
        target_group="Föräldrar med barn 0–6 år",
    )
    parents = _intervention(
        ctx,
        "Föräldragrupp ABC",
        unit="barn-familj",
        offer=True,
        kind=Intervention.Kind.GROUP,
        description="Fyra träffar om vardagen med barn, enligt programmet ABC. Grupper startar varje termin.",
        target_group="Föräldrar till barn 3–12 år",
        keeps_participant_data=True,
    )
    _intervention(
        ctx,
        "Gruppverksamhet för barn i familjer med missbruk",
        unit="barn-familj",
        offer=True,
        kind=Intervention.Kind.GROUP,
        description="Samtalsgrupper för barn 7–12 år som lever med en förälder med missbruk. Utförs av Trygga Steg.",
        target_group="Barn 7–12 år",
        provider=trygga,
        contract=trygga_contract,
    )
    youth = _intervention(
        ctx,
        "Fältarbete och samtalsstöd för unga",
        unit="ungdom",
        offer=True,
        kind=Intervention.Kind.FIELD,
        description="Uppsökande fältarbete kvällar och helger och samtalsstöd efter behov. Utförs av Föreningen Stödkraft.",
        target_group="Unga 13–20 år",
        provider=stodkraft,
        contract=stodkraft_contract,
        keeps_participant_data=True,
    )
    # No contract is linked: the service refuses to offer it, so it stays planned and shows as without contract.
    _intervention(
        ctx,
        "Läxhjälp och mentorskap",
        unit="ungdom",
        offer=False,
        kind=Intervention.Kind.GROUP,
        description="Läxhjälp två eftermiddagar i veckan med vuxna mentorer.",
        target_group="Unga 13–16 år",
        provider=trygga,
        keeps_participant_data=True,
    )

    _participant(ctx, parents, "ABC-2026-01", 60, by="behandlare1", name="Tolvan Tolvansson", contact="tolvan@exempel.invalid")
    _participant(ctx, parents, "ABC-2026-02", 45, by="behandlare1", contact="070-000 00 02", method=ORAL)
    _participant(
        ctx,
        parents,
        "ABC-2026-03",
        30,
        by="behandlare1",
        notes="Vill ha stöd i att sätta gränser vid läggdags.",
        method=DIGITAL,
    )
    _participant(ctx, youth, "FÄLT-2026-07", 90, by="ec-oppna", contact="070-000 00 07", given_by=GUARDIAN)
    _withdrawn(ctx, parents)
    _reports(ctx, youth)


def _withdrawn(ctx, parents: Intervention) -> None:
    """A participant who withdrew their consent: registered and erased, so only the counts show it."""
    if parents.year_counts.filter(withdrawn__gt=0).exists():
        return
    participant = _participant(ctx, parents, "ABC-2026-04", 20, by="behandlare1", contact="070-000 00 04")
    services.consent_withdraw(actor=ctx.person("behandlare1"), participant=participant, withdrawn_on=ctx.today)


def _reports(ctx, youth: Intervention) -> None:
    if NeedsReport.objects.filter(intervention=youth).exists():
        return
    sender = ctx.person("ec-oppna")
    to_unit = ctx.unit("utredning-barn")
    confirmed = _participant(ctx, youth, "FÄLT-2026-02", 120, by="ec-oppna")
    report = services.needs_report_send(
        actor=sender,
        participant=confirmed,
        expected_version=confirmed.version,
        to_unit=to_unit,
        kind=NeedsReport.Kind.NOTIFICATION,
        grounds="Under samtalen har det kommit fram oro för hur den unge har det hemma. Behovet går utöver vad "
        "samtalsstödet kan ge och kräver en utredning.",
        sent_on=ctx.today - datetime.timedelta(days=40),
    )
    services.needs_report_confirm(actor=ctx.person("ssk-barn1"), report=report, expected_version=report.version)
    awaiting = _participant(ctx, youth, "FÄLT-2026-05", 70, by="ec-oppna", contact="070-000 00 05")
    services.needs_report_send(
        actor=sender,
        participant=awaiting,
        expected_version=awaiting.version,
        to_unit=to_unit,
        kind=NeedsReport.Kind.APPLICATION,
        grounds="Den unge har själv bett om mer stöd än fältarbetet kan ge och vill ansöka om en kontaktperson.",
        sent_on=ctx.today - datetime.timedelta(days=5),
    )
