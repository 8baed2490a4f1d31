"""The register's pages: registering and changing an intervention, offering it, the offer list, exports, and the
edit paths (422 with the messages at their fields, 409 on a concurrent edit, nothing typed lost)."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.interventions import services
from lots.interventions.models import Intervention
from lots.testing.spreadsheets import xlsx_rows

pytestmark = pytest.mark.django_db


def _data(**changes) -> dict:
    data = {
        "name": "Samtalsgrupp",
        "kind": "group",
        "description": "Sex träffar.",
        "target_group": "Unga 13–18 år",
    }
    return data | changes


def test_a_manager_registers_an_intervention_as_planned(world, manager, client_for):
    response = client_for(manager).post(reverse("interventions:create"), _data(unit=world.own.pk))
    intervention = Intervention.objects.get()
    assert response.status_code == 302 and response.url == reverse("interventions:detail", args=[intervention.pk])
    assert intervention.status == Intervention.Status.PLANNED and intervention.created_by == manager


def test_a_missing_name_is_shown_at_its_field_and_the_rest_is_kept(world, manager, client_for):
    response = client_for(manager).post(reverse("interventions:create"), _data(unit=world.own.pk, name=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert "id_name_errors" in page and "Sex träffar." in page


def test_a_contract_without_a_provider_is_refused_at_the_contract(world, manager, contract, client_for):
    response = client_for(manager).post(reverse("interventions:create"), _data(unit=world.own.pk, contract=contract.pk))
    assert response.status_code == 422
    assert "Ett avtal hör till en extern utförare" in response.content.decode()


def test_staff_cannot_register_an_intervention(world, staff, client_for):
    assert client_for(staff).get(reverse("interventions:create")).status_code == 403


def test_offering_an_external_intervention_without_a_contract_shows_why_on_the_page(
    world, make_intervention, manager, client_for
):
    planned = make_intervention(provider=world.provider, offered=False)
    client = client_for(manager)
    assert "saknar avtal" in client.get(reverse("interventions:detail", args=[planned.pk])).content.decode()
    response = client.post(reverse("interventions:offer", args=[planned.pk]), {"version": planned.version})
    assert response.status_code == 422
    assert "Egen utförare AB saknar avtal" in response.content.decode()
    planned.refresh_from_db()
    assert planned.status == Intervention.Status.PLANNED


def test_offering_through_the_page(world, make_intervention, manager, client_for):
    planned = make_intervention(offered=False)
    response = client_for(manager).post(reverse("interventions:offer", args=[planned.pk]), {"version": planned.version})
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == Intervention.Status.OFFERED


def test_a_concurrent_edit_answers_409_and_keeps_the_typed_values(world, intervention, manager, client_for):
    stale = intervention.version
    services.intervention_update(actor=manager, intervention=intervention, expected_version=stale, name="Nytt namn")
    data = _data(name="Mitt namn", version=stale)
    response = client_for(manager).post(reverse("interventions:edit", args=[intervention.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert 'value="Mitt namn"' in page
    assert f'name="version" value="{stale + 1}"' in page
    intervention.refresh_from_db()
    assert intervention.name == "Nytt namn"


def test_a_concurrent_edit_of_a_participant_answers_409(register, staff, client_for):
    participant = register()
    stale = participant.version
    services.participant_update(actor=staff, participant=participant, expected_version=stale, contact="1")
    data = {
        "consent_given_on": participant.consent_given_on.isoformat(),
        "consent_method": "written",
        "consent_given_by": "participant",
        "consent_contact": "on",
        "contact": "070-1",
        "version": stale,
    }
    response = client_for(staff).post(reverse("interventions:participant_edit", args=[participant.pk]), data)
    assert response.status_code == 409
    assert 'value="070-1"' in response.content.decode()


def test_the_offer_list_is_fit_for_a_phone_and_lists_only_what_may_be_offered(world, make_intervention, staff, client_for):
    offered = make_intervention()
    make_intervention(provider=world.provider, offered=False, name="Extern utan avtal")
    response = client_for(staff).get(reverse("interventions:offers"))
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [offered]
    assert "Extern utan avtal" not in response.content.decode()


def test_the_offer_list_covers_the_municipality(world, make_intervention, staff, client_for):
    elsewhere = make_intervention(unit=world.other, name="Annan enhets grupp")
    make_intervention(unit=world.foreign, name="Annan kommuns grupp")
    assert list(client_for(staff).get(reverse("interventions:offers")).context["page_obj"]) == [elsewhere]


def test_the_export_has_the_list_s_rows_and_filters(world, make_intervention, contract, manager, client_for):
    make_intervention(provider=world.provider, offered=False, name="Extern utan avtal")
    make_intervention(name="Egen grupp")
    response = client_for(manager).get(reverse("interventions:export", args=["xlsx"]), {"avtal": "saknas"})
    rows = xlsx_rows(response)
    assert [row[0] for row in rows[1:]] == ["Extern utan avtal"]


def test_an_invalid_filter_answers_422_with_the_message(manager, client_for):
    response = client_for(manager).get(reverse("interventions:index"), {"status": "nej"})
    assert response.status_code == 422
    assert "Välj ett av alternativen" in response.content.decode()


def test_ending_a_participant_needs_a_reason(register, staff, client_for):
    participant = register()
    response = client_for(staff).post(
        reverse("interventions:participant_end", args=[participant.pk]), {"ended_on": "", "version": participant.version}
    )
    assert response.status_code == 422
    response = client_for(staff).post(
        reverse("interventions:participant_end", args=[participant.pk]),
        {"ended_on": participant.started_on.isoformat(), "end_reason": "completed", "version": participant.version},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == "ended"


def test_the_register_lists_without_n_plus_one(world, make_intervention, manager, client_for):
    from lots.testing.lists import queries

    client = client_for(manager)
    make_intervention()
    few = queries(lambda: client.get(reverse("interventions:index")))
    for n in range(4):
        make_intervention(provider=world.provider, offered=False, name=f"Insats {n}")
    assert queries(lambda: client.get(reverse("interventions:index"))) == few


@pytest.mark.parametrize("role", [Role.NAMNDLEDAMOT, Role.GRANSKARE])
def test_readers_see_the_register_without_participant_links(world, intervention, client_for, role):
    response = client_for(world.persona(role)).get(reverse("interventions:detail", args=[intervention.pk]))
    assert response.status_code == 200
    assert reverse("interventions:participant_create", args=[intervention.pk]) not in response.content.decode()


def test_an_offered_external_intervention_without_a_contract_is_the_manager_s_task(world, make_intervention, contract, manager):
    import datetime

    from lots.interventions import tasks
    from lots.requirements.models import Contract

    from .conftest import TODAY

    offered = make_intervention(provider=world.provider, contract=contract)
    assert tasks.tasks_for(manager, TODAY) == []
    Contract.objects.filter(pk=contract.pk).update(ends_on=TODAY - datetime.timedelta(days=2))
    [task] = tasks.tasks_for(manager, TODAY)
    assert task.url == reverse("interventions:detail", args=[offered.pk])
    assert task.due == TODAY - datetime.timedelta(days=2)
