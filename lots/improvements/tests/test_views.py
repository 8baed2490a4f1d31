import datetime

from django.urls import reverse

from lots.accounts.models import Role
from lots.improvements.models import ImprovementAction
from lots.improvements.tests.helpers import make_action
from lots.processes.tests.helpers import make_routine

TODAY = datetime.date.today()


def test_the_list_filters_by_unit_subtree_stage_overdue_and_source(world, client_for):
    make_action(world, world.own, title="På egna", stage="do")
    make_action(world, world.sub, title="På underenheten", source_kind="complaint")
    make_action(world, world.own, title="Försenad", due=TODAY - datetime.timedelta(days=2))
    closed = make_action(world, world.own, title="Avslutad", stage="act")
    from lots.improvements import services

    services.improvement_close(actor=closed.owner, action=closed, effect_measure="x", effect_result="y")
    client = client_for(world.persona(Role.AVDELNINGSCHEF))

    def listed(**params):
        page = client.get(reverse("improvements:index"), params).content.decode()
        return {t for t in ("På egna", "På underenheten", "Försenad", "Avslutad") if f">{t}</a>" in page}

    assert listed() == {"På egna", "På underenheten", "Försenad"}
    assert listed(unit=world.sub.pk) == {"På underenheten"}
    assert listed(stage="do") == {"På egna"}
    assert listed(stage="all") == {"På egna", "På underenheten", "Försenad", "Avslutad"}
    assert listed(overdue="on") == {"Försenad"}
    assert listed(source_kind="complaint") == {"På underenheten"}


def test_the_list_runs_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    make_action(world, world.own)
    client.get(reverse("improvements:index"))
    for n in range(4):
        make_action(world, world.sub, title=f"Åtgärd {n}")
    # session, user, roles, units for the filter, count, the page's ids, its rows, stage counts, overdue count,
    # session update (savepoint)
    with django_assert_num_queries(12):
        page = client.get(reverse("improvements:index")).content.decode()
    assert "Åtgärd 3" in page


def test_the_detail_page_links_the_source_record(world, client_for):
    routine = make_routine(world, world.own, title="Skyddsbedömning samma dag")
    action = make_action(world, world.own, source=routine, source_kind="self_inspection")
    page = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("improvements:detail", args=[action.pk])).content.decode()
    assert f'href="{routine.get_absolute_url()}">Skyddsbedömning samma dag</a>' in page
    assert 'aria-current="step"' in page


def test_closing_is_refused_without_evaluation_and_accepted_with_it(world, client_for):
    action = make_action(world, world.own, stage="act")
    client = client_for(action.owner)
    refused = client.post(
        reverse("improvements:close", args=[action.pk]), {"effect_measure": "Antal avvikelser", "version": action.version}
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Beskriv resultatet av mätningen." in page
    assert "Antal avvikelser</textarea>" in page
    assert ImprovementAction.objects.get(pk=action.pk).stage == "act"
    accepted = client.post(
        reverse("improvements:close", args=[action.pk]),
        {"effect_measure": "Antal avvikelser", "effect_result": "Från sex till en", "version": action.version},
    )
    assert accepted.status_code == 302
    assert ImprovementAction.objects.get(pk=action.pk).is_closed


def test_the_close_page_sends_back_an_action_that_is_not_at_agera(world, client_for):
    action = make_action(world, world.own, stage="do")
    response = client_for(action.owner).get(reverse("improvements:close", args=[action.pk]))
    assert response.status_code == 302


def test_create_form_checks_the_owner_and_keeps_input(world, client_for):
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(
        reverse("improvements:create"),
        {
            "title": "Ny åtgärd",
            "unit": world.own.pk,
            "owner": world.outsider.pk,
            "source_kind": "other",
            "due_date": "2026-13-01",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in page
    assert 'value="Ny åtgärd"' in page
    ok = client.post(
        reverse("improvements:create"),
        {
            "title": "Ny åtgärd",
            "unit": world.own.pk,
            "owner": world.persona(Role.MEDARBETARE).pk,
            "source_kind": "staff_suggestion",
        },
    )
    assert ok.status_code == 302
    assert ImprovementAction.objects.get(title="Ny åtgärd").source_kind == "staff_suggestion"


def test_an_edit_after_someone_elses_save_keeps_the_typed_title_and_answers_409(world, client_for):
    action = make_action(world, world.own)
    ImprovementAction.objects.filter(pk=action.pk).update(title="Någon annans rubrik", version=action.version + 1)
    data = {
        "title": "Min rubrik",
        "unit": world.own.pk,
        "owner": action.owner_id,
        "source_kind": action.source_kind,
        "due_date": action.due_date.isoformat(),
        "version": action.version,
    }
    response = client_for(world.persona(Role.KVALITETSSAMORDNARE)).post(reverse("improvements:edit", args=[action.pk]), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Någon annan har sparat ändringar" in page and 'value="Min rubrik"' in page
    assert ImprovementAction.objects.get(pk=action.pk).title == "Någon annans rubrik"
