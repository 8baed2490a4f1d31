"""A year of feedback in Exempelkommun (and a little in Grannby): every channel, most closed in time, some overdue.

All texts, names and addresses are fictional. The cases are loaded once per
database: when Exempelkommun already has feedback, only the settings are checked.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from lots.accounts.demo import holders
from lots.accounts.models import Role
from lots.feedback import delegation, services
from lots.feedback.models import FeedbackCase, FeedbackSettings

DEPENDS_ON = ("lots.accounts",)

C = FeedbackCase
K, R, CH, CAT = C.Kind, C.SenderRole, C.Channel, C.Category

# Units the public meets, with how often feedback concerns them.
UNITS = [
    ("mottagning", 8),
    ("utredning-barn", 6),
    ("utredning-vuxna", 4),
    ("familjehem", 3),
    ("ensamkommande", 2),
    ("familjeratt", 3),
    ("ekonomiskt-bistand", 10),
    ("sociala-kontrakt", 2),
    ("boendecoacher", 2),
    ("budget-skuld", 3),
    ("barn-familj", 4),
    ("ungdom", 2),
    ("ungdomsmottagning", 2),
    ("vald-nara", 2),
    ("missbruk", 4),
    ("kollektivet", 3),
    ("klivet", 2),
    ("vallmovillan", 3),
]

TEXTS = {
    (K.COMPLAINT, CAT.TREATMENT): [
        "Jag blev illa bemött när jag ringde. Handläggaren var otrevlig och avbröt mig flera gånger.",
        "Personalen pratade över huvudet på min mamma som om hon inte var där.",
        "När jag kom till mötet fick jag vänta i receptionen i 40 minuter utan att någon sa något.",
    ],
    (K.COMPLAINT, CAT.ACCESSIBILITY): [
        "Det går inte att nå er på telefon. Jag har ringt varje dag i en vecka under telefontiden.",
        "Lokalen har ingen ramp och min rullstol kommer inte in genom dörren.",
        "Blanketten för ansökan finns bara på svenska och min pappa förstår den inte.",
    ],
    (K.COMPLAINT, CAT.PROCESSING): [
        "Jag har väntat i sex veckor på beslut om min ansökan och ingen kan säga när det kommer.",
        "Mitt ärende har bytt handläggare tre gånger och jag har fått berätta allt från början varje gång.",
        "Jag fick avslag men förstår inte varför. Beslutet förklarar inte vad som saknades.",
    ],
    (K.COMPLAINT, CAT.QUALITY): [
        "Min son har inte fått de samtal som stod i planen. Det har blivit ett samtal på två månader.",
        "Det har varit mycket vikarier och ingen vet vad min dotter behöver.",
        "Insatsen blev inte alls som vi kom överens om på mötet.",
    ],
    (K.COMPLAINT, CAT.INFORMATION): [
        "Ingen berättade att jag kunde överklaga beslutet. Nu har tiden gått ut.",
        "Jag fick kallelsen dagen efter mötet.",
    ],
    (K.OPINION, CAT.ACCESSIBILITY): [
        "Telefontiden 9–10 passar inte den som jobbar. Kan ni ha en kvällstid någon dag i veckan?",
        "Det vore bra om man kunde boka tid på webben.",
    ],
    (K.OPINION, CAT.INFORMATION): [
        "Informationen på hemsidan om ekonomiskt bistånd är svår att förstå. Skriv enklare.",
        "Jag saknar information om vad som händer efter att man gjort en orosanmälan.",
    ],
    (K.OPINION, CAT.OTHER): [
        "Väntrummet är trångt och det finns inget för barn att göra medan man väntar.",
    ],
    (K.SUGGESTION, CAT.QUALITY): [
        "Förslag: ha en gemensam planering med skolan så att vi föräldrar inte behöver berätta samma sak två gånger.",
        "Ungdomarna skulle behöva fler aktiviteter på helgerna.",
    ],
    (K.SUGGESTION, CAT.ACCESSIBILITY): [
        "Ni borde kunna ta emot ansökningar med e-legitimation.",
    ],
    (K.PRAISE, CAT.TREATMENT): [
        "Tack till behandlaren som har stöttat vår familj i höst. Hon lyssnade verkligen.",
        "Jag vill berömma personalen för ett fint bemötande när vi var som mest ledsna.",
    ],
    (K.PRAISE, CAT.QUALITY): [
        "Ni hjälpte mig att få ordning på vardagen igen. Stort tack!",
        "Min son har fått det mycket bättre sedan stödet började. Tack för att ni inte gav upp.",
    ],
}

ANSWERS = {
    K.COMPLAINT: (
        "Tack för att du hörde av dig. Vi har gått igenom det du beskriver med de medarbetare som berörs. "
        "Vi beklagar det som hänt och har tagit upp det på vår arbetsplatsträff så att det inte ska hända igen."
    ),
    K.OPINION: "Tack för dina synpunkter. Vi tar med dem i arbetet med att förbättra verksamheten.",
    K.SUGGESTION: "Tack för ditt förslag. Vi har diskuterat det i ledningsgruppen och återkommer när vi vet mer.",
    K.PRAISE: "Tack för dina vänliga ord. Vi har berättat för personalen, som blev mycket glada.",
}

CONTACTS = [
    ("Kim Exempelsson", "kim.exempelsson@exempel.invalid", "070-000 00 11", "Exempelvägen 12\n123 45 Exempelstad"),
    ("Alex Provare", "alex.provare@exempel.invalid", "070-000 00 22", "Testgatan 3 B\n123 46 Exempelstad"),
    ("Robin Demo", "robin.demo@exempel.invalid", "070-000 00 33", "Lilla Provvägen 7\n123 47 Exempelstad"),
    ("Sam Fiktiv", "sam.fiktiv@exempel.invalid", "070-000 00 44", "Påhittade gränd 1\n123 48 Grannby"),
]

CHANNELS = [(CH.E_SERVICE, 45), (CH.PHONE, 20), (CH.LETTER, 8), (CH.EMAIL, 10), (CH.VISIT, 11), (CH.MEETING, 6)]
ROLES = [(R.CONCERNED, 40), (R.RELATIVE, 30), (R.REPRESENTATIVE, 10), (R.STAFF, 5), (R.ORGANISATION, 5), (R.OTHER, 10)]
KINDS = [(K.COMPLAINT, 45), (K.OPINION, 25), (K.SUGGESTION, 15), (K.PRAISE, 15)]
CASES = 120


def _pick(rng, weighted):
    values = [v for v, _w in weighted]
    weights = [w for _v, w in weighted]
    return rng.choices(values, weights=weights, k=1)[0]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 15)))


def load(ctx) -> None:
    _settings(ctx)
    if FeedbackCase.objects.filter(municipality=ctx.municipality).exists():
        return
    registrars = {
        "mottagning": "medarbetare",
        "ekonomiskt-bistand": "ssk-ekonomi",
        "budget-skuld": "radgivare",
        "kollektivet": "hvb1",
        "vallmovillan": "hvb2",
        "barn-familj": "behandlare1",
        "missbruk": "behandlare2",
    }
    specs = [_spec(ctx, index) for index in range(CASES)]
    for spec in sorted(specs, key=lambda s: s["received"]):
        _load_case(ctx, spec, registrars)
    _authority_reports(ctx)
    _originals(ctx)
    _delegations(ctx)
    _grannby(ctx)


def _settings(ctx) -> None:
    if FeedbackSettings.objects.filter(municipality=ctx.municipality).exists():
        return
    services.feedback_settings_save(
        actor=ctx.actor,
        municipality=ctx.municipality,
        expected_version=None,
        deadline_days=14,
        reminder_days_before=3,
        fallback_unit=ctx.unit("bistand-buv"),
        contact_email="kontaktcenter@exempelkommun.invalid",
        contact_phone="0000-12 34 50",
        secrecy_law=FeedbackSettings.DEFAULT_SECRECY_LAW,
        accessibility_law=FeedbackSettings.DEFAULT_ACCESSIBILITY_LAW,
        accessibility_reviewed_on=ctx.today - datetime.timedelta(days=45),
    )


def _spec(ctx, index: int) -> dict:
    rng = ctx.rng
    kind = _pick(rng, KINDS)
    options = [key for key in TEXTS if key[0] == kind]
    category = rng.choice(options)[1]
    # Most of the year, and a steady trickle in the last two weeks so there is something to do today.
    days_ago = int(rng.triangular(0, 365, 120)) if rng.random() < 0.88 else rng.randint(0, 13)
    received = ctx.today - datetime.timedelta(days=days_ago)
    channel = _pick(rng, CHANNELS)
    anonymous = channel == CH.E_SERVICE and rng.random() < 0.35
    contact = rng.choice(CONTACTS)
    reply = C.Reply.NONE if anonymous else rng.choice([C.Reply.EMAIL, C.Reply.EMAIL, C.Reply.LETTER, C.Reply.PHONE])
    if kind == K.PRAISE and not anonymous and rng.random() < 0.5:
        reply = C.Reply.NONE
    return {
        "unit": _pick(rng, UNITS),
        "kind": kind,
        "category": category,
        "text": rng.choice(TEXTS[(kind, category)]),
        "received": received,
        "hour": rng.randint(8, 20) if channel == CH.E_SERVICE else rng.randint(8, 16),
        "channel": channel,
        "role": _pick(rng, ROLES),
        "anonymous": anonymous,
        "reply": reply,
        "contact": contact,
        "handling_days": rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 21, 26]),
        "left_open": rng.random() < 0.06,
        "action": kind == K.COMPLAINT and rng.random() < 0.2,
        "lex_sarah": kind == K.COMPLAINT and category == CAT.QUALITY and rng.random() < 0.25,
        "index": index,
    }


def _contact_fields(spec) -> dict:
    if spec["anonymous"]:
        return {}
    name, email, phone, address = spec["contact"]
    fields = {"contact_name": name}
    if spec["reply"] == C.Reply.EMAIL:
        fields["contact_email"] = email
    elif spec["reply"] == C.Reply.LETTER:
        fields["contact_address"] = address
    elif spec["reply"] == C.Reply.PHONE:
        fields["contact_phone"] = phone
    else:
        fields["contact_email"] = email
    return fields


def _load_case(ctx, spec: dict, registrars: dict) -> None:
    unit = ctx.unit(spec["unit"])
    received_at = _at(spec["received"], spec["hour"])
    common = {
        "unit": unit,
        "kind": spec["kind"],
        "sender_role": spec["role"],
        "description": spec["text"],
        "reply": spec["reply"],
        "notify_people": False,
        **_contact_fields(spec),
    }
    if spec["channel"] == CH.E_SERVICE:
        case, _token = services.feedback_submit(municipality=ctx.municipality, at=received_at, **common)
    else:
        registrar = ctx.person(registrars.get(spec["unit"], "kvalitet"))
        case = services.feedback_register(actor=registrar, channel=spec["channel"], received_at=received_at, **common)
    _handle(ctx, case, spec)


def _handle(ctx, case: FeedbackCase, spec: dict) -> None:
    """Take the case as far as a real manager would have by today."""
    manager = case.handler
    if manager is None:
        return
    age = (ctx.today - spec["received"]).days
    taken = spec["received"] + datetime.timedelta(days=min(1, age))
    if age == 0 and spec["index"] % 2:
        return
    services.feedback_receive(actor=manager, case=case, at=_at(taken, 9))
    services.feedback_update(
        actor=manager,
        case=case,
        expected_version=None,
        category=spec["category"],
        sender_role=case.sender_role,
        unit=case.unit,
        investigation="Har talat med berörda medarbetare och gått igenom dokumentationen.",
    )
    if spec["lex_sarah"]:
        services.feedback_report_lex_sarah(
            actor=manager,
            case=case,
            occurred_at=case.received_at - datetime.timedelta(days=2),
            at=_at(taken, 11),
            notify_people=False,
        )
    finished = spec["received"] + datetime.timedelta(days=spec["handling_days"])
    answer_day = max(taken, finished - datetime.timedelta(days=1))
    if finished > ctx.today or (spec["left_open"] and 14 < age <= 75):
        if answer_day <= ctx.today and spec["index"] % 3 == 0:
            _answer(case, manager, answer_day)
        _escalate_if_late(ctx, case)
        return
    _answer(case, manager, answer_day)
    if finished > case.due_date:
        _escalate_if_late(ctx, case)
    if spec["action"]:
        services.feedback_improvement_create(
            actor=manager,
            case=case,
            title=_action_title(spec),
            owner=manager,
            description="Åtgärd efter klagomål " + case.reference + ".",
            due_date=finished + datetime.timedelta(days=60),
        )
    services.feedback_close(
        actor=manager,
        case=case,
        expected_version=None,
        category=spec["category"],
        closing_note="Utrett och återkopplat. Tas upp på nästa arbetsplatsträff.",
        at=_at(finished, 15),
    )


def _answer(case: FeedbackCase, manager, day: datetime.date) -> None:
    if not case.can_be_answered or case.preferred_reply == C.Reply.NONE:
        return
    method = {C.Reply.EMAIL: C.AnswerMethod.EMAIL, C.Reply.LETTER: C.AnswerMethod.LETTER}.get(
        case.preferred_reply, C.AnswerMethod.PHONE
    )
    services.feedback_answer(
        actor=manager,
        case=case,
        expected_version=None,
        method=method,
        answer=ANSWERS[case.kind],
        at=_at(day, 14),
        notify_people=False,
    )


def _escalate_if_late(ctx, case: FeedbackCase) -> None:
    if case.due_date < ctx.today:
        services.feedback_escalate(
            case=case, to=services.escalation_managers(case), at=_at(case.due_date + datetime.timedelta(days=1), 7)
        )


def _action_title(spec: dict) -> str:
    return {
        CAT.TREATMENT: "Gå igenom bemötande och värdegrund på arbetsplatsträff",
        CAT.ACCESSIBILITY: "Förbättra tillgängligheten på telefon",
        CAT.PROCESSING: "Se över handläggningstiderna och informera om väntetid",
        CAT.QUALITY: "Följ upp att genomförandeplanerna följs",
        CAT.INFORMATION: "Skriv om informationen om överklagande",
    }.get(spec["category"], "Följ upp synpunkten i ledningsgruppen")


def _authority_reports(ctx) -> None:
    coordinator = ctx.person("kvalitet")
    reports = [
        (
            C.Authority.IVO,
            "IVO 3.5-00000/DEMO",
            "vallmovillan",
            95,
            "IVO riktar kritik mot att genomförandeplaner saknas för två "
            "placerade ungdomar och begär en redovisning av vidtagna åtgärder.",
            True,
        ),
        (
            C.Authority.AUDIT,
            "Revisionen DEMO-2",
            "ekonomiskt-bistand",
            40,
            "De förtroendevalda revisorerna noterar att "
            "handläggningstiden för ansökningar om ekonomiskt bistånd ofta överskrider målet på tio dagar.",
            True,
        ),
        (
            C.Authority.IVO,
            "IVO 3.5-00001/DEMO",
            "utredning-barn",
            5,
            "IVO begär yttrande över hur nämnden säkerställer att barnets åsikter dokumenteras i utredningar.",
            False,
        ),
    ]
    for authority, reference, unit_code, days_ago, text, done in reports:
        received = ctx.today - datetime.timedelta(days=days_ago)
        case = services.feedback_register(
            actor=coordinator,
            unit=ctx.unit(unit_code),
            kind=K.COMPLAINT,
            sender_role="",
            channel=CH.LETTER,
            description=text,
            received_at=_at(received, 10),
            authority=authority,
            external_reference=reference,
            notify_people=False,
        )
        manager = case.handler
        services.feedback_receive(actor=manager, case=case, at=_at(received + datetime.timedelta(days=1), 9))
        if not done:
            continue
        category = CAT.PROCESSING if authority == C.Authority.AUDIT else CAT.QUALITY
        services.feedback_update(
            actor=manager,
            case=case,
            expected_version=None,
            category=category,
            sender_role=case.sender_role,
            unit=case.unit,
            investigation="Genomgång med enhetens personal och kvalitetssamordnaren.",
        )
        services.feedback_improvement_create(
            actor=manager,
            case=case,
            title="Redovisa åtgärder till " + case.get_authority_display().split()[-1],
            owner=manager,
            due_date=received + datetime.timedelta(days=120),
        )
        services.feedback_close(
            actor=manager,
            case=case,
            expected_version=None,
            category=case.category,
            closing_note="Redovisning skickad. Åtgärderna följs upp som förbättringsåtgärd.",
            at=_at(received + datetime.timedelta(days=12), 15),
        )


def _scanned_letter(name: str) -> ContentFile:
    """A one-page PDF standing in for a scanned letter (the demo has no real originals)."""
    content = ContentFile(b"%PDF-1.4\n% Inskannat brev (demo)\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", name=name)
    content.detected_type = "application/pdf"
    return content


def _originals(ctx) -> None:
    """Complaints the registrator registered as they arrived: a letter with its original, and a phone call."""
    registrator = ctx.person("registrator")
    letter = services.feedback_register_original(
        actor=registrator,
        unit=ctx.unit("utredning-vuxna"),
        kind=K.COMPLAINT,
        sender_role=R.RELATIVE,
        channel=CH.LETTER,
        received_on=ctx.today - datetime.timedelta(days=4),
        description="Brev från en anhörig: beslutet om stödboende dröjer och ingen har hört av sig på tre veckor.",
        original=_scanned_letter("brev-anhorig.pdf"),
        reply=C.Reply.LETTER,
        contact_name="Anhörig Exempelsson",
        contact_address="Exempelgatan 1\n123 45 Exempelstad",
        notify_people=False,
    )
    services.feedback_receive(actor=letter.handler, case=letter, at=_at(ctx.today - datetime.timedelta(days=3), 9))
    services.feedback_register_original(
        actor=registrator,
        unit=ctx.unit("ekonomiskt-bistand"),
        kind=K.OPINION,
        sender_role=R.CONCERNED,
        channel=CH.PHONE,
        received_on=ctx.today - datetime.timedelta(days=1),
        description="Samtal till växeln: den sökande tycker att blanketten för ekonomiskt bistånd är svår att förstå.",
        notify_people=False,
    )


def _delegations(ctx) -> None:
    """Two complainants who were not satisfied with the answer: one decided by the complaint delegation, one waiting."""
    answered = list(
        FeedbackCase.objects.filter(
            municipality=ctx.municipality, kind=K.COMPLAINT, authority="", answered_at__isnull=False, contact_email__gt=""
        ).order_by("answered_at", "pk")
    )
    if len(answered) < 2:
        return
    decider = ctx.person("forvaltningschef")
    first, last = answered[len(answered) // 3], answered[-1]
    asked = timezone.localtime(first.answered_at).date() + datetime.timedelta(days=5)
    track = delegation.delegation_request(
        case=first,
        reason="Svaret tar inte upp att jag fick vänta i flera veckor. Jag vill att nämnden tittar på det.",
        at=_at(asked, 19),
        notify_people=False,
    )
    delegation.delegation_decide(
        actor=decider,
        track=track,
        expected_version=None,
        basis=track.Basis.DELEGATION,
        reference="Klagomålsdelegationens protokoll § 7",
        decision="Klagomålet är delvis befogat. Förvaltningen redovisar handläggningstiderna till nämnden.",
        answer="Klagomålsdelegationen har prövat ditt klagomål och anser att väntetiden var för lång. "
        "Förvaltningen ska redovisa hur handläggningstiderna kortas.",
        at=_at(asked + datetime.timedelta(days=20), 15),
        notify_people=False,
    )
    if timezone.localtime(last.answered_at).date() < ctx.today:
        delegation.delegation_request(
            case=last,
            actor=last.answered_by,
            reason="Avsändaren ringde och är inte nöjd med svaret; vill att klagomålsdelegationen prövar saken.",
            at=_at(ctx.today, 10),
            notify_people=False,
        )


def _grannby(ctx) -> None:
    """Grannby's residents use their own e-service, also for the budget and debt advice shared with Exempelkommun."""
    rng = ctx.rng
    for index, (unit_code, text) in enumerate(
        [
            ("grannby-stod", "Jag fick hjälp snabbt när jag behövde det. Tack!"),
            ("budget-skuld", "Det tar lång tid att få en första tid hos budget- och skuldrådgivningen."),
            ("grannby-stod", "Svårt att veta vilka papper man ska lämna in. Gör en checklista."),
        ]
    ):
        received = ctx.today - datetime.timedelta(days=rng.randint(20, 200))
        kind = [K.PRAISE, K.COMPLAINT, K.SUGGESTION][index]
        case, _token = services.feedback_submit(
            municipality=ctx.second,
            unit=ctx.unit(unit_code),
            kind=kind,
            sender_role=R.CONCERNED,
            description=text,
            reply=C.Reply.NONE,
            at=_at(received, 11),
            notify_people=False,
        )
        manager = case.handler or (holders(ctx, Role.KVALITETSSAMORDNARE) or [None])[0]
        services.feedback_receive(actor=manager, case=case, at=_at(received + datetime.timedelta(days=1), 9))
        services.feedback_close(
            actor=manager,
            case=case,
            expected_version=None,
            category=CAT.ACCESSIBILITY if index else CAT.TREATMENT,
            at=_at(received + datetime.timedelta(days=6), 15),
        )
