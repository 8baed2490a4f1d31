"""Demo: the shipped catalogues, contracts with both demo providers, one completed follow-up and one in progress.

Trygga Steg Omsorg AB was followed up against Region Gotland's catalogue last
year: most requirements fulfilled, some findings with demanded actions (one
reported by the provider, one closed, the rest open). Föreningen Stödkraft is
being followed up now: it has sent in its self-assessment and the municipality is
halfway through its assessment. Everything goes through the services; running it
again changes nothing.
"""

import datetime

from lots.organisation.models import Provider
from lots.requirements import services
from lots.requirements.models import Assessment, Catalogue, Contract, DemandedAction, FollowUp

DEPENDS_ON = ("lots.accounts",)

A = Assessment.Status
M = FollowUp.Method

GOTLAND = "gotland-service-barn-unga-familjer"

# Findings in the completed follow-up, by a phrase of the requirement text: (status, comment, demanded action, days to fix).
FINDINGS = {
    "plan för hur egenkontroll bedrivs": (
        A.PARTLY,
        "Det finns en plan för egenkontroll, men den anger inte hur ofta kontrollerna görs eller vem som gör dem. "
        "Två av fyra planerade kontroller under året var inte genomförda.",
        "Komplettera planen för egenkontroll med frekvens och ansvar, och genomför de kontroller som återstår.",
        60,
    ),
    "registerutdrag ur belastningsregistret": (
        A.NOT_MET,
        "Vid granskning av tre rekryteringar under perioden fanns inget dokumenterat att registerutdrag hade visats upp.",
        "Inför en rutin för kontroll av registerutdrag vid rekrytering och redovisa att den används.",
        30,
    ),
    "individuell kompetensutvecklingsplan": (
        A.NOT_MET,
        "Ingen av de intervjuade medarbetarna hade en individuell kompetensutvecklingsplan.",
        "Upprätta individuella kompetensutvecklingsplaner för alla medarbetare.",
        150,
    ),
    "Flexite ska användas": (
        A.PARTLY,
        "Avvikelser registreras, men delvis i ett eget formulär i stället för i Flexite.",
        "Registrera alla avvikelser i Flexite och sluta använda det egna formuläret.",
        45,
    ),
    "rutiner för introduktion av nyanställda": (
        A.PARTLY,
        "Introduktionen sker muntligt; det finns ingen skriftlig rutin eller checklista.",
        "Ta fram en skriftlig introduktionsrutin med checklista.",
        60,
    ),
    "studenter som studerar till socionomer": (
        A.NOT_APPLICABLE,
        "Verksamheten har inte haft möjlighet att ta emot studenter under perioden; kommunen har inte begärt det.",
        "",
        0,
    ),
}

MET_COMMENTS = [
    "Rutinen finns, är fastställd och kändes till av de medarbetare som intervjuades.",
    "Uppfyllt enligt granskade dokument och intervju med verksamhetschefen.",
    "Underlaget visar att kravet är uppfyllt.",
    "Uppfyllt. Arbetssättet beskrevs samstämmigt av ledning och medarbetare.",
]
SELF_COMMENTS = [
    "Vi har en fastställd rutin som gås igenom vid introduktion och på arbetsplatsträffar.",
    "Finns beskrivet i vår verksamhetsplan och följs upp varje år.",
    "Ansvaret ligger hos verksamhetschefen; vi går igenom det på ledningsgruppens möten.",
    "Arbetssättet är känt av personalen och tas upp i handledningen.",
]


def _contract(ctx, provider: Provider, catalogue: Catalogue, **data) -> Contract:
    existing = Contract.objects.filter(provider=provider, title=data["title"]).first()
    if existing is not None:
        return existing
    return services.contract_create(actor=ctx.actor, provider=provider, catalogue=catalogue, **data)


def _self_assess(ctx, follow_up: FollowUp, person, weak: set[str]) -> None:
    entries = []
    for assessment in follow_up.assessments.select_related("requirement").order_by("requirement__position"):
        partly = any(phrase in assessment.requirement.text for phrase in weak)
        entries.append(
            services.SelfEntry(
                assessment,
                assessment.version,
                A.PARTLY if partly else A.MET,
                "Vi arbetar på det men är inte klara." if partly else ctx.rng.choice(SELF_COMMENTS),
            )
        )
    services.self_assessment_save(actor=person, follow_up=follow_up, entries=entries)
    services.self_assessment_submit(actor=person, follow_up=follow_up)


def _assess(ctx, follow_up: FollowUp, *, found_on: datetime.date, share: float = 1.0) -> None:
    assessments = list(follow_up.assessments.select_related("requirement").order_by("requirement__position"))
    entries = []
    for assessment in assessments[: round(len(assessments) * share)]:
        finding = next((f for phrase, f in FINDINGS.items() if phrase in assessment.requirement.text), None)
        if finding is None:
            entries.append(services.AssessmentEntry(assessment, assessment.version, A.MET, ctx.rng.choice(MET_COMMENTS)))
            continue
        status, comment, action, days = finding
        entries.append(
            services.AssessmentEntry(
                assessment,
                assessment.version,
                status,
                comment,
                interview_notes="Intervju med verksamhetschef och två medarbetare.",
                action_text=action,
                action_due=found_on + datetime.timedelta(days=days) if action else None,
            )
        )
    services.assessments_save(actor=follow_up.lead, follow_up=follow_up, entries=entries)


def _completed_follow_up(ctx, provider: Provider, contract: Contract, version) -> None:
    title = f"Kvalitetsuppföljning {ctx.today.year - 1}"
    if FollowUp.objects.filter(provider=provider, title=title).exists():
        return
    lead = ctx.person("kvalitet")
    completed_on = ctx.today - datetime.timedelta(days=120)
    follow_up = services.follow_up_create(
        actor=lead,
        catalogue_version=version,
        title=title,
        provider=provider,
        contract=contract,
        period_start=ctx.today - datetime.timedelta(days=330),
        period_end=ctx.today - datetime.timedelta(days=150),
        methods=[M.DOCUMENTS, M.INTERVIEW, M.SELF_ASSESSMENT],
        lead=lead,
        team=[ctx.person("kvalitet2"), ctx.person("ec-oppna")],
        responsible_unit=contract.responsible_unit,
        self_assessment_due=ctx.today - datetime.timedelta(days=160),
    )
    services.follow_up_start_self_assessment(actor=lead, follow_up=follow_up)
    _self_assess(ctx, follow_up, ctx.person("utforare"), weak={"egenkontroll bedrivs", "Flexite"})
    _assess(ctx, follow_up, found_on=completed_on)
    follow_up.refresh_from_db()
    services.follow_up_complete(
        actor=lead,
        follow_up=follow_up,
        expected_version=follow_up.version,
        completed_on=completed_on,
        summary=(
            "Trygga Steg Omsorg AB bedriver en verksamhet som i allt väsentligt uppfyller kraven. Barn och föräldrar "
            "beskriver ett respektfullt bemötande och verksamheten samverkar väl med skola och socialtjänst.\n\n"
            "Brister finns i egenkontrollen, i kontrollen av registerutdrag vid rekrytering och i kompetensutvecklingen. "
            "Utföraren ska åtgärda dem och redovisa åtgärderna senast de datum som anges."
        ),
    )
    actions = {a.text: a for a in DemandedAction.objects.filter(follow_up=follow_up)}
    register = actions[FINDINGS["registerutdrag ur belastningsregistret"][2]]
    services.demanded_action_report(
        actor=ctx.person("utforare"),
        action=register,
        expected_version=register.version,
        response=(
            "Rutinen för rekrytering är kompletterad med kontroll av registerutdrag. Bifogad checklista används sedan en månad."
        ),
    )
    register.refresh_from_db()
    services.demanded_action_close(
        actor=lead,
        action=register,
        expected_version=register.version,
        closed_on=ctx.today,
        note="Rutinen och checklistan är granskade och uppfyller kravet.",
    )
    flexite = actions[FINDINGS["Flexite ska användas"][2]]
    services.demanded_action_report(
        actor=ctx.person("utforare"),
        action=flexite,
        expected_version=flexite.version,
        response="Alla avvikelser registreras nu i Flexite. Det egna formuläret är borttaget.",
    )


def _ongoing_follow_up(ctx, provider: Provider, contract: Contract, version) -> None:
    title = f"Kvalitetsuppföljning {ctx.today.year}"
    if FollowUp.objects.filter(provider=provider, title=title).exists():
        return
    lead = ctx.person("kvalitet")
    follow_up = services.follow_up_create(
        actor=lead,
        catalogue_version=version,
        title=title,
        provider=provider,
        contract=contract,
        period_start=ctx.today - datetime.timedelta(days=90),
        period_end=ctx.today + datetime.timedelta(days=30),
        methods=[M.DOCUMENTS, M.INTERVIEW, M.SELF_ASSESSMENT],
        lead=lead,
        team=[ctx.person("ec-oppna")],
        responsible_unit=contract.responsible_unit,
        self_assessment_due=ctx.today - datetime.timedelta(days=10),
    )
    services.follow_up_start_self_assessment(actor=lead, follow_up=follow_up)
    _self_assess(ctx, follow_up, ctx.person("utforare2"), weak={"individuell kompetensutvecklingsplan"})
    _assess(ctx, follow_up, found_on=ctx.today, share=0.4)


def load(ctx) -> None:
    for path in services.catalogue_files():
        services.catalogue_load_file(actor=ctx.actor, path=path)
    gotland = Catalogue.objects.get(municipality__isnull=True, key=GOTLAND)
    version = gotland.latest_version()
    trygga = Provider.objects.get(municipality=ctx.municipality, organisation_number="556677-8899")
    stodkraft = Provider.objects.get(municipality=ctx.municipality, organisation_number="802468-1358")
    unit = ctx.unit("oppna-insatser")
    first_year = datetime.date(ctx.today.year - 2, 1, 1)
    trygga_contract = _contract(
        ctx,
        trygga,
        gotland,
        title="Stöd till barn, unga och familjer som service",
        reference="SN 2024/118",
        starts_on=first_year,
        ends_on=datetime.date(ctx.today.year + 1, 12, 31),
        responsible_unit=unit,
        follow_up_by=ctx.person("kvalitet"),
        scope="Gruppverksamhet för barn i familjer med missbruk och föräldrastödsprogram, cirka 120 deltagare per år.",
        annual_cost=1450000,
        cost_terms="Fast ersättning per kvartal, indexeras årligen med OPI.",
        quality_levels="Grupper startar minst två gånger per termin. Kontakt inom tre arbetsdagar efter intresseanmälan.",
    )
    stodkraft_contract = _contract(
        ctx,
        stodkraft,
        gotland,
        title="Fältarbete och samtalsstöd för unga (IOP)",
        reference="SN 2025/042",
        starts_on=datetime.date(ctx.today.year - 1, 3, 1),
        ends_on=None,
        responsible_unit=unit,
        follow_up_by=ctx.person("kvalitet"),
        scope=(
            "Uppsökande fältarbete kvällar och helger samt samtalsstöd för unga 13–20 år, i ett idéburet offentligt partnerskap."
        ),
        annual_cost=620000,
        cost_terms="Bidrag enligt partnerskapsöverenskommelsen, utbetalas halvårsvis.",
        quality_levels="Fältarbete minst tre kvällar i veckan. Volontärer har introduktion och handledning.",
        police_check_on=ctx.today - datetime.timedelta(days=340),
        social_check_on=ctx.today - datetime.timedelta(days=200),
    )
    _completed_follow_up(ctx, trygga, trygga_contract, version)
    _ongoing_follow_up(ctx, stodkraft, stodkraft_contract, version)
