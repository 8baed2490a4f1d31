"""The three yearly plans (self-inspection, internal control, follow-up) share their model base, services and pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.risks.models import FollowUpPlan, InspectionPlan, InternalControlPlan
from lots.risks.services import control as control_services
from lots.risks.services import followup as followup_services
from lots.risks.services import inspection as inspection_services

YEAR = datetime.date.today().year


def create_inspection(world, actor, unit, **extra):
    return inspection_services.inspection_plan_create(actor=actor, unit=unit, year=YEAR, note=" Vår plan ", **extra)


def create_internal_control(world, actor, unit, **extra):
    return control_services.internal_control_plan_create(actor=actor, unit=unit, year=YEAR, note=" Vår plan ", **extra)


def create_followup(world, actor, unit, **extra):
    return followup_services.followup_plan_create(actor=actor, unit=unit, year=YEAR, owner=actor, note=" Vår plan ", **extra)


KINDS = {
    "inspection": (create_inspection, "Egenkontrollplan", "egenkontrollplan", "risks:inspection_plan_edit", {}),
    "internal_control": (
        create_internal_control,
        "Internkontrollplan",
        "internkontrollplan",
        "risks:internal_control_edit",
        {"adopted_on": ""},
    ),
    "followup": (create_followup, "Uppföljningsplan", "uppföljningsplan", "risks:followup_edit", {}),
}


@pytest.fixture(params=list(KINDS))
def kind(request):
    return KINDS[request.param]


def test_a_plan_is_named_by_its_type_year_and_unit(world, kind):
    create, title, _name, _edit, _extra = kind
    plan = create(world, world.persona("kvalitetssamordnare"), world.own)
    assert str(plan) == f"{title} {YEAR}, {world.own}"


def test_a_new_plan_keeps_a_trimmed_note_and_is_audited(world, kind):
    create, _title, _name, _edit, _extra = kind
    plan = create(world, world.persona("kvalitetssamordnare"), world.own)
    assert plan.note == "Vår plan" and plan.created_by == world.persona("kvalitetssamordnare")
    entry = AuditEntry.objects.filter(object_id=str(plan.pk), action="create").get()
    assert {"unit", "year", "note"} <= set(entry.changes)


def test_a_unit_has_one_plan_of_each_type_a_year(world, kind):
    create, _title, name, _edit, _extra = kind
    create(world, world.persona("kvalitetssamordnare"), world.own)
    with pytest.raises(ValidationError) as excinfo:
        create(world, world.persona("kvalitetssamordnare"), world.own)
    assert excinfo.value.message_dict["year"] == [f"{world.own} har redan en {name} för {YEAR}."]


def test_the_three_plan_types_do_not_count_each_others_plans(world):
    actor = world.persona("kvalitetssamordnare")
    for create, *_rest in KINDS.values():
        create(world, actor, world.own)
    assert InspectionPlan.objects.count() == InternalControlPlan.objects.count() == FollowUpPlan.objects.count() == 1


def test_a_plan_changed_meanwhile_is_not_overwritten_and_the_typed_note_is_kept(world, client_for, kind):
    create, _title, _name, edit, extra = kind
    actor = world.persona("kvalitetssamordnare")
    plan = create(world, actor, world.own)
    type(plan).objects.filter(pk=plan.pk).update(note="Någon annans", version=plan.version + 1)
    data = {"note": "Min kommentar", "version": plan.version, **extra}
    if isinstance(plan, FollowUpPlan):
        data["owner"] = actor.pk
    response = client_for(actor).post(reverse(edit, args=[plan.pk]), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Någon annan har sparat ändringar" in html and "Min kommentar" in html
    assert type(plan).objects.get(pk=plan.pk).note == "Någon annans"


def test_a_plan_is_changed_from_its_page(world, client_for, kind):
    create, _title, _name, edit, extra = kind
    actor = world.persona("kvalitetssamordnare")
    plan = create(world, actor, world.own)
    data = {"note": "Ny kommentar", "version": plan.version, **extra}
    if isinstance(plan, FollowUpPlan):
        data["owner"] = actor.pk
    response = client_for(actor).post(reverse(edit, args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.note == "Ny kommentar"


@pytest.mark.parametrize(
    ("create_url", "unit_label"),
    [
        ("risks:inspection_plan_create", "Enhet"),
        ("risks:internal_control_create", "Nämnd eller förvaltning"),
        ("risks:followup_create", "Verksamhet"),
    ],
)
def test_the_new_plan_page_names_the_unit_as_the_plan_type_does(world, client_for, create_url, unit_label):
    response = client_for(world.persona("kvalitetssamordnare")).get(reverse(create_url))
    assert response.status_code == 200
    assert f'<label for="id_unit">{unit_label}' in response.content.decode()
