"""Proposing and triaging: who may propose where, the texts, the two ways of triage, the audit and the mail."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.improvements import proposals
from lots.improvements.models import ImprovementAction, Proposal
from lots.improvements.tests.proposal_helpers import make_proposal

NAME_TEXT = "Rutinen ska hjälpa kalle att få sin medicin."


def test_a_proposal_is_stored_with_its_proposer_and_audited_without_its_text(world):
    proposal = make_proposal(world, text="Schemat kommer ut för sent.", how="Två veckor tidigare.", anonymous=True)
    assert proposal.proposer == world.persona(Role.MEDARBETARE)
    assert proposal.status == Proposal.Status.WAITING
    entry = AuditEntry.objects.get(object_id=str(proposal.pk), action=AuditEntry.Action.CREATE)
    assert entry.actor == world.persona(Role.MEDARBETARE)
    assert entry.changes["text"] == [None, {"chars": len("Schemat kommer ut för sent.")}]
    assert "Schemat" not in str(entry.changes)
    assert entry.changes["anonymous"] == [None, True]


@pytest.mark.parametrize("place", ["other", "foreign"])
def test_staff_propose_only_for_their_own_units(world, place):
    with pytest.raises(ValidationError) as raised:
        make_proposal(world, world.unit(place))
    assert list(raised.value.error_dict) == ["unit"]


def test_a_closed_unit_takes_no_proposals(world):
    from django.utils import timezone

    world.own.closed_at = timezone.now()
    world.own.save(update_fields=["closed_at"])
    with pytest.raises(ValidationError):
        make_proposal(world)


def test_a_proposal_needs_its_text_and_stays_within_the_limit(world):
    with pytest.raises(ValidationError) as raised:
        make_proposal(world, text="   ")
    assert list(raised.value.error_dict) == ["text"]
    with pytest.raises(ValidationError) as raised:
        make_proposal(world, text="x" * (Proposal.TEXT_MAX + 1))
    assert list(raised.value.error_dict) == ["text"]


@pytest.mark.parametrize("field", ["text", "how"])
def test_names_of_clients_are_refused_unless_confirmed(world, field):
    data = {"text": "Bättre schema", field: NAME_TEXT}
    with pytest.raises(ValidationError) as raised:
        make_proposal(world, **data)
    assert field in raised.value.error_dict
    assert not Proposal.objects.exists()
    assert getattr(make_proposal(world, integrity_confirmed=True, **data), field) == NAME_TEXT


def test_triage_into_an_action_links_both_ways_and_tells_the_proposer(world, django_capture_on_commit_callbacks):
    proposal = make_proposal(world, how="Två veckor tidigare.")
    chief = world.persona(Role.ENHETSCHEF)
    with django_capture_on_commit_callbacks(execute=True):
        action = proposals.proposal_to_action(
            actor=chief, proposal=proposal, title="Helgschema i tid", owner=chief, expected_version=proposal.version
        )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACTION
    assert proposal.action == action
    assert action.source == proposal
    assert action.source_kind == ImprovementAction.Source.STAFF_SUGGESTION
    assert "Två veckor tidigare." in action.description
    assert proposal.triaged_by == chief and proposal.triaged_at is not None
    assert AuditEntry.objects.filter(object_id=str(proposal.pk), action="transition", actor=chief).exists()
    sent = [m for m in mail.outbox if m.to == [proposal.proposer.email]]
    assert len(sent) == 1
    assert "Genomförs som åtgärd" in sent[0].subject
    assert "Helgschema i tid" in sent[0].body


@pytest.mark.parametrize("decision", Proposal.ANSWERS)
def test_an_answer_carries_its_decision_and_reason(world, decision, django_capture_on_commit_callbacks):
    proposal = make_proposal(world)
    with django_capture_on_commit_callbacks(execute=True):
        proposals.proposal_answer(
            actor=world.persona(Role.ENHETSCHEF),
            proposal=proposal,
            decision=decision,
            answer="Det ryms inte i budgeten i år.",
            expected_version=proposal.version,
        )
    proposal.refresh_from_db()
    assert proposal.status == decision
    assert proposal.action is None
    assert [m.to for m in mail.outbox] == [[proposal.proposer.email]]
    assert "Det ryms inte i budgeten i år." in mail.outbox[0].body


def test_an_answer_needs_a_reason_and_a_known_decision(world):
    proposal = make_proposal(world)
    chief = world.persona(Role.ENHETSCHEF)
    with pytest.raises(ValidationError) as raised:
        proposals.proposal_answer(actor=chief, proposal=proposal, decision="declined", answer=" ", expected_version=None)
    assert list(raised.value.error_dict) == ["answer"]
    with pytest.raises(ValidationError) as raised:
        proposals.proposal_answer(actor=chief, proposal=proposal, decision="action", answer="Ja", expected_version=None)
    assert list(raised.value.error_dict) == ["decision"]


def test_a_proposal_is_triaged_once(world):
    proposal = make_proposal(world)
    chief = world.persona(Role.ENHETSCHEF)
    proposals.proposal_answer(actor=chief, proposal=proposal, decision="declined", answer="Nej", expected_version=None)
    with pytest.raises(ValidationError):
        proposals.proposal_to_action(actor=chief, proposal=proposal, title="X", owner=chief, expected_version=None)
    assert not ImprovementAction.objects.exists()


def test_a_concurrent_triage_loses_and_leaves_no_action(world):
    proposal = make_proposal(world)
    chief = world.persona(Role.ENHETSCHEF)
    stale = Proposal.objects.get(pk=proposal.pk)
    version = proposal.version
    proposals.proposal_answer(actor=chief, proposal=proposal, decision="declined", answer="Nej", expected_version=version)
    with pytest.raises(ConcurrentEditError):
        proposals.proposal_to_action(actor=chief, proposal=stale, title="X", owner=chief, expected_version=version)
    assert not ImprovementAction.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).status == "declined"


def test_the_action_owner_must_belong_to_the_municipality(world):
    proposal = make_proposal(world)
    outsider = world.persona(Role.EXTERN_UTFORARE)
    with pytest.raises(ValidationError):
        proposals.proposal_to_action(
            actor=world.persona(Role.ENHETSCHEF), proposal=proposal, title="X", owner=outsider, expected_version=None
        )
