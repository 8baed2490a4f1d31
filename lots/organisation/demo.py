"""The demo organisation: Exempelkommun's tree from the domain primer, and Grannby sharing one unit."""

from lots.organisation import services
from lots.organisation.models import Municipality, Provider, Unit

K = Unit.Kind

# (code, name, kind, parent code, public name)
EXEMPEL_TREE = [
    ("socialnamnd", "Socialnämnden", K.NAMND, None, ""),
    ("socialforvaltning", "Socialförvaltningen", K.FORVALTNING, "socialnamnd", ""),
    ("staben", "Staben", K.AVDELNING, "socialforvaltning", ""),
    ("myndighet", "Myndighetsavdelningen", K.AVDELNING, "socialforvaltning", ""),
    ("bistand-buv", "Enheten bistånd barn, unga och vuxna", K.ENHET, "myndighet", "Socialtjänstens mottagning och utredning"),
    ("mottagning", "Mottagningsgruppen", K.SEKTION, "bistand-buv", "Mottagningen för barn, unga och vuxna"),
    ("utredning-barn", "Utredning barn och unga", K.SEKTION, "bistand-buv", ""),
    ("utredning-vuxna", "Utredning vuxna", K.SEKTION, "bistand-buv", ""),
    ("bistand-buf", "Enheten bistånd barn, unga och familj", K.ENHET, "myndighet", ""),
    ("familjehem", "Familjehemsgruppen", K.SEKTION, "bistand-buf", "Familjehem"),
    ("ensamkommande", "Ensamkommande barn och unga", K.SEKTION, "bistand-buf", ""),
    ("familjeratt", "Familjerätten", K.SEKTION, "bistand-buf", "Familjerätt"),
    ("ekonomiskt-bistand", "Enheten ekonomiskt bistånd", K.ENHET, "myndighet", "Ekonomiskt bistånd"),
    ("sociala-boenden", "Enheten sociala boenden", K.ENHET, "myndighet", ""),
    ("sociala-kontrakt", "Sociala kontrakt", K.SEKTION, "sociala-boenden", ""),
    ("boendecoacher", "Boendecoacher", K.SEKTION, "sociala-boenden", ""),
    ("budget-skuld", "Budget- och skuldrådgivning", K.SEKTION, "sociala-boenden", "Budget- och skuldrådgivningen"),
    ("oppenvard", "Öppenvårdsavdelningen", K.AVDELNING, "socialforvaltning", ""),
    ("oppna-insatser", "Enheten öppna insatser", K.ENHET, "oppenvard", ""),
    ("barn-familj", "Barn och familj", K.SEKTION, "oppna-insatser", "Stöd till barn och familj"),
    ("ungdom", "Ungdomsteamet", K.SEKTION, "oppna-insatser", ""),
    ("ungdomsmottagning", "Ungdomsmottagningen", K.SEKTION, "oppna-insatser", ""),
    ("vald-nara", "Våld i nära relationer", K.SEKTION, "oppna-insatser", "Stöd vid våld i nära relationer"),
    ("missbruk", "Missbruksvården", K.SEKTION, "oppna-insatser", "Stöd vid missbruk och beroende"),
    ("kollektivet", "Kollektivet HVB", K.ENHET, "oppenvard", ""),
    ("klivet", "Klivet stödboende", K.SEKTION, "kollektivet", ""),
    ("vallmovillan", "Vallmovillan HVB", K.ENHET, "oppenvard", ""),
]

GRANNBY_TREE = [
    ("grannby-namnd", "Socialnämnden i Grannby", K.NAMND, None, ""),
    ("grannby-forvaltning", "Socialförvaltningen i Grannby", K.FORVALTNING, "grannby-namnd", ""),
    ("grannby-ifo", "Individ- och familjeomsorgen", K.AVDELNING, "grannby-forvaltning", ""),
    ("grannby-stod", "Enheten försörjning och stöd", K.ENHET, "grannby-ifo", "Försörjningsstöd och rådgivning"),
]

PROVIDERS = [
    # Fictional providers; numbers are Luhn-valid but made up.
    ("Trygga Steg Omsorg AB", "556677-8899", Provider.Kind.COMPANY, "Maja Ekström", "kontakt@tryggasteg.invalid"),
    ("Föreningen Stödkraft", "802468-1358", Provider.Kind.NONPROFIT, "Olle Sandberg", "info@stodkraft.invalid"),
]


def _municipality(name: str, slug: str, code: str) -> Municipality:
    existing = Municipality.objects.filter(slug=slug).first()
    return existing or services.municipality_create(actor=None, name=name, slug=slug, code=code)


def _tree(ctx, municipality: Municipality, rows) -> None:
    for code, name, kind, parent_code, public_name in rows:
        unit = Unit.objects.filter(municipality=municipality, code=code).first()
        if unit is None:
            unit = services.unit_create(
                actor=None,
                municipality=municipality,
                name=name,
                kind=kind,
                code=code,
                parent=ctx.units[parent_code] if parent_code else None,
                public_name=public_name,
            )
        ctx.units[code] = unit


def load(ctx) -> None:
    ctx.municipality = _municipality("Exempelkommun", "exempelkommun", "9901")
    ctx.second = _municipality("Grannby kommun", "grannby", "9902")
    _tree(ctx, ctx.municipality, EXEMPEL_TREE)
    _tree(ctx, ctx.second, GRANNBY_TREE)
    shared = ctx.units["budget-skuld"]
    if not shared.serves.filter(pk=ctx.second.pk).exists():
        services.unit_update(
            actor=None,
            unit=shared,
            expected_version=shared.version,
            name=shared.name,
            public_name=shared.public_name,
            code=shared.code,
            kind=shared.kind,
            serves=[ctx.second],
        )
    for name, number, kind, contact, email in PROVIDERS:
        normalised = number
        if not Provider.objects.filter(municipality=ctx.municipality, organisation_number=normalised).exists():
            services.provider_create(
                actor=None,
                municipality=ctx.municipality,
                name=name,
                organisation_number=number,
                kind=kind,
                contact_name=contact,
                contact_email=email,
            )
