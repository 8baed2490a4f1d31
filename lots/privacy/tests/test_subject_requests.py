"""Requests to rectify, erase or restrict personal data: registered, answered within a month (or three, with a
reason given in time), decided with a reason when refused, and read only by the municipality's quality coordinator."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.audit.models import AuditEntry, AuditRead
from lots.core.editing import EditConflict
from lots.organisation.models import Unit
from lots.privacy import services, tasks
from lots.privacy.models import SubjectRequest
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def register(world, coordinator):
    def make(received_on=TODAY, kind=SubjectRequest.Kind.ERASURE):
        return services.subject_request_register(
            actor=coordinator,
            municipality=world.m1,
            kind=kind,
            received_on=received_on,
            requester="Tolvan Tolvansson",
            concerns="Synpunkten om väntetiden i mars.",
        )

    return make


def url(subject=None, slug="testkommun"):
    if subject is None:
        return reverse("privacy:requests", kwargs={"slug": slug})
    return reverse("privacy:request", kwargs={"slug": slug, "pk": subject.pk})


def test_a_request_is_due_a_month_after_it_came_in(register):
    subject = register(received_on=datetime.date(2026, 1, 31))
    assert subject.due_on == datetime.date(2026, 2, 28)
    assert subject.unit.parent is None  # the municipality's top unit holds its log entries


def test_a_request_cannot_have_come_in_tomorrow(world, coordinator, client_for):
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client_for(coordinator).post(
        url(), {"kind": "erasure", "received_on": tomorrow.isoformat(), "requester": "Tolvan", "concerns": "Allt om mig."}
    )
    assert response.status_code == 422
    assert "fram i tiden" in response.content.decode()
    assert 'value="Tolvan"' in response.content.decode()  # nothing typed is lost
    assert not SubjectRequest.objects.exists()


def test_registering_is_logged_without_the_person_s_name_or_the_text(register):
    subject = register()
    entry = AuditEntry.objects.get(action="create", object_id=str(subject.pk), content_type__model="subjectrequest")
    assert entry.changes["requester"] == [None, {"chars": len("Tolvan Tolvansson")}]
    assert "Tolvan" not in str(entry.changes) + entry.note + entry.object_repr


def test_the_time_is_extended_once_to_three_months_within_the_first_month(register, coordinator):
    subject = register(received_on=TODAY - datetime.timedelta(days=3))
    services.subject_request_extend(actor=coordinator, request=subject, reason="Begäran gäller ärenden i flera år.")
    assert subject.due_on == services.add_months(subject.received_on, 3)

    with pytest.raises(ValidationError, match="redan förlängd"):
        services.subject_request_extend(actor=coordinator, request=subject, reason="En gång till.")


def test_the_time_cannot_be_extended_after_the_first_month(register, coordinator):
    subject = register(received_on=TODAY - datetime.timedelta(days=40))
    with pytest.raises(ValidationError, match="inom den första månaden"):
        services.subject_request_extend(actor=coordinator, request=subject, reason="Sent påkommet.")


def test_a_refusal_needs_its_reason_and_a_grant_says_what_was_done(register, coordinator):
    subject = register()
    with pytest.raises(ValidationError) as refused:
        services.subject_request_decide(actor=coordinator, request=subject, outcome="refused", reason=" ", measures="")
    assert "reason" in refused.value.error_dict
    with pytest.raises(ValidationError) as granted:
        services.subject_request_decide(actor=coordinator, request=subject, outcome="granted", reason="", measures="")
    assert "measures" in granted.value.error_dict

    services.subject_request_decide(
        actor=coordinator, request=subject, outcome="refused", reason="Allmän handling; art. 17.3 b.", measures=""
    )
    subject.refresh_from_db()
    assert (subject.outcome, subject.decided_by) == ("refused", coordinator)
    with pytest.raises(ValidationError, match="redan beslutad"):
        services.subject_request_decide(actor=coordinator, request=subject, outcome="granted", reason="", measures="X")


def test_the_answer_comes_after_the_decision_and_not_before_the_request(register, coordinator):
    subject = register(received_on=TODAY - datetime.timedelta(days=5))
    with pytest.raises(ValidationError, match="Besluta"):
        services.subject_request_answer(actor=coordinator, request=subject, answered_on=TODAY)
    services.subject_request_decide(
        actor=coordinator, request=subject, outcome="partly", reason="Delvis.", measures="Tog bort telefonnumret."
    )
    with pytest.raises(ValidationError, match="innan begäran kom in"):
        services.subject_request_answer(actor=coordinator, request=subject, answered_on=TODAY - datetime.timedelta(days=6))
    with pytest.raises(ValidationError, match="fram i tiden"):
        services.subject_request_answer(actor=coordinator, request=subject, answered_on=TODAY + datetime.timedelta(days=1))

    services.subject_request_answer(actor=coordinator, request=subject, answered_on=TODAY)
    assert SubjectRequest.objects.open().count() == 0


def test_a_decision_on_a_request_someone_else_changed_meanwhile_is_refused(register, coordinator, client_for):
    subject = register()
    stale = subject.version
    services.subject_request_extend(actor=coordinator, request=subject, reason="Omfattande.")
    with pytest.raises(EditConflict):
        services.subject_request_decide(
            actor=coordinator, request=subject, outcome="refused", reason="Allmän handling.", measures="", version=stale
        )

    response = client_for(coordinator).post(
        url(subject),
        {"action": "decide", "decide-outcome": "refused", "decide-reason": "Allmän handling.", "decide-version": stale},
    )
    assert response.status_code == 409
    assert "Allmän handling." in response.content.decode()


def test_the_decision_page_explains_when_records_may_not_be_erased(register, coordinator, client_for):
    page = client_for(coordinator).get(url(register())).content.decode()
    assert "arkivlagen 1990:782" in page and "17.3 b" in page


def test_an_unknown_action_is_a_clear_400(register, coordinator, client_for):
    assert client_for(coordinator).post(url(register()), {"action": "delete"}).status_code == 400


def test_reading_the_register_and_a_request_is_logged_with_the_ids(register, coordinator, client_for):
    subject = register()
    client = client_for(coordinator)
    for address in (url(), url(subject)):
        assert client.get(address).status_code == 200
        entry = AuditEntry.objects.filter(action="view", actor=coordinator).latest("pk")
        assert list(AuditRead.objects.filter(entry=entry).values_list("object_id", flat=True)) == [str(subject.pk)]


@pytest.mark.parametrize("role", [Role.ENHETSCHEF, Role.FORVALTNINGSCHEF, Role.GRANSKARE, Role.MEDARBETARE])
def test_only_the_municipality_s_quality_coordinator_reaches_the_register(world, register, client_for, role):
    subject = register()
    person = UserFactory()
    RoleAssignmentFactory(user=person, role=role, unit=world.namnd, include_subunits=True)
    client = client_for(person)
    assert client.get(url()).status_code == 404
    assert client.get(url(subject)).status_code == 404


def test_another_municipality_s_coordinator_does_not_reach_it(world, register, client_for):
    subject = register()
    other = UserFactory()
    top = Unit.objects.get(municipality=world.m2, parent__isnull=True)
    RoleAssignmentFactory(user=other, role=Role.KVALITETSSAMORDNARE, unit=top, include_subunits=True)
    client = client_for(other)
    assert client.get(url(subject)).status_code == 404
    assert client.get(url(subject, slug="andra")).status_code == 404


def test_a_request_due_within_a_week_or_overdue_is_a_task_until_answered(register, coordinator):
    later = register(received_on=TODAY)
    soon = register(received_on=TODAY - datetime.timedelta(days=25))
    titles = [t.title for t in tasks.tasks_for(coordinator, TODAY)]
    assert titles == [f"Begäran {soon.pk} om radering (art. 17) ska besvaras"]
    assert later.pk not in [int(t.title.split()[1]) for t in tasks.tasks_for(coordinator, TODAY)]

    services.subject_request_decide(actor=coordinator, request=soon, outcome="refused", reason="Allmän handling.", measures="")
    services.subject_request_answer(actor=coordinator, request=soon, answered_on=TODAY)
    assert tasks.tasks_for(coordinator, TODAY) == []


def test_a_decision_sent_without_a_choice_says_what_to_choose(register, coordinator, client_for):
    response = client_for(coordinator).post(url(register()), {"action": "decide", "decide-version": "1"})
    assert response.status_code == 422
    assert "Välj om begäran bifalls, bifalls delvis eller avslås." in response.content.decode()
