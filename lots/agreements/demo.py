"""Demo agreements: with the school, the police and the region (Barnahus), the region (SIP, past its review), the police
and the women's shelter, another board of the municipality, and a draft without its legal assessment. The demo
processes' and routines' collaboration entries are linked to the agreements they rest on, and part of the staff have
acknowledged the agreements made known to them. The parties are fictional organisations."""

import datetime

from django.core.files.base import ContentFile

from lots.agreements import services
from lots.agreements.access import may_acknowledge
from lots.agreements.collaborations import linkable
from lots.agreements.models import Agreement, AgreementParty
from lots.lib.dates import add_months
from lots.processes import services as process_services
from lots.processes.models import Collaboration, RoutineCollaboration

DEPENDS_ON = ("lots.processes",)

K = AgreementParty.Kind
ACTIVE, DRAFT = "active", "draft"

# title, area, purpose, unit codes, owner, [(party, kind, role, responsibility)], follow-up, by whom, state,
# months since it began (None: a draft), months to the next review (negative: past it), collaboration partners
# whose entries rest on it [(partner name, process name or None, routine title or None)], staff who have read it.
AGREEMENTS = [
    (
        "Samverkansöverenskommelse barn och unga – skola och socialtjänst",
        "Barn och unga",
        "Att barn och unga som far illa eller riskerar att fara illa upptäcks tidigt och får samordnat stöd från "
        "skolan och socialtjänsten.",
        ["myndighet", "oppenvard"],
        "avdchef-myndighet",
        [
            (
                "Utbildningsnämnden",
                K.BOARD,
                "Part i överenskommelsen",
                "Ser till att skolans personal känner till anmälningsplikten och att elevhälsan deltar i samråd.",
            ),
            (
                "Grundskolor och förskolor i Exempelkommun",
                K.SCHOOL,
                "Anmälare och samverkanspart",
                "Anmäler oro för barn till socialtjänsten och deltar i möten kring barnet när vårdnadshavaren samtycker.",
            ),
            (
                "Socialnämnden",
                K.BOARD,
                "Sammankallande",
                "Återkopplar till anmälaren att anmälan kommit in, kallar till samverkansgruppen och följer upp "
                "överenskommelsen.",
            ),
        ],
        "Samverkansgruppen skola–socialtjänst möts varje termin och går igenom antal anmälningar och samråd.",
        "Avdelningschef myndighet och grundskolechef",
        ACTIVE,
        14,
        8,
        [
            ("Skolan och förskolan", None, "Mottagande och registrering av orosanmälan"),
            ("Skola och förskola", "Myndighetsutövning barn och unga", None),
            ("Skola och elevhälsa", "Mottagning barn och unga", None),
            ("Skolan", "Inskrivning och behandling på HVB", None),
        ],
        ["medarbetare", "ssk-barn1", "behandlare1"],
    ),
    (
        "Överenskommelse om Barnahus",
        "Barn som misstänks vara utsatta för brott",
        "Samordnade utredningar när barn misstänks vara utsatta för våld eller övergrepp: samråd, förhör och "
        "läkarundersökning på ett ställe.",
        ["bistand-buv"],
        "enhetschef",
        [
            ("Polisen, lokalpolisområde Exempel", K.POLICE, "Förundersökning", "Leder förundersökningen och håller förhör."),
            (
                "Region Exempel, barn- och ungdomsmedicin",
                K.REGION,
                "Hälso- och sjukvård",
                "Gör läkarundersökning och bedömer barnets behov av vård.",
            ),
            ("Åklagarmyndigheten", K.AUTHORITY, "Förundersökningsledare", "Leder förundersökningen i ärenden om grövre brott."),
            (
                "Socialnämnden",
                K.BOARD,
                "Skydd och stöd",
                "Gör skyddsbedömning, utreder barnets behov och deltar i samråd före förhör.",
            ),
        ],
        "Styrgruppen för Barnahus följer upp antal samråd och tid till förhör två gånger om året.",
        "Enhetschef bistånd barn, unga och vuxna",
        ACTIVE,
        30,
        4,
        [
            ("Barnahus", "Mottagning barn och unga", "Samtal med barn"),
            ("Polisen", "Mottagning barn och unga", None),
        ],
        ["medarbetare"],
    ),
    (
        "Länsöverenskommelse om samordnad individuell plan (SIP)",
        "Missbruk, beroende och psykisk ohälsa",
        "Att den som behöver insatser från både regionen och kommunen får en samordnad individuell plan.",
        ["utredning-vuxna", "missbruk"],
        "avdchef-oppenvard",
        [
            (
                "Region Exempel, beroendecentrum och psykiatri",
                K.REGION,
                "Hälso- och sjukvård",
                "Tar initiativ till SIP när den enskilde behöver insatser från kommunen och deltar i SIP-möten.",
            ),
            (
                "Socialnämnden",
                K.BOARD,
                "Socialtjänst",
                "Tar initiativ till SIP, kallar till möte och dokumenterar planen med den enskildes samtycke.",
            ),
        ],
        "Länets samverkansgrupp följer upp antal upprättade SIP varje år.",
        "Avdelningschef öppenvård",
        ACTIVE,
        26,
        -1,
        [
            ("Beroendecentrum i regionen", "Utredning vuxna", None),
            ("Beroendevården i regionen", None, "ASI-intervju i utredning"),
            ("Barn- och ungdomspsykiatrin", "Utredning barn och unga", None),
        ],
        ["ssk-vuxna"],
    ),
    (
        "Samverkansöverenskommelse våld i nära relationer",
        "Våld i nära relationer",
        "Att den som utsätts för våld i nära relation får skydd och stöd, och att polisen och socialtjänsten delar "
        "riskbedömningen när den enskilde samtycker.",
        ["vald-nara"],
        "ec-oppna",
        [
            ("Polisen, lokalpolisområde Exempel", K.POLICE, "Skydd", "Gör riskbedömning och beslutar om skyddsåtgärder."),
            (
                "Kvinnojouren i Exempelkommun",
                K.ASSOCIATION,
                "Idéburen part",
                "Erbjuder skyddat boende och stödsamtal enligt överenskommelsen om idéburet offentligt partnerskap.",
            ),
            ("Socialnämnden", K.BOARD, "Socialtjänst", "Utreder behov av stöd och beslutar om insatser."),
        ],
        "Kvartalsvis uppföljning i samverkansgruppen mot våld.",
        "Enhetschef öppna insatser",
        ACTIVE,
        8,
        4,
        [
            ("Polisen", "Stöd vid våld i nära relationer", "Riskbedömning vid våld i nära relationer"),
            ("Kvinnojouren", "Stöd vid våld i nära relationer", "Riskbedömning vid våld i nära relationer"),
        ],
        [],
    ),
    (
        "Överenskommelse med vård- och omsorgsnämnden om boendestöd och hemsjukvård",
        "Socialt boende och hälsa",
        "Tydlig ansvarsfördelning när den som har boendestöd också behöver hemsjukvård.",
        ["sociala-boenden"],
        "ec-boenden",
        [
            (
                "Vård- och omsorgsnämnden",
                K.BOARD,
                "Hemsjukvård",
                "Ansvarar för läkemedelshantering och hälso- och sjukvård i hemmet.",
            ),
            ("Socialnämnden", K.BOARD, "Boendestöd", "Ansvarar för boendestödet och uppmärksammar behov av vård."),
        ],
        "Enhetscheferna följer upp överenskommelsen en gång om året.",
        "Enhetschef sociala boenden",
        ACTIVE,
        5,
        7,
        [("Hemsjukvården", None, "Hembesök för boendestöd")],
        ["boendecoach"],
    ),
    (
        "Överenskommelse med Försäkringskassan om samordning av ersättningar",
        "Ekonomiskt bistånd",
        "Att den som söker ekonomiskt bistånd i väntan på ersättning från Försäkringskassan får ett snabbt beslut.",
        ["ekonomiskt-bistand"],
        "ec-ekonomi",
        [
            (
                "Försäkringskassan",
                K.FORSAKRINGSKASSAN,
                "Statlig myndighet",
                "Lämnar besked om handläggningstid och beslut när den enskilde samtycker.",
            ),
        ],
        "",
        "",
        DRAFT,
        None,
        3,
        [],
        [],
    ),
]


def _document(title: str) -> ContentFile:
    text = f"{title}\n\nUndertecknad av parterna. Demodokument: texten är påhittad.\n"
    return ContentFile(text.encode(), name="overenskommelse.txt")


def _link(ctx, agreement: Agreement, partner: str, process: str | None, routine: str | None, actor) -> None:
    municipality = ctx.municipality
    if process is not None:
        entries = Collaboration.objects.filter(
            process__municipality=municipality, process__name=process, partner=partner, linked_agreement__isnull=True
        ).select_related("process")
        for entry in entries:
            if linkable(entry.process.units.all()).filter(pk=agreement.pk).exists():
                process_services.collaboration_update(actor=actor, collaboration=entry, linked_agreement=agreement)
    if routine is not None:
        entries = RoutineCollaboration.objects.filter(
            routine__municipality=municipality, routine__title=routine, partner=partner, linked_agreement__isnull=True
        ).select_related("routine")
        for entry in entries:
            if linkable(entry.routine.units.all()).filter(pk=agreement.pk).exists():
                process_services.routine_collaboration_update(actor=actor, collaboration=entry, linked_agreement=agreement)


def load(ctx) -> None:
    if ctx.municipality is None or Agreement.objects.filter(municipality=ctx.municipality).exists():
        return
    actor = ctx.person("kvalitet")
    lawyer = ctx.person("ec-staben")
    for (
        title,
        area,
        purpose,
        unit_codes,
        owner,
        parties,
        follow_up,
        follow_up_by,
        state,
        months_ago,
        review_in,
        links,
        readers,
    ) in AGREEMENTS:
        start = add_months(ctx.today, -months_ago) if months_ago is not None else None
        review = add_months(ctx.today, review_in) if review_in >= 0 else ctx.today - datetime.timedelta(days=20)
        agreement = services.agreement_create(
            actor=actor,
            municipality=ctx.municipality,
            units=[ctx.unit(code) for code in unit_codes],
            owner=ctx.person(owner),
            title=title,
            area=area,
            purpose=purpose,
            follow_up=follow_up,
            follow_up_by=follow_up_by,
            valid_from=start,
            review_date=review,
        )
        for name, kind, role, responsibility in parties:
            services.party_add(actor=actor, agreement=agreement, name=name, kind=kind, role=role, responsibility=responsibility)
        if state == ACTIVE:
            services.document_attach(actor=actor, agreement=agreement, upload=_document(title))
            services.legal_assessment_record(
                actor=lawyer,
                agreement=agreement,
                expected_version=None,
                assessed_by=lawyer,
                assessed_on=start - datetime.timedelta(days=21),
                conclusion=Agreement.LegalConclusion.NO_OBSTACLE,
                reasoning=(
                    "Uppgifter om enskilda lämnas bara med den enskildes samtycke eller med stöd av en "
                    "sekretessbrytande bestämmelse (OSL 10 kap. 28 §, 26 kap.); ansvarsfördelningen följer "
                    "huvudmännens uppdrag. Inget direkt eller indirekt hinder i regelverket."
                ),
            )
            services.agreement_activate(actor=actor, agreement=agreement, expected_version=None)
            if months_ago >= 12 and review_in >= 0:
                services.review_record(
                    actor=actor,
                    agreement=agreement,
                    expected_version=None,
                    reviewed_on=add_months(ctx.today, review_in - 12),
                    reviewed_by=ctx.person(owner),
                    outcome="continue",
                    conclusion="Överenskommelsen har följts. Parterna vill behålla den oförändrad ett år till.",
                    next_review_date=review,
                )
        for partner, process, routine in links:
            _link(ctx, agreement, partner, process, routine, actor)
        agreement.refresh_from_db()
        for username in readers:
            person = ctx.person(username)
            if may_acknowledge(person, agreement):
                services.agreement_acknowledge(actor=person, agreement=agreement)
