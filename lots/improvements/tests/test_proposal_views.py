"""The proposal pages: proposing, "Mina förslag", the inbox with its export, one proposal, and triage."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.improvements import proposals
from lots.improvements.models import ImprovementAction, Proposal
from lots.improvements.tests.proposal_helpers import make_proposal
from lots.testing.factories import RoleAssignmentFactory, UserFactory

NAME_TEXT = "Rutinen ska hjälpa kalle att få sin medicin."


def test_staff_propose_with_their_own_unit_preselected(world, client_for):
    client = client_for(world.persona(Role.MEDARBETARE))
    page = client.get(reverse("improvements:propose"))
    assert page.status_code == 200
    assert page.context["form"]["unit"].value() == world.own.pk
    response = client.post(
        reverse("improvements:propose"), {"text": "Bättre schema", "how": "", "unit": world.own.pk, "anonymous": "on"}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.anonymous and proposal.proposer == world.persona(Role.MEDARBETARE)


def test_people_without_a_staff_role_cannot_propose(world, client_for):
    assert client_for(world.persona(Role.GRANSKARE)).get(reverse("improvements:propose")).status_code == 404


def test_errors_are_shown_at_their_field_and_nothing_typed_is_lost(world, client_for):
    client = client_for(world.persona(Role.MEDARBETARE))
    response = client.post(reverse("improvements:propose"), {"text": "", "how": "Två veckor tidigare", "unit": world.own.pk})
    assert response.status_code == 422
    assert response.context["form"].errors["text"] == ["Skriv vad som kan bli bättre."]
    assert "Två veckor tidigare" in response.content.decode()
    response = client.post(reverse("improvements:propose"), {"text": "Bra", "unit": world.other.pk})
    assert response.status_code == 422
    assert "unit" in response.context["form"].errors


def test_control_characters_are_cleaned_from_the_text(world, client_for):
    client = client_for(world.persona(Role.MEDARBETARE))
    client.post(reverse("improvements:propose"), {"text": "Bättre\u202e sch\x07ema", "unit": world.own.pk})
    assert Proposal.objects.get().text == "Bättre schema"


def test_the_integrity_guard_asks_before_a_name_is_saved(world, client_for):
    client = client_for(world.persona(Role.MEDARBETARE))
    data = {"text": NAME_TEXT, "unit": world.own.pk}
    response = client.post(reverse("improvements:propose"), data)
    assert response.status_code == 422
    assert "text" in response.context["form"].errors
    assert not Proposal.objects.exists()
    assert client.post(reverse("improvements:propose"), {**data, "integrity_confirmed": "on"}).status_code == 302


def test_mina_forslag_shows_the_persons_own_proposals_with_their_outcome(world, client_for):
    mine = make_proposal(world, text="Mitt förslag")
    make_proposal(world, proposer=world.persona(Role.ENHETSCHEF), text="Chefens förslag")
    proposals.proposal_answer(
        actor=world.persona(Role.ENHETSCHEF), proposal=mine, decision="already_done", answer="Görs redan.", expected_version=None
    )
    page = client_for(world.persona(Role.MEDARBETARE)).get(reverse("improvements:proposals_mine")).content.decode()
    assert "Mitt förslag" in page and "Chefens förslag" not in page
    assert "Redan åtgärdat" in page and "Görs redan." in page


def test_the_inbox_lists_the_units_waiting_proposals_and_hides_anonymous_names(world, client_for):
    make_proposal(world, text="Anonymt förslag", anonymous=True)
    make_proposal(world, world.sub, proposer=world.persona(Role.ENHETSCHEF), text="Öppet förslag")
    answered = make_proposal(world, text="Besvarat förslag")
    proposals.proposal_answer(
        actor=world.persona(Role.ENHETSCHEF), proposal=answered, decision="declined", answer="Nej.", expected_version=None
    )
    client = client_for(world.persona(Role.AVDELNINGSCHEF))
    page = client.get(reverse("improvements:proposals")).content.decode()
    assert "Anonymt förslag" in page and "Öppet förslag" in page and "Besvarat förslag" not in page
    assert str(world.persona(Role.MEDARBETARE)) not in page
    assert str(world.persona(Role.ENHETSCHEF)) in page
    assert "Besvarat förslag" in client.get(reverse("improvements:proposals"), {"status": "all"}).content.decode()
    assert "Anonymt förslag" not in client.get(reverse("improvements:proposals"), {"unit": world.sub.pk}).content.decode()
    assert client.get(reverse("improvements:proposals"), {"status": "nonsense"}).status_code == 422


def test_the_inbox_is_for_people_who_triage(world, client_for):
    assert client_for(world.persona(Role.MEDARBETARE)).get(reverse("improvements:proposals")).status_code == 404


def test_the_inbox_runs_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for(world.persona(Role.ENHETSCHEF))
    make_proposal(world)
    client.get(reverse("improvements:proposals"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(reverse("improvements:proposals"))
    for n in range(4):
        make_proposal(world, text=f"Förslag {n}")
    with django_assert_num_queries(len(first)):
        client.get(reverse("improvements:proposals"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_keeps_anonymity_and_is_audited(world, client_for, fmt):
    make_proposal(world, text="Anonymt förslag", anonymous=True)
    response = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("improvements:proposals_export", args=[fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        body = response.content.decode("utf-8-sig")
        assert "Anonymt förslag" in body and "Anonym" in body
        assert str(world.persona(Role.MEDARBETARE)) not in body
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, actor=world.persona(Role.ENHETSCHEF)).exists()


def test_an_unknown_export_format_is_404(world, client_for):
    client = client_for(world.persona(Role.ENHETSCHEF))
    assert client.get(reverse("improvements:proposals_export", args=["pdf"])).status_code == 404


def test_the_proposer_and_the_units_triagers_see_a_proposal_others_do_not(world, client_for):
    proposal = make_proposal(world, anonymous=True)
    url = reverse("improvements:proposal_detail", args=[proposal.pk])
    own = client_for(world.persona(Role.MEDARBETARE)).get(url)
    assert own.status_code == 200 and own.context["proposer"] == str(world.persona(Role.MEDARBETARE))
    chief = client_for(world.persona(Role.ENHETSCHEF)).get(url)
    assert chief.status_code == 200 and chief.context["proposer"] == "Anonym" and chief.context["can_triage"]
    colleague = UserFactory(username="kollega")
    RoleAssignmentFactory(user=colleague, role=Role.MEDARBETARE, unit=world.own, include_subunits=False)
    assert client_for(colleague).get(url).status_code == 404
    outsider = UserFactory(username="annan-chef")
    RoleAssignmentFactory(user=outsider, role=Role.ENHETSCHEF, unit=world.other)
    assert client_for(outsider).get(url).status_code == 404


def test_the_manager_turns_a_proposal_into_an_action(world, client_for):
    proposal = make_proposal(world)
    chief = world.persona(Role.ENHETSCHEF)
    url = reverse("improvements:proposal_to_action", args=[proposal.pk])
    client = client_for(chief)
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"]["title"].value() == proposal.text
    response = client.post(url, {"title": "Helgschema i tid", "owner": chief.pk, "version": proposal.version})
    action = ImprovementAction.objects.get()
    assert response.status_code == 302 and response.url == action.get_absolute_url()
    assert Proposal.objects.get().action == action
    detail = client.get(action.get_absolute_url()).content.decode()
    assert reverse("improvements:proposal_detail", args=[proposal.pk]) in detail
    assert client.get(url).status_code == 302  # triaged already: back to the proposal


def test_the_manager_answers_and_errors_stay_at_their_fields(world, client_for):
    proposal = make_proposal(world)
    url = reverse("improvements:proposal_answer", args=[proposal.pk])
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(url, {"decision": "declined", "answer": "", "version": proposal.version})
    assert response.status_code == 422
    assert response.context["form"].errors["answer"] == ["Skriv svaret med skälet till beslutet."]
    response = client.post(url, {"decision": "action", "answer": "x", "version": proposal.version})
    assert response.status_code == 422 and "decision" in response.context["form"].errors
    response = client.post(url, {"decision": "declined", "answer": "Budgeten räcker inte.", "version": proposal.version})
    assert response.status_code == 302
    assert Proposal.objects.get().status == "declined"


def test_a_concurrent_triage_answers_409_and_keeps_what_was_typed(world, client_for):
    proposal = make_proposal(world)
    url = reverse("improvements:proposal_answer", args=[proposal.pk])
    client = client_for(world.persona(Role.ENHETSCHEF))
    stale = proposal.version
    Proposal.objects.filter(pk=proposal.pk).update(version=stale + 1)
    response = client.post(url, {"decision": "declined", "answer": "Mitt svar", "version": stale})
    assert response.status_code == 409
    assert "Mitt svar" in response.content.decode()
    assert Proposal.objects.get().is_waiting


@pytest.mark.parametrize("name", ["proposal_to_action", "proposal_answer"])
def test_only_the_units_managers_triage(world, client_for, name):
    proposal = make_proposal(world)
    url = reverse(f"improvements:{name}", args=[proposal.pk])
    assert client_for(world.persona(Role.MEDARBETARE)).get(url).status_code == 403
    assert client_for(world.persona(Role.GRANSKARE)).get(url).status_code == 404
    assert client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(url).status_code == 200


def test_the_improvements_page_links_to_proposing(world, client_for):
    page = client_for(world.persona(Role.MEDARBETARE)).get(reverse("improvements:index")).content.decode()
    assert reverse("improvements:propose") in page and reverse("improvements:proposals_mine") in page
    assert f'href="{reverse("improvements:proposals")}"' not in page
