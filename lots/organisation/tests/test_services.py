import datetime

import pytest
from django.core.exceptions import ValidationError

from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.organisation import services
from lots.organisation.models import Provider, Unit


def test_creating_a_unit_sets_its_path_below_the_parent_and_audits_it(world):
    actor = world.persona("kvalitetssamordnare")
    unit = services.unit_create(
        actor=actor, municipality=world.m1, parent=world.sub, name="Gruppen", kind=Unit.Kind.SEKTION, code="gruppen"
    )
    assert unit.path == world.sub.path + f"{unit.pk:06d}."
    assert unit.depth == world.sub.depth + 1
    entry = AuditEntry.objects.get(object_id=str(unit.pk), action="create")
    assert entry.actor == actor
    assert entry.changes["name"] == [None, {"chars": 7}]  # the log keeps the text's length, not the text
    assert entry.unit_id == unit.pk


def test_a_unit_cannot_be_of_a_higher_kind_than_its_parent(world):
    with pytest.raises(ValidationError) as excinfo:
        services.unit_create(actor=None, municipality=world.m1, parent=world.sub, name="X", kind=Unit.Kind.AVDELNING, code="x")
    assert "kan inte ligga under" in str(excinfo.value)


def test_unit_codes_are_unique_within_a_municipality(world):
    with pytest.raises(ValidationError) as excinfo:
        services.unit_create(
            actor=None, municipality=world.m1, parent=world.own, name="Dubblett", kind=Unit.Kind.ENHET, code="sub"
        )
    assert "Koden används redan" in str(excinfo.value)


def test_moving_a_unit_moves_its_whole_subtree(world):
    grandchild = services.unit_create(
        actor=None, municipality=world.m1, parent=world.sub, name="Barnbarn", kind=Unit.Kind.SEKTION, code="bb"
    )
    services.unit_move(actor=world.persona("kvalitetssamordnare"), unit=world.sub, new_parent=world.other)
    world.sub.refresh_from_db()
    grandchild.refresh_from_db()
    assert world.sub.parent == world.other
    assert world.sub.path.startswith(world.other.path)
    assert grandchild.path == world.sub.path + f"{grandchild.pk:06d}."
    assert grandchild.depth == world.sub.depth + 1
    assert set(Unit.objects.subtree(world.other)) == {world.other, world.sub, grandchild}
    entry = AuditEntry.objects.filter(object_id=str(world.sub.pk), action="update").latest("id")
    assert entry.changes["parent"][0]["text"] == "Egna avdelningen"
    assert entry.changes["parent"][1]["text"] == "Andra avdelningen"


@pytest.mark.parametrize("target", ["own", "sub"])
def test_a_unit_cannot_become_its_own_ancestor(world, target):
    with pytest.raises(ValidationError) as excinfo:
        services.unit_move(actor=None, unit=world.own, new_parent=world.unit(target))
    assert "under sig själv" in str(excinfo.value)
    world.own.refresh_from_db()
    assert world.own.parent == world.forvaltning


def test_a_unit_cannot_move_to_another_municipality(world):
    with pytest.raises(ValidationError):
        services.unit_move(actor=None, unit=world.sub, new_parent=world.foreign)


def test_closing_keeps_the_unit_and_refuses_while_children_are_open(world):
    with pytest.raises(ValidationError) as excinfo:
        services.unit_close(actor=None, unit=world.own, closed_at=datetime.date(2026, 12, 31))
    assert "Underenheten" in str(excinfo.value)
    services.unit_close(actor=None, unit=world.sub, closed_at=datetime.date(2026, 12, 31))
    world.sub.refresh_from_db()
    assert world.sub.closed_at == datetime.date(2026, 12, 31)
    assert Unit.objects.filter(pk=world.sub.pk).exists()
    assert world.sub not in Unit.objects.open()


def test_a_closed_unit_can_be_reopened_unless_its_parent_is_closed(world):
    services.unit_close(actor=None, unit=world.sub, closed_at=datetime.date(2026, 1, 1))
    services.unit_close(actor=None, unit=world.own, closed_at=datetime.date(2026, 1, 1))
    world.sub.refresh_from_db()
    with pytest.raises(ValidationError):
        services.unit_reopen(actor=None, unit=world.sub)
    services.unit_reopen(actor=None, unit=world.own)
    world.own.refresh_from_db()
    assert world.own.is_open


def test_renaming_records_each_changed_field_from_and_to(world):
    actor = world.persona("kvalitetssamordnare")
    changes = services.unit_update(
        actor=actor,
        unit=world.own,
        expected_version=world.own.version,
        name="Nya namnet",
        public_name="Publikt",
        code=world.own.code,
        kind=world.own.kind,
    )
    assert set(changes) == {"name", "public_name"}
    entry = AuditEntry.objects.filter(object_id=str(world.own.pk), action="update").latest("id")
    assert entry.changes == {"name": [{"chars": 16}, {"chars": 10}], "public_name": [None, {"chars": 7}]}


def test_a_stale_version_is_refused_instead_of_overwriting(world):
    stale = Unit.objects.get(pk=world.own.pk)
    services.unit_update(
        actor=None,
        unit=world.own,
        expected_version=world.own.version,
        name="Först",
        public_name="",
        code="own",
        kind=world.own.kind,
    )
    with pytest.raises(ConcurrentEditError):
        services.unit_update(
            actor=None, unit=stale, expected_version=stale.version, name="Sedan", public_name="", code="own", kind=stale.kind
        )
    world.own.refresh_from_db()
    assert world.own.name == "Först"


def test_a_unit_may_serve_several_municipalities(world):
    services.unit_update(
        actor=None,
        unit=world.sub,
        expected_version=world.sub.version,
        name=world.sub.name,
        public_name="",
        code="sub",
        kind=world.sub.kind,
        serves=[world.m2],
    )
    assert world.sub in Unit.objects.serving(world.m2)
    assert world.sub in Unit.objects.serving(world.m1)
    assert world.other not in Unit.objects.serving(world.m2)


def test_providers_get_a_validated_organisation_number(world):
    provider = services.provider_create(actor=None, municipality=world.m1, name="Nytt AB", organisation_number="2120000142")
    assert provider.organisation_number == "212000-0142"
    with pytest.raises(ValidationError) as excinfo:
        services.provider_create(actor=None, municipality=world.m1, name="Fel AB", organisation_number="556016-0681")
    assert "inte giltigt" in str(excinfo.value)
    with pytest.raises(ValidationError) as excinfo:
        services.provider_create(actor=None, municipality=world.m1, name="Dubblett AB", organisation_number="2120000142")
    assert "redan" in str(excinfo.value)
    assert Provider.objects.filter(name__in=["Fel AB", "Dubblett AB"]).count() == 0
