import datetime

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.rounds.models import ChecklistTemplate, DepartmentPlan, Finding, Kind, Round, YearlyFollowUp
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_lists_and_exports_answer(client_for, manager, make_round, make_finding, make_action, today):
    rnd = make_round()
    make_action(make_finding(rnd), today)
    client = client_for(manager)
    for name in ("rounds:index", "rounds:findings", "rounds:actions", "rounds:plans", "rounds:followups"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert "Nödutgången" in client.get(reverse("rounds:findings")).content.decode()
    for name in ("rounds:export", "rounds:finding_export", "rounds:action_export"):
        for fmt in ("csv", "xlsx"):
            assert client.get(reverse(name, args=[fmt])).status_code == 200
    assert client.get(reverse("rounds:export", args=["pdf"])).status_code == 404
    assert AuditEntry.objects.filter(action="export").count() == 6


def test_a_bad_filter_value_answers_422_with_the_message(client_for, manager):
    response = client_for(manager).get(reverse("rounds:index"), {"kind": "nonsense"})
    assert response.status_code == 422
    assert "Välj ett av alternativen i listan." in response.content.decode()


def test_a_round_is_created_in_two_steps(client_for, world, manager, staff, today):
    client = client_for(manager)
    assert client.get(reverse("rounds:create")).status_code == 200
    step = client.get(reverse("rounds:create"), {"unit": world.own.pk, "kind": Kind.SAFETY})
    assert step.status_code == 200 and "Skyddsombud" in step.content.decode()
    data = {"unit": world.own.pk, "kind": Kind.SAFETY, "held_on": today.isoformat(), "participants": [manager.pk]}
    refused = client.post(reverse("rounds:create"), data)
    assert refused.status_code == 422
    assert "En skyddsrond hålls med skyddsombudet" in refused.content.decode()
    assert 'value="' + today.isoformat() in refused.content.decode()
    response = client.post(reverse("rounds:create"), {**data, "safety_rep": staff.pk})
    rnd = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("rounds:checklist", args=[rnd.pk])
    assert list(rnd.participants.all()) == [manager]


def test_a_round_cannot_be_created_on_a_unit_outside_scope(client_for, world, manager, today):
    response = client_for(manager).post(
        reverse("rounds:create"), {"unit": world.other.pk, "kind": Kind.FIRE, "held_on": today.isoformat()}
    )
    assert response.status_code == 422
    assert not Round.objects.exists()


def test_the_round_page_shows_checklist_findings_and_actions(client_for, manager, make_round, make_finding, make_action, today):
    rnd = make_round()
    make_action(make_finding(rnd), today - datetime.timedelta(days=1))
    page = client_for(manager).get(reverse("rounds:detail", args=[rnd.pk])).content.decode()
    assert "Fysisk arbetsmiljö" in page and "Försenad" in page and "Gör till förbättringsåtgärd" in page


def test_a_concurrent_edit_of_a_round_answers_409_and_keeps_what_was_typed(client_for, manager, staff, make_round, today):
    rnd = make_round()
    client = client_for(manager)
    data = {"held_on": today.isoformat(), "safety_rep": staff.pk, "note": "Första", "version": 1}
    assert client.post(reverse("rounds:edit", args=[rnd.pk]), data).status_code == 302
    response = client.post(reverse("rounds:edit", args=[rnd.pk]), {**data, "note": "Andra texten"})
    assert response.status_code == 409
    assert "Andra texten" in response.content.decode()
    rnd.refresh_from_db()
    assert rnd.note == "Första"


def test_the_checklist_is_answered_from_its_page(client_for, manager, make_round):
    rnd = make_round()
    item = rnd.items.first()
    client = client_for(manager)
    assert client.get(reverse("rounds:checklist", args=[rnd.pk])).status_code == 200
    response = client.post(
        reverse("rounds:checklist", args=[rnd.pk]), {f"answer_{item.pk}": "brist", f"comment_{item.pk}": "Lampa", "version": 1}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.answer == "brist"


def test_a_finding_without_risk_level_is_refused_at_the_field(client_for, manager, make_round):
    rnd = make_round()
    response = client_for(manager).post(reverse("rounds:finding_create", args=[rnd.pk]), {"description": "Hal trappa"})
    assert response.status_code == 422
    assert "Ange konsekvens: iakttagelsen behöver en risknivå." in response.content.decode()
    assert not Finding.objects.exists()


def test_a_finding_becomes_an_improvement_action_from_its_page(client_for, manager, make_round, make_finding, today):
    finding = make_finding(make_round())
    client = client_for(manager)
    url = reverse("rounds:finding_improvement", args=[finding.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Fria utrymningsvägar", "owner": manager.pk, "due_date": today.isoformat()})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.improvement is not None
    assert client.get(url).status_code == 302  # once: the page leads back to the round


def test_actions_are_added_and_edited(client_for, manager, make_round, make_finding, today):
    finding = make_finding(make_round())
    client = client_for(manager)
    response = client.post(
        reverse("rounds:action_create", args=[finding.pk]),
        {"what": "Flytta möbler", "owner": manager.pk, "due_date": today.isoformat()},
    )
    assert response.status_code == 302
    action = finding.actions.get()
    data = {"what": "Flytta möbler", "owner": manager.pk, "due_date": today.isoformat(), "status": "done", "version": 1}
    response = client.post(reverse("rounds:action_edit", args=[action.pk]), data)
    assert response.status_code == 422
    assert "Ange när åtgärden blev klar." in response.content.decode()


@pytest.mark.parametrize(
    "role,place,view,change",
    [
        (Role.ENHETSCHEF, "own", 200, 200),
        (Role.ENHETSCHEF, "sub", 200, 200),
        (Role.MEDARBETARE, "own", 200, 403),
        (Role.MEDARBETARE, "sub", 404, 404),
        (Role.HR, "own", 200, 200),
        (Role.AVDELNINGSCHEF, "own", 200, 200),
        (Role.KVALITETSSAMORDNARE, "own", 200, 403),
        (Role.GRANSKARE, "own", 404, 404),
        (Role.NAMNDLEDAMOT, "own", 404, 404),
        (Role.ENHETSCHEF, "other", 404, 404),
        (Role.ENHETSCHEF, "foreign", 404, 404),
    ],
)
def test_permission_matrix(world, client_for, role, place, view, change, today):
    owner = UserFactory()
    RoleAssignmentFactory(user=owner, role=Role.ENHETSCHEF, unit=world.unit(place))
    from lots.rounds import services

    rnd = services.round_create(actor=owner, unit=world.unit(place), kind=Kind.FIRE, held_on=today)
    client = client_for(world.persona(role))
    assert client.get(reverse("rounds:detail", args=[rnd.pk])).status_code == view
    assert client.get(reverse("rounds:edit", args=[rnd.pk])).status_code == change
    listed = client.get(reverse("rounds:index"))
    if view == 200:
        assert listed.context["page_obj"].paginator.count == 1


def test_the_outsider_gets_404_on_the_lists(world, client_for):
    client = client_for(world.outsider)
    for name in ("rounds:index", "rounds:findings", "rounds:actions", "rounds:plans", "rounds:followups", "rounds:create"):
        assert client.get(reverse(name)).status_code == 404, name


def test_only_the_department_head_decides_from_the_plan_page(
    world, client_for, manager, make_round, make_finding, make_action, today
):
    make_action(make_finding(make_round()), today)
    url = reverse("rounds:plan", args=[world.own.pk, today.year])
    data = {"decided_on": today.isoformat(), "decision_note": "", "version": 1}
    assert client_for(manager).get(url).status_code == 200
    assert client_for(manager).post(url, data).status_code == 403
    head = world.persona(Role.AVDELNINGSCHEF)
    assert client_for(head).post(url, data).status_code == 302
    assert DepartmentPlan.objects.get().decided_by == head
    assert "Beslutad" in client_for(head).get(url).content.decode()
    assert client_for(head).get(reverse("rounds:plan", args=[world.sub.pk, today.year])).status_code == 404


def test_the_yearly_followup_is_recorded_from_its_page(world, client_for, manager, today):
    url = reverse("rounds:followup", args=[world.own.pk, today.year])
    client = client_for(manager)
    assert client.get(url).status_code == 200
    data = {
        "done": "on",
        "what_worked": "Ronderna hölls",
        "what_to_change": "Fler utbildningar",
        "followed_up_on": today.isoformat(),
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    assert YearlyFollowUp.objects.get().done is True
    assert client_for(world.persona(Role.MEDARBETARE)).post(url, data).status_code == 403


def test_templates_are_kept_by_whoever_changes_rounds_over_the_whole_forvaltning(world, client_for, manager):
    assert client_for(manager).get(reverse("rounds:templates")).status_code == 404
    hr = UserFactory()
    RoleAssignmentFactory(user=hr, role=Role.HR, unit=world.forvaltning)
    client = client_for(hr)
    assert client.get(reverse("rounds:templates")).status_code == 200
    url = reverse("rounds:template", args=[world.m1.pk, Kind.FIRE])
    assert client.get(url).status_code == 200
    assert client.post(url, {"fire": "Brandsläckare kontrollerad\nUtrymningsväg fri", "version": 1}).status_code == 302
    assert ChecklistTemplate.objects.get().items[1]["text"] == "Utrymningsväg fri"
    assert client.get(reverse("rounds:template", args=[world.m2.pk, Kind.FIRE])).status_code == 404


def test_an_improvement_with_a_personal_identity_number_waits_for_confirmation(
    client_for, manager, make_round, make_finding, today
):
    finding = make_finding(make_round())
    url = reverse("rounds:finding_improvement", args=[finding.pk])
    data = {"title": "Samtal med 19121212-1212", "owner": manager.pk, "due_date": today.isoformat()}
    client = client_for(manager)
    warned = client.post(url, data)
    assert warned.status_code == 422
    assert "Spara texten som den står" in warned.content.decode()
    assert client.post(url, {**data, "integrity_confirmed": "on"}).status_code == 302
    finding.refresh_from_db()
    assert finding.improvement is not None


def test_a_stale_template_edit_answers_409_and_keeps_the_text(world, client_for):
    hr = UserFactory()
    RoleAssignmentFactory(user=hr, role=Role.HR, unit=world.forvaltning)
    client = client_for(hr)
    url = reverse("rounds:template", args=[world.m1.pk, Kind.FIRE])
    assert client.post(url, {"fire": "Första punkten", "version": 1}).status_code == 302
    response = client.post(url, {"fire": "Min egen punkt", "version": 1})
    assert response.status_code == 409
    assert "Min egen punkt" in response.content.decode()
    assert ChecklistTemplate.objects.get().items == [{"section": "fire", "text": "Första punkten"}]


def test_two_first_saves_of_a_yearly_followup_conflict(world, client_for, manager, today):
    url = reverse("rounds:followup", args=[world.own.pk, today.year])
    data = {"what_worked": "Bra", "what_to_change": "Inget", "followed_up_on": today.isoformat(), "version": 1}
    client = client_for(manager)
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "what_worked": "Annan text"})
    assert response.status_code == 409
    assert "Annan text" in response.content.decode()


def test_a_deficient_point_without_a_finding_is_pointed_out_and_prefills_the_finding(client_for, manager, make_round):
    rnd = make_round()
    item = rnd.items.first()
    from lots.rounds import services

    services.round_answer(actor=manager, round=rnd, answers={item.pk: ("brist", "")}, expected_version=rnd.version)
    client = client_for(manager)
    page = client.get(reverse("rounds:detail", args=[rnd.pk])).content.decode()
    assert "har svaret Brist men ingen iakttagelse" in page
    form = client.get(reverse("rounds:finding_create", args=[rnd.pk]), {"punkt": item.pk}).context["form"]
    assert form["item"].value() == str(item.pk)


def test_the_department_plan_prints_as_a_pdf_with_nothing_off_the_page(
    world, client_for, manager, make_round, make_finding, make_action, today
):
    from django.template.loader import render_to_string

    from lots.lib.pdf import text_outside_pages
    from lots.rounds.models import Action
    from lots.rounds.queries import plan_actions

    finding = make_finding(make_round())
    make_action(finding, today, what="Ett mycket långt ord: " + "brandskyddsdokumentationsgenomgång" * 4)
    url = reverse("rounds:plan_pdf", args=[world.own.pk, today.year])
    response = client_for(manager).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    context = {"department": world.own, "year": today.year, "plan": None, "today": today}
    context["actions"] = list(plan_actions(world.own, today.year).select_related("owner", "finding__round__unit"))
    assert text_outside_pages(render_to_string("rounds/plan_pdf.html", context)) == []
    assert Action.objects.count() == 1
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(manager).get(reverse("rounds:plan_pdf", args=[world.sub.pk, today.year])).status_code == 404


def test_the_plan_shows_only_rounds_the_person_may_open_and_links_only_to_plans_they_may_read(
    world, client_for, make_round, make_finding, make_action, today
):
    on_sub = make_round(unit=world.sub, safety_rep=None, safety_rep_name="Skyddsombud Ek")
    make_action(make_finding(on_sub), today, what="Åtgärd på underenheten")
    make_action(make_finding(make_round()), today, what="Åtgärd på avdelningen")
    staff_own = client_for(world.persona(Role.MEDARBETARE))  # on "own" without its sub-units
    page = staff_own.get(reverse("rounds:plan", args=[world.own.pk, today.year])).content.decode()
    assert "Åtgärd på avdelningen" in page and "Åtgärd på underenheten" not in page
    staff_sub = UserFactory()
    RoleAssignmentFactory(user=staff_sub, role=Role.MEDARBETARE, unit=world.sub, include_subunits=False)
    page = client_for(staff_sub).get(reverse("rounds:detail", args=[on_sub.pk])).content.decode()
    assert reverse("rounds:plan", args=[world.own.pk, today.year]) not in page
    head = client_for(world.persona(Role.AVDELNINGSCHEF)).get(reverse("rounds:plan", args=[world.own.pk, today.year]))
    assert "Åtgärd på underenheten" in head.content.decode()


def test_hr_sees_the_improvement_and_the_plan_point_named_but_not_linked(
    world, client_for, manager, make_round, make_finding, today
):
    from lots.risks.tests.helpers import make_followup
    from lots.rounds import services

    hr = UserFactory()
    RoleAssignmentFactory(user=hr, role=Role.HR, unit=world.own)
    finding = make_finding(make_round())
    action = services.finding_to_improvement(actor=manager, finding=finding, title="Fria vägar", owner=manager, due_date=today)
    rnd_page = client_for(hr).get(reverse("rounds:detail", args=[finding.round_id])).content.decode()
    assert "Fria vägar" in rnd_page and reverse("improvements:detail", args=[action.pk]) not in rnd_page
    assert (
        reverse("improvements:detail", args=[action.pk])
        in client_for(manager).get(reverse("rounds:detail", args=[finding.round_id])).content.decode()
    )
    from lots.risks.services import followup as followup_services

    plan, _goal = make_followup(world, "own")
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    item = followup_services.followup_item_create(
        actor=coordinator,
        plan=plan,
        area="work_environment",
        what="Skyddsronder",
        when="Hösten",
        due_date=datetime.date(today.year, 12, 31),
        who=coordinator,
        how_reported="Till samverkansgruppen",
    )
    services.followup_save(
        actor=manager,
        unit=world.own,
        year=today.year,
        done=True,
        what_worked="Bra",
        what_to_change="Inget",
        plan_item=item,
        followed_up_on=today,
        expected_version=None,
    )
    page = client_for(hr).get(reverse("rounds:followup", args=[world.own.pk, today.year])).content.decode()
    assert reverse("risks:followup", args=[item.plan_id]) not in page
    page = client_for(manager).get(reverse("rounds:followup", args=[world.own.pk, today.year])).content.decode()
    assert reverse("risks:followup", args=[item.plan_id]) in page
