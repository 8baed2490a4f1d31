import pytest
from django.core.exceptions import ValidationError

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.processes import services
from lots.processes.models import Process
from lots.processes.tests.helpers import make_process


def audit_rows(obj, action=None):
    rows = AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
    return rows.filter(action=action) if action else rows


def test_creating_a_process_is_audited_under_its_unit(world):
    process = make_process(world, world.own, steps=())
    row = audit_rows(process, "create").get()
    assert row.unit_id == world.own.pk
    assert row.changes["name"] == [None, {"chars": 24}]  # the log keeps the text's length, not the text
    assert process.status == Process.Status.DRAFT


def test_units_must_belong_to_the_process_municipality(world):
    with pytest.raises(ValidationError) as error:
        services.process_create(actor=None, municipality=world.m1, name="X", units=[world.foreign])
    assert "samma kommun" in error.value.message_dict["units"][0]
    with pytest.raises(ValidationError):
        services.process_create(actor=None, municipality=world.m1, name="X", units=[])


def test_activities_are_kept_in_order_and_can_be_moved(world):
    process = make_process(world, world.own, steps=("Ett", "Två", "Tre"))
    first, second, third = process.activities.order_by("position")
    assert services.activity_move(actor=None, activity=third, up=True) is True
    assert [a.name for a in process.activities.order_by("position")] == ["Ett", "Tre", "Två"]
    assert services.activity_move(actor=None, activity=first, up=True) is False
    services.activity_delete(actor=None, activity=first)
    assert [(a.position, a.name) for a in process.activities.order_by("position")] == [(1, "Tre"), (2, "Två")]
    assert audit_rows(third, "update").get().changes["position"] == [3, 2]


def test_establishing_keeps_a_frozen_copy_and_sets_the_review_a_year_on(world, settings):
    process = make_process(world, world.own)
    actor = world.persona(Role.AVDELNINGSCHEF)
    version = services.process_establish(actor=actor, process=process)
    process.refresh_from_db()
    assert process.status == Process.Status.ESTABLISHED
    assert process.established_by == actor
    assert (process.review_date - version.established_at.date()).days in (365, 366)
    assert [a["name"] for a in version.snapshot["activities"]] == ["Aktualisering", "Förhandsbedömning"]
    row = audit_rows(process, "transition").get()
    assert row.changes["status"] == ["draft", "established"]
    assert row.actor == actor


def test_a_process_without_steps_cannot_be_established(world):
    process = make_process(world, world.own, steps=())
    with pytest.raises(ValidationError):
        services.process_establish(actor=world.persona(Role.AVDELNINGSCHEF), process=process)


def test_changing_an_established_process_makes_it_a_draft_but_keeps_the_version(world):
    process = make_process(world, world.own)
    version = services.process_establish(actor=world.persona(Role.AVDELNINGSCHEF), process=process)
    process.refresh_from_db()
    services.process_update(actor=None, process=process, expected_version=process.version, purpose="Nytt syfte")
    process.refresh_from_db()
    assert process.status == Process.Status.DRAFT
    version.refresh_from_db()
    assert version.snapshot["purpose"] == ""
    assert audit_rows(process, "transition").filter(note__startswith="Ändrad efter fastställande").exists()


def test_changing_only_the_owner_or_review_date_keeps_it_established(world):
    process = make_process(world, world.own)
    services.process_establish(actor=world.persona(Role.AVDELNINGSCHEF), process=process)
    process.refresh_from_db()
    services.process_update(actor=None, process=process, expected_version=process.version, owner=world.persona(Role.ENHETSCHEF))
    process.refresh_from_db()
    assert process.status == Process.Status.ESTABLISHED


def test_a_stale_edit_is_refused(world):
    process = make_process(world, world.own)
    stale = process.version
    services.process_update(actor=None, process=process, expected_version=stale, name="Första")
    with pytest.raises(ConcurrentEditError):
        services.process_update(actor=None, process=Process.objects.get(pk=process.pk), expected_version=stale, name="Andra")
    assert Process.objects.get(pk=process.pk).name == "Första"


def test_a_process_cannot_become_its_own_subprocess(world):
    parent = make_process(world, world.own, name="Huvud")
    child = services.process_create(actor=None, municipality=world.m1, name="Del", units=[world.own], parent=parent)
    with pytest.raises(ValidationError) as error:
        services.process_update(actor=None, process=parent, expected_version=parent.version, parent=child)
    assert "under sig själv" in error.value.message_dict["parent"][0]


def test_collaboration_must_name_a_step_of_the_same_process(world):
    process = make_process(world, world.own)
    other = make_process(world, world.own, name="Annan")
    with pytest.raises(ValidationError):
        services.collaboration_create(
            actor=None, process=process, partner="Polisen", kind="external", activity=other.activities.first()
        )
    item = services.collaboration_create(
        actor=None, process=process, partner="Polisen", kind="external", activity=process.activities.first()
    )
    assert audit_rows(item, "create").get().changes["partner"] == [None, {"chars": 7}]


def test_a_process_without_an_owner_cannot_be_established(world):
    process = make_process(world, world.own)
    services.process_update(actor=None, process=process, expected_version=process.version, owner=None)
    with pytest.raises(ValidationError) as excinfo:
        services.process_establish(actor=world.persona(Role.AVDELNINGSCHEF), process=process)
    assert "Ange en processägare" in str(excinfo.value)
    process.refresh_from_db()
    assert process.status == Process.Status.DRAFT


def test_an_established_process_keeps_a_named_owner(world):
    process = make_process(world, world.own)
    services.process_establish(actor=world.persona(Role.AVDELNINGSCHEF), process=process)
    process.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.process_update(actor=None, process=process, expected_version=process.version, owner=None)
    assert "owner" in excinfo.value.message_dict
    process.refresh_from_db()
    assert process.owner == world.persona(Role.ENHETSCHEF)


def test_the_database_refuses_an_established_process_without_an_owner(world):
    from django.db import IntegrityError, transaction

    process = make_process(world, world.own)
    with pytest.raises(IntegrityError), transaction.atomic():
        Process.objects.filter(pk=process.pk).update(status=Process.Status.ESTABLISHED, owner=None)


def test_a_process_documents_its_collaboration_or_says_why_none_is_needed_before_it_is_established(world):
    process = make_process(world, world.own)
    services.process_update(actor=None, process=process, expected_version=process.version, no_collaboration_reason="  ")
    with pytest.raises(ValidationError) as excinfo:
        services.process_establish(actor=world.persona(Role.AVDELNINGSCHEF), process=process)
    assert "samverkan" in str(excinfo.value)
    services.collaboration_create(
        actor=None, process=process, partner="Skolan", kind="external", purpose="Orosanmälningar", agreement=""
    )
    services.process_establish(actor=world.persona(Role.AVDELNINGSCHEF), process=process)
    process.refresh_from_db()
    assert process.is_established
