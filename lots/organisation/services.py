"""Writes to the organisation: each one atomic and audit-logged."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.lib.identifiers import normalise_organisation_number
from lots.organisation.models import Municipality, Provider, Unit, path_segment


@transaction.atomic
def municipality_create(
    *,
    actor,
    name: str,
    slug: str,
    code: str = "",
    board_name: str = "",
    local_passwords_allowed: bool = True,
    second_factor_for_all: bool = False,
) -> Municipality:
    """A new municipality with its sign-in settings and, when ``board_name`` is given, the top of its tree (the board,
    *nämnden*), under which its quality coordinator builds the rest. Names and short names are unique."""
    errors = {}
    if Municipality.objects.filter(name__iexact=name.strip()).exists():
        errors["name"] = _("Det finns redan en kommun med det namnet.")
    if Municipality.objects.filter(slug=slug).exists():
        errors["slug"] = _("Kortnamnet används redan av en annan kommun.")
    if errors:
        raise ValidationError(errors)
    municipality = Municipality.objects.create(
        name=name.strip(),
        slug=slug,
        code=code,
        local_passwords_allowed=local_passwords_allowed,
        second_factor_for_all=second_factor_for_all,
    )
    audit.record_created(
        actor=actor,
        obj=municipality,
        fields=["name", "slug", "code", "local_passwords_allowed", "second_factor_for_all"],
    )
    if board_name.strip():
        unit_create(actor=actor, municipality=municipality, name=board_name.strip(), kind=Unit.Kind.NAMND, code="namnd")
    return municipality


def _check_code_free(municipality: Municipality, code: str, exclude_pk=None) -> None:
    taken = Unit.objects.filter(municipality=municipality, code=code).exclude(pk=exclude_pk).exists()
    if taken:
        raise ValidationError({"code": _("Koden används redan av en annan enhet i kommunen.")})


@transaction.atomic
def unit_create(
    *,
    actor,
    municipality: Municipality,
    name: str,
    kind: str,
    code: str,
    parent: Unit | None = None,
    public_name: str = "",
    serves: list[Municipality] | None = None,
) -> Unit:
    if parent is not None:
        if parent.municipality_id != municipality.pk:
            raise ValidationError({"parent": _("Den överordnade enheten hör till en annan kommun.")})
        if not parent.is_open:
            raise ValidationError({"parent": _("Den överordnade enheten är stängd.")})
    unit = Unit(municipality=municipality, parent=parent, name=name, kind=kind, code=code, public_name=public_name)
    unit.clean_kind_below(parent)
    _check_code_free(municipality, code)
    unit.save()
    unit.path = (parent.path if parent else "") + path_segment(unit.pk)
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    if serves:
        unit.serves.set(serves)
    audit.record_created(actor=actor, obj=unit, fields=["name", "kind", "code", "parent", "public_name"])
    return unit


@transaction.atomic
def unit_update(
    *,
    actor,
    unit: Unit,
    expected_version: int | None,
    name: str,
    public_name: str,
    code: str,
    kind: str,
    serves: list[Municipality] | None = None,
) -> dict:
    """Rename or retype a unit; raises ConcurrentEditError if it changed since ``expected_version``."""
    probe = Unit(kind=kind)
    probe.clean_kind_below(unit.parent)
    for child in unit.children.all():
        _check_child_kind(child, probe)
    _check_code_free(unit.municipality, code, exclude_pk=unit.pk)
    changes = update_versioned(
        unit,
        actor=actor,
        data={"name": name, "public_name": public_name, "code": code, "kind": kind},
        expected_version=expected_version,
    )
    if serves is not None:
        before = sorted(m.pk for m in unit.serves.all())
        after = sorted(m.pk for m in serves)
        if before != after:
            unit.serves.set(serves)
            audit.record(actor=actor, action="update", obj=unit, changes={"serves": (before, after)})
            changes["serves"] = (before, after)
    return changes


def _check_child_kind(child: Unit, parent_probe: Unit) -> None:
    if Unit.KIND_ORDER.index(child.kind) < Unit.KIND_ORDER.index(parent_probe.kind):
        raise ValidationError({"kind": _("Enheten har underenheter av en högre typ; ändra dem först.")})


@transaction.atomic
def unit_move(*, actor, unit: Unit, new_parent: Unit, expected_version: int | None = None) -> Unit:
    """Move a unit (and its whole subtree) below ``new_parent``. A unit can never become its own ancestor."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if expected_version is not None and unit.version != expected_version:
        raise ConcurrentEditError
    if new_parent.is_within(unit):
        raise ValidationError({"parent": _("En enhet kan inte flyttas in under sig själv eller sina egna underenheter.")})
    if new_parent.municipality_id != unit.municipality_id:
        raise ValidationError({"parent": _("En enhet kan bara flyttas inom sin egen kommun.")})
    if not new_parent.is_open:
        raise ValidationError({"parent": _("Det går inte att flytta en enhet till en stängd enhet.")})
    unit.clean_kind_below(new_parent)
    if unit.parent_id == new_parent.pk:
        return unit
    old_parent = unit.parent
    old_path, new_path = unit.path, new_parent.path + path_segment(unit.pk)
    depth_shift = new_parent.depth + 1 - unit.depth
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + depth_shift,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent, version=F("version") + 1)
    unit.refresh_from_db()
    audit.record(actor=actor, action="update", obj=unit, changes={"parent": (old_parent, new_parent)}, note="Flyttad")
    from lots.risks.services.triggers import risk_analysis_prompt  # risks builds on the organisation, not the reverse

    risk_analysis_prompt(
        actor=actor,
        unit=unit,
        trigger="reorganisation",
        note=f"{unit.name} har flyttats från {old_parent} till {new_parent}.",
    )
    return unit


@transaction.atomic
def unit_close(*, actor, unit: Unit, closed_at: datetime.date) -> Unit:
    """Close a unit from a date. Records keep pointing at it; nothing is deleted."""
    if unit.closed_at is not None:
        raise ValidationError({"closed_at": _("Enheten är redan stängd.")})
    open_children = unit.children.filter(closed_at__isnull=True)
    if open_children.exists():
        names = ", ".join(c.name for c in open_children[:5])
        raise ValidationError({"closed_at": _("Stäng eller flytta först underenheterna: %(names)s.") % {"names": names}})
    update_versioned(unit, actor=actor, data={"closed_at": closed_at}, expected_version=None, note="Stängd")
    return unit


@transaction.atomic
def unit_reopen(*, actor, unit: Unit) -> Unit:
    if unit.parent is not None and not unit.parent.is_open:
        raise ValidationError({"closed_at": _("Den överordnade enheten är stängd; öppna den först.")})
    update_versioned(unit, actor=actor, data={"closed_at": None}, expected_version=None, note="Öppnad igen")
    return unit


@transaction.atomic
def provider_create(
    *,
    actor,
    municipality: Municipality,
    name: str,
    organisation_number: str,
    kind: str = Provider.Kind.COMPANY,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Provider:
    try:
        number = normalise_organisation_number(organisation_number)
    except ValidationError as error:
        raise ValidationError({"organisation_number": error.messages}) from None
    if Provider.objects.filter(municipality=municipality, organisation_number=number).exists():
        raise ValidationError({"organisation_number": _("Det finns redan en utförare med det organisationsnumret.")})
    provider = Provider.objects.create(
        municipality=municipality,
        name=name,
        organisation_number=number,
        kind=kind,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    audit.record_created(
        actor=actor, obj=provider, fields=["name", "organisation_number", "kind", "contact_name", "contact_email"]
    )
    return provider


@transaction.atomic
def provider_update(*, actor, provider: Provider, expected_version: int | None, **data) -> dict:
    if "organisation_number" in data:
        try:
            data["organisation_number"] = normalise_organisation_number(data["organisation_number"])
        except ValidationError as error:
            raise ValidationError({"organisation_number": error.messages}) from None
        duplicate = Provider.objects.filter(
            municipality=provider.municipality, organisation_number=data["organisation_number"]
        ).exclude(pk=provider.pk)
        if duplicate.exists():
            raise ValidationError({"organisation_number": _("Det finns redan en utförare med det organisationsnumret.")})
    return update_versioned(provider, actor=actor, data=data, expected_version=expected_version)
