import time

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.mfa import session
from lots.mfa.tests.helpers import with_totp
from lots.workenv import services
from lots.workenv.models import Delegation, TaskReturn
from lots.workenv.tests.conftest import TEXTS, delegate

pytestmark = pytest.mark.django_db


def test_the_tree_shows_the_line_and_its_delegations(client_for, world, line, in_force):
    response = client_for(line.qc if hasattr(line, "qc") else line.coordinator).get(reverse("workenv:index"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Frida Förvaltningschef" in body and "Anders Avdelningschef" in body and "Eva Enhetschef" in body
    assert in_force.reference in body


def test_the_register_is_closed_to_those_without_access(client_for, world, line):
    client = client_for(world.persona(Role.MEDARBETARE))
    assert client.get(reverse("workenv:index")).status_code == 404
    assert client.get(reverse("workenv:list")).status_code == 404


def test_a_delegation_is_drawn_up_in_two_steps(client_for, world, line):
    client = client_for(line.fc)
    response = client.get(reverse("workenv:new"), {"enhet": world.own.pk})
    assert response.status_code == 200 and "Anders Avdelningschef" in response.content.decode()
    data = {**TEXTS, "receiver": line.ac.pk, "tasks": [t.pk for t in line.tasks[:2]], "return_procedure": "Skriftligen."}
    response = client.post(reverse("workenv:new") + f"?enhet={world.own.pk}", data)
    delegation = Delegation.objects.get()
    assert response.status_code == 302 and response.url == delegation.get_absolute_url()


def test_a_duplicate_is_refused_at_the_tasks_field_with_what_was_typed_kept(client_for, world, line):
    first = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    client = client_for(line.fc)
    other = world.persona(Role.AVDELNINGSCHEF)
    data = {**TEXTS, "receiver": other.pk, "tasks": [line.tasks[0].pk], "return_procedure": "Skriftligen."}
    response = client.post(reverse("workenv:new") + f"?enhet={world.own.pk}", data)
    body = response.content.decode()
    assert response.status_code == 422
    assert first.reference in body and 'id="id_tasks_errors"' in body and TEXTS["competence"] in body


def test_missing_contents_are_named_at_their_fields(client_for, world, line):
    response = client_for(line.fc).post(reverse("workenv:new") + f"?enhet={world.own.pk}", {"receiver": line.ac.pk})
    body = response.content.decode()
    assert response.status_code == 422
    for name in ("tasks", "activity", "competence", "authority", "resources"):
        assert f'id="id_{name}_errors"' in body


def test_the_receiver_sees_a_sign_button_and_no_decline(client_for, world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    body = client_for(line.ac).get(d.get_absolute_url()).content.decode()
    assert reverse("workenv:sign", args=[d.pk]) in body
    assert "avböj" not in body.lower().replace("kan inte avböjas", "")


def test_both_sign_through_the_page(client_for, world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    for person in (line.fc, line.ac):
        d.refresh_from_db()
        response = client_for(person).post(
            reverse("workenv:sign", args=[d.pk]), {"sign-version": d.version, "sign-confirm": "on"}
        )
        assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == Delegation.State.IN_FORCE


def test_signing_a_changed_delegation_answers_409(client_for, world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    stale = d.version
    services.delegation_sign(actor=line.fc, delegation=d, expected_version=d.version)
    response = client_for(line.ac).post(reverse("workenv:sign", args=[d.pk]), {"sign-version": stale, "sign-confirm": "on"})
    assert response.status_code == 409


def _strong_since(client, seconds_ago: float):
    s = client.session
    s[session.STRONG_AT] = time.time() - seconds_ago
    s[session.STRONG_METHOD] = "totp"
    s.save()


@pytest.fixture
def enforced(settings):
    settings.LOTS_SECOND_FACTOR_ENFORCED = True
    settings.LOTS_SECOND_FACTOR_ENROLMENT_REQUIRED = True
    return settings


def test_signing_needs_a_recent_strong_authentication_when_the_second_factor_is_enforced(client, enforced, world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    with_totp(line.ac)
    client.force_login(line.ac)
    _strong_since(client, 6 * 60)
    data = {"sign-version": d.version, "sign-confirm": "on"}
    url = reverse("workenv:sign", args=[d.pk])
    response = client.post(url, data, HTTP_REFERER="http://testserver" + d.get_absolute_url())
    assert response.status_code == 302 and response.url.startswith(reverse("mfa:verify"))
    d.refresh_from_db()
    assert d.receiver_signed_at is None
    _strong_since(client, 30)
    assert client.post(url, data).status_code == 302
    d.refresh_from_db()
    assert d.receiver_signed_at is not None


def test_others_may_not_sign(client_for, world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    response = client_for(line.coordinator).post(
        reverse("workenv:sign", args=[d.pk]), {"sign-version": d.version, "sign-confirm": "on"}
    )
    assert response.status_code == 403


def test_the_receiver_returns_tasks_and_the_delegator_answers(client_for, world, line, in_force):
    response = client_for(line.ac).post(
        reverse("workenv:return", args=[in_force.pk]),
        {"return-tasks": [line.tasks[0].pk], "return-ground": "training", "return-text": "Ingen utbildning än."},
    )
    assert response.status_code == 302
    r = TaskReturn.objects.get()
    response = client_for(line.fc).post(
        reverse("workenv:answer", args=[r.pk]),
        {f"answer-{r.pk}-version": r.version, f"answer-{r.pk}-answer": "Kurs i mars.", f"answer-{r.pk}-action_taken": "Bokad."},
    )
    assert response.status_code == 302
    assert TaskReturn.objects.get().is_answered


def test_a_return_without_a_ground_is_refused_at_the_field(client_for, world, line, in_force):
    response = client_for(line.ac).post(
        reverse("workenv:return", args=[in_force.pk]), {"return-tasks": [line.tasks[0].pk], "return-text": "Text kvar."}
    )
    body = response.content.decode()
    assert response.status_code == 422 and 'id="id_return-ground_errors"' in body and "Text kvar." in body


def test_the_pdf_is_made(client_for, world, line, in_force):
    response = client_for(line.ac).get(reverse("workenv:pdf", args=[in_force.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_list_and_export(client_for, world, line, in_force):
    client = client_for(line.coordinator)
    assert in_force.reference in client.get(reverse("workenv:list")).content.decode()
    assert client.get(reverse("workenv:export", args=["csv"])).status_code == 200
    assert client.get(reverse("workenv:list"), {"state": "nonsense"}).status_code == 422


def test_the_catalogue_is_kept_by_the_coordinator(client_for, world, line):
    client = client_for(line.coordinator)
    assert client.get(reverse("workenv:catalogue")).status_code == 200
    response = client.post(reverse("workenv:task_new", args=[world.m1.pk]), {"title": "Brandskydd", "position": 5})
    assert response.status_code == 302
    response = client.post(reverse("workenv:task_new", args=[world.m1.pk]), {"title": "brandskydd", "position": 5})
    assert response.status_code == 422
    assert client_for(line.ac).post(reverse("workenv:task_new", args=[world.m1.pk]), {"title": "X"}).status_code == 404


def test_a_manager_with_nobody_below_is_told_so(client_for, world, line):
    response = client_for(line.ec).get(reverse("workenv:new"), {"enhet": world.sub.pk})
    assert response.status_code == 200 and "Det finns ingen chef under dig" in response.content.decode()


def test_the_tree_names_the_line_managers_only(client_for, world, line, in_force):
    body = client_for(line.coordinator).get(reverse("workenv:index")).content.decode()
    assert "Medarbetare Persona" not in body and "Anders Avdelningschef</span> (avdelningschef)" in body


def test_the_tree_reads_a_fixed_number_of_queries(client_for, world, line, in_force, django_assert_max_num_queries):
    client = client_for(line.coordinator)
    client.get(reverse("workenv:index"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("workenv:index"))
    for n in range(3, 8):
        delegate(line.fc, world.own, line.ac, line.tasks[n : n + 1])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("workenv:index"))


def test_an_enhetschef_sees_the_line_above_their_unit(client_for, world, line, in_force):
    body = client_for(line.ec).get(reverse("workenv:index")).content.decode()
    assert "Förvaltningen" in body and "Egna avdelningen" in body and "Underenheten" in body
    assert "Andra avdelningen" not in body
