"""Demo people: fictional names, every role, in both municipalities. All share DEMO_PASSWORD."""

import datetime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from lots.accounts import services
from lots.accounts.models import AuditGrant, Role, RoleAssignment, User
from lots.core.demo import DEMO_PASSWORD
from lots.organisation.models import Provider

DEPENDS_ON = ("lots.organisation",)

R = Role

# username, first, last, title, [(role, unit code or provider orgnr, include sub-units)]
PEOPLE = [
    ("kvalitet", "Karin", "Lindqvist", "Kvalitetsutvecklare", [(R.KVALITETSSAMORDNARE, "socialnamnd", True)]),
    ("kvalitet2", "Jonas", "Åberg", "Verksamhetsutvecklare", [(R.KVALITETSSAMORDNARE, "socialnamnd", True)]),
    ("namnd", "Birgitta", "Holm", "Ordförande socialnämnden", [(R.NAMNDLEDAMOT, "socialnamnd", True)]),
    ("namnd2", "Lars", "Wikström", "Vice ordförande", [(R.NAMNDLEDAMOT, "socialnamnd", True)]),
    ("namnd3", "Fatima", "Nordin", "Ledamot", [(R.NAMNDLEDAMOT, "socialnamnd", True)]),
    ("forvaltningschef", "Helena", "Strand", "Socialchef", [(R.FORVALTNINGSCHEF, "socialforvaltning", True)]),
    ("avdchef-myndighet", "Per", "Falk", "Avdelningschef myndighet", [(R.AVDELNINGSCHEF, "myndighet", True)]),
    ("avdchef-oppenvard", "Sara", "Lund", "Avdelningschef öppenvård", [(R.AVDELNINGSCHEF, "oppenvard", True)]),
    ("enhetschef", "Anna", "Berglund", "Enhetschef", [(R.ENHETSCHEF, "bistand-buv", True)]),
    ("ec-buf", "Mikael", "Sjöberg", "Enhetschef", [(R.ENHETSCHEF, "bistand-buf", True)]),
    ("ec-ekonomi", "Eva", "Dahl", "Enhetschef", [(R.ENHETSCHEF, "ekonomiskt-bistand", True)]),
    ("ec-boenden", "Johan", "Nyberg", "Enhetschef", [(R.ENHETSCHEF, "sociala-boenden", True)]),
    ("ec-oppna", "Maria", "Lindgren", "Enhetschef", [(R.ENHETSCHEF, "oppna-insatser", True)]),
    ("ec-kollektivet", "Henrik", "Borg", "Föreståndare", [(R.ENHETSCHEF, "kollektivet", True)]),
    ("ec-vallmo", "Lena", "Forsberg", "Föreståndare", [(R.ENHETSCHEF, "vallmovillan", True)]),
    ("ec-staben", "Tomas", "Hedlund", "Stabschef", [(R.ENHETSCHEF, "staben", True)]),
    ("verksamhetsledare", "Ida", "Ström", "Verksamhetsledare mottagning", [(R.VERKSAMHETSLEDARE, "mottagning", True)]),
    ("vl-klivet", "Oskar", "Hellström", "Verksamhetsledare", [(R.VERKSAMHETSLEDARE, "klivet", True)]),
    ("medarbetare", "Emma", "Sandström", "Socialsekreterare", [(R.MEDARBETARE, "mottagning", False)]),
    ("ssk-barn1", "Ali", "Hassan", "Socialsekreterare", [(R.MEDARBETARE, "utredning-barn", False)]),
    ("ssk-barn2", "Linnea", "Åström", "Socialsekreterare", [(R.MEDARBETARE, "utredning-barn", False)]),
    ("ssk-vuxna", "Erik", "Blom", "Socialsekreterare", [(R.MEDARBETARE, "utredning-vuxna", False)]),
    ("ssk-familjehem", "Nora", "Engström", "Familjehemssekreterare", [(R.MEDARBETARE, "familjehem", False)]),
    ("ssk-ekonomi", "Viktor", "Månsson", "Handläggare", [(R.MEDARBETARE, "ekonomiskt-bistand", False)]),
    ("boendecoach", "Amira", "Karlsson", "Boendecoach", [(R.MEDARBETARE, "boendecoacher", False)]),
    ("radgivare", "Gustav", "Lindberg", "Budget- och skuldrådgivare", [(R.MEDARBETARE, "budget-skuld", False)]),
    ("behandlare1", "Sofia", "Ek", "Behandlare", [(R.MEDARBETARE, "barn-familj", False)]),
    ("behandlare2", "David", "Öberg", "Behandlare", [(R.MEDARBETARE, "missbruk", False)]),
    ("behandlare3", "Hanna", "Viklund", "Behandlare", [(R.MEDARBETARE, "vald-nara", False)]),
    ("hvb1", "Mohammed", "Ali", "Behandlingsassistent", [(R.MEDARBETARE, "kollektivet", False)]),
    ("hvb2", "Klara", "Persson", "Behandlingsassistent", [(R.MEDARBETARE, "vallmovillan", False)]),
    ("granskare", "Göran", "Axelsson", "Förtroendevald revisor", [(R.GRANSKARE, "socialnamnd", True)]),
    ("registrator", "Agnes", "Wallin", "Registrator", [(R.REGISTRATOR, "socialforvaltning", True)]),
    ("utforare", "Maja", "Ekström", "Verksamhetschef, Trygga Steg Omsorg AB", [(R.EXTERN_UTFORARE, "556677-8899", False)]),
    ("utforare2", "Olle", "Sandberg", "Samordnare, Föreningen Stödkraft", [(R.EXTERN_UTFORARE, "802468-1358", False)]),
    ("grannby-kvalitet", "Petra", "Moberg", "Kvalitetssamordnare", [(R.KVALITETSSAMORDNARE, "grannby-namnd", True)]),
    ("grannby-ec", "Rasmus", "Sundin", "Enhetschef", [(R.ENHETSCHEF, "grannby-stod", True)]),
    ("grannby-ssk", "Julia", "Fransson", "Socialsekreterare", [(R.MEDARBETARE, "grannby-stod", False)]),
]

# The login shown per role after loading.
LOGINS = [
    ("Kvalitetssamordnare", "kvalitet"),
    ("Nämndledamot", "namnd"),
    ("Förvaltningschef", "forvaltningschef"),
    ("Avdelningschef", "avdchef-myndighet"),
    ("Enhetschef", "enhetschef"),
    ("Verksamhetsledare", "verksamhetsledare"),
    ("Medarbetare", "medarbetare"),
    ("Extern utförare", "utforare"),
    ("Granskare", "granskare"),
    ("Registrator", "registrator"),
    # Grannby kommun, whose people see Exempelkommun's shared debt-counselling unit in their tree.
    ("Grannby: kvalitetssamordnare", "grannby-kvalitet"),
    ("Grannby: enhetschef", "grannby-ec"),
    ("Grannby: medarbetare", "grannby-ssk"),
]


def load(ctx) -> None:
    password_hash = make_password(DEMO_PASSWORD)
    for username, first, last, title, roles in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.person_create(
                actor=ctx.actor,
                username=username,
                first_name=first,
                last_name=last,
                title=title,
                email=f"{username}@exempelkommun.invalid",
            )
            # Same hash for everyone keeps loading fast; set directly since the demo is not a password change.
            User.objects.filter(pk=user.pk).update(password=password_hash)
        ctx.people[username] = user
        for role, where, include_subunits in roles:
            if role == R.EXTERN_UTFORARE:
                provider = Provider.objects.get(municipality=ctx.municipality, organisation_number=where)
                exists = RoleAssignment.objects.filter(user=user, role=role, provider=provider).exists()
                if not exists:
                    services.role_assign(actor=ctx.actor, user=user, role=role, provider=provider)
            else:
                unit = ctx.units[where]
                if not RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
                    services.role_assign(actor=ctx.actor, user=user, role=role, unit=unit, include_subunits=include_subunits)
        if username == "kvalitet":
            ctx.actor = user
    _grant_the_auditor(ctx)
    ctx.logins.extend(LOGINS)


def _grant_the_auditor(ctx) -> None:
    """The demo granskare reads the Myndighetsavdelningen's cases for one named audit, as a real audit would."""
    auditor, unit = ctx.people["granskare"], ctx.units["myndighet"]
    if AuditGrant.objects.active().filter(auditor=auditor, unit=unit).exists():
        return
    # Ending 90 days after today, or after the demo's own day when it is set later, so the grant is in force now.
    today = ctx.today
    services.audit_grant_create(
        actor=ctx.actor,
        auditor=auditor,
        unit=unit,
        purpose="Granskning av avvikelse- och klagomålshanteringen",
        valid_from=today,
        valid_until=max(today, timezone.localdate()) + datetime.timedelta(days=90),
    )


def holders(ctx, role: str, unit_code: str | None = None) -> list[User]:
    """The demo people holding ``role`` (on ``unit_code`` if given), in username order."""
    qs = RoleAssignment.objects.filter(role=role, user__username__in=list(ctx.people))
    if unit_code:
        qs = qs.filter(unit=ctx.units[unit_code])
    return [a.user for a in qs.select_related("user").order_by("user__username")]
