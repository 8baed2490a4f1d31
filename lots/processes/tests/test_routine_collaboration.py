"""Routines document their collaboration (*samverkan*) like processes do (Katrineholm §1.1): with whom, or why none is
needed, before a version is established and for as long as the routine is in force."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.audit.models import AuditEntry
from lots.processes import services
from lots.processes.models import Routine, RoutineCollaboration, RoutineVersion
from lots.processes.tasks import tasks_for
from lots.processes.tests.helpers import make_routine
from lots.testing.spreadsheets import xlsx_rows

MISSING = "Beskriv rutinens samverkan, eller skriv varför ingen samverkan behövs."


def undocumented(world, **kwargs):
    return make_routine(world, world.own, establish=False, no_collaboration_reason="", **kwargs)


def add_partner(routine, partner="Polisen"):
    return services.routine_collaboration_create(
        actor=None, routine=routine, partner=partner, kind="external", purpose="Skydd", agreement="Överenskommelse"
    )


def test_a_routine_without_collaboration_or_a_reason_is_not_established(world):
    routine = undocumented(world)
    draft = routine.versions.get()
    with pytest.raises(ValidationError) as raised:
        services.routine_establish(actor=world.persona(Role.ENHETSCHEF), draft=draft)
    assert raised.value.messages == [MISSING]
    draft.refresh_from_db()
    assert draft.status == RoutineVersion.Status.DRAFT


def test_a_routine_listing_its_collaboration_is_established(world):
    routine = undocumented(world)
    add_partner(routine)
    services.routine_establish(actor=world.persona(Role.ENHETSCHEF), draft=routine.versions.get())
    routine.refresh_from_db()
    assert routine.current_version is not None


def test_a_routine_stating_why_it_needs_no_collaboration_is_established(world):
    routine = make_routine(world, world.own, no_collaboration_reason="  Bara inom enheten. ")
    assert routine.current_version is not None
    assert routine.no_collaboration_reason == "Bara inom enheten."


def test_a_routine_in_force_keeps_its_only_collaboration(world):
    routine = undocumented(world)
    partner = add_partner(routine)
    services.routine_establish(actor=world.persona(Role.ENHETSCHEF), draft=routine.versions.get())
    with pytest.raises(ValidationError):
        services.routine_collaboration_delete(actor=None, collaboration=partner)
    assert RoutineCollaboration.objects.filter(pk=partner.pk).exists()
    other = add_partner(routine, partner="Skolan")
    services.routine_collaboration_delete(actor=None, collaboration=partner)
    assert list(routine.collaborations.all()) == [other]


def test_a_routine_in_force_keeps_its_reason_unless_it_lists_collaboration(world):
    routine = make_routine(world, world.own)
    with pytest.raises(ValidationError) as raised:
        services.routine_update(actor=None, routine=routine, expected_version=routine.version, no_collaboration_reason=" ")
    assert list(raised.value.error_dict) == ["no_collaboration_reason"]
    add_partner(routine)
    routine.refresh_from_db()
    services.routine_update(actor=None, routine=routine, expected_version=routine.version, no_collaboration_reason="")
    routine.refresh_from_db()
    assert routine.no_collaboration_reason == ""


def test_a_draft_routine_may_drop_its_collaboration(world):
    routine = undocumented(world)
    services.routine_collaboration_delete(actor=None, collaboration=add_partner(routine))
    assert not routine.collaborations.exists()


def test_collaboration_is_written_through_the_audit_log(world):
    routine = undocumented(world)
    actor = world.persona(Role.KVALITETSSAMORDNARE)
    partner = services.routine_collaboration_create(actor=actor, routine=routine, partner="Polisen", kind="external")
    pk = partner.pk
    services.routine_collaboration_update(actor=actor, collaboration=partner, purpose="Skydd")
    services.routine_collaboration_delete(actor=actor, collaboration=partner)
    rows = AuditEntry.objects.filter(content_type__model="routinecollaboration", object_id=str(pk), actor=actor)
    assert sorted(rows.values_list("action", flat=True)) == ["create", "delete", "update"]
    assert "purpose" in rows.get(action="update").changes


def test_the_establish_page_lists_the_missing_collaboration_and_refuses_with_422(world, client_for):
    routine = undocumented(world)
    client = client_for(world.persona(Role.ENHETSCHEF))
    url = reverse("processes:routine_establish", args=[routine.pk])
    assert MISSING in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 422
    assert MISSING in response.content.decode()


def test_collaboration_is_added_changed_and_removed_on_the_routine_page(world, client_for):
    routine = undocumented(world)
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    page = reverse("processes:routine", args=[routine.pk])
    create = reverse("processes:routine_collaboration_create", args=[routine.pk])
    assert create in client.get(page).content.decode()
    refused = client.post(create, {"partner": "", "kind": "external", "purpose": "Skydd"})
    assert refused.status_code == 422
    assert refused.context["form"]["purpose"].value() == "Skydd"
    assert client.post(create, {"partner": "Polisen", "kind": "external", "purpose": "Skydd"}).status_code == 302
    partner = routine.collaborations.get()
    edit = reverse("processes:routine_collaboration_edit", args=[partner.pk])
    assert client.post(edit, {"partner": "Polisen", "kind": "internal", "purpose": "Skydd"}).status_code == 302
    shown = client.get(page).content.decode()
    assert "Polisen" in shown and "Intern" in shown and "Skydd" in shown
    client.post(reverse("processes:routine_collaboration_delete", args=[partner.pk]))
    assert not routine.collaborations.exists()


def test_the_routine_page_says_why_no_collaboration_is_needed(world, client_for):
    routine = make_routine(world, world.own, no_collaboration_reason="Bara inom enheten.")
    page = client_for(world.persona(Role.MEDARBETARE)).get(reverse("processes:routine", args=[routine.pk])).content.decode()
    assert "Ingen samverkan behövs: Bara inom enheten." in page
    assert reverse("processes:routine_collaboration_create", args=[routine.pk]) not in page


def test_removing_the_only_collaboration_of_a_routine_in_force_is_refused_with_a_message(world, client_for):
    routine = undocumented(world)
    partner = add_partner(routine)
    services.routine_establish(actor=world.persona(Role.ENHETSCHEF), draft=routine.versions.get())
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    response = client.post(reverse("processes:routine_collaboration_delete", args=[partner.pk]), follow=True)
    assert "enda samverkan" in response.content.decode()
    assert routine.collaborations.exists()


@pytest.mark.parametrize("who, status", [(Role.MEDARBETARE, 403), (Role.GRANSKARE, 403)])
def test_only_those_who_change_the_routine_change_its_collaboration(world, client_for, who, status):
    routine = undocumented(world)
    partner = add_partner(routine)
    client = client_for(world.persona(who))
    assert client.get(reverse("processes:routine_collaboration_create", args=[routine.pk])).status_code == status
    assert client.get(reverse("processes:routine_collaboration_edit", args=[partner.pk])).status_code == status
    assert client.post(reverse("processes:routine_collaboration_delete", args=[partner.pk])).status_code == status
    assert routine.collaborations.exists()


def test_the_collaboration_of_a_routine_elsewhere_is_not_found(world, client_for):
    routine = make_routine(world, world.foreign)
    partner = add_partner(routine)
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    assert client.get(reverse("processes:routine_collaboration_edit", args=[partner.pk])).status_code == 404
    assert client.post(reverse("processes:routine_collaboration_delete", args=[partner.pk])).status_code == 404


def test_the_routine_form_takes_the_reason(world, client_for):
    routine = undocumented(world)
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    url = reverse("processes:routine_edit", args=[routine.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ([v.pk if hasattr(v, "pk") else v for v in v] if isinstance(v, list) else v) for k, v in data.items()}
    data = {k: v for k, v in data.items() if v is not None}
    data["no_collaboration_reason"] = "Bara inom enheten."
    assert client.post(url, data).status_code == 302
    routine.refresh_from_db()
    assert routine.no_collaboration_reason == "Bara inom enheten."


def test_the_export_and_the_api_show_the_collaboration(world, client_for, client):
    documented = undocumented(world, title="Med samverkan")
    add_partner(documented)
    make_routine(world, world.own, title="Utan samverkan", no_collaboration_reason="Bara inom enheten.")
    user = world.persona(Role.KVALITETSSAMORDNARE)
    table = xlsx_rows(client_for(user).get(reverse("processes:routine_export", args=["xlsx"])))
    column = table[0].index("Samverkan")
    assert {r[0]: r[column] for r in table[1:]} == {
        "Med samverkan": "Polisen (extern)",
        "Utan samverkan": "Ingen samverkan behövs: Bara inom enheten.",
    }
    _token, key = api_token_create(actor=user, name="test")
    body = client.get(f"/api/v1/routines/{documented.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert body["collaborations"] == [
        {
            "partner": "Polisen",
            "kind": "external",
            "purpose": "Skydd",
            "agreement": "Överenskommelse",
            "linked_agreement_id": None,
        }
    ]
    assert body["no_collaboration_reason"] == ""


def test_the_owner_of_a_routine_in_force_without_documented_collaboration_is_asked_to_document_it(world):
    routine = make_routine(world, world.own)
    # A routine established before the rule: in force, with neither collaboration nor a reason.
    Routine.objects.filter(pk=routine.pk).update(no_collaboration_reason="")
    owner, today = world.persona(Role.ENHETSCHEF), datetime.date(2026, 12, 7)
    wanted = f"Beskriv samverkan i rutinen {routine.title}"
    assert [t.title for t in tasks_for(owner, today) if t.title == wanted] == [wanted]
    assert wanted not in [t.title for t in tasks_for(world.persona(Role.MEDARBETARE), today)]
    add_partner(routine)
    assert wanted not in [t.title for t in tasks_for(owner, today)]
