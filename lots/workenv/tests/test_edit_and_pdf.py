import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lots.lib.pdf import text_outside_pages
from lots.workenv import services
from lots.workenv.models import Delegation, WorkTask
from lots.workenv.tests.conftest import TEXTS, delegate, sign_both
from lots.workenv.views import _detail_context

pytestmark = pytest.mark.django_db


def _edit_data(delegation, tasks, **changes):
    return {
        **TEXTS,
        "return_procedure": delegation.return_procedure,
        "tasks": [t.pk for t in tasks],
        "version": delegation.version,
        **changes,
    }


def test_the_delegator_edits_a_pending_delegation(client_for, world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    response = client_for(line.fc).post(reverse("workenv:edit", args=[d.pk]), _edit_data(d, line.tasks[:2]))
    assert response.status_code == 302
    assert set(d.delegated_tasks.values_list("task_id", flat=True)) == {t.pk for t in line.tasks[:2]}


def test_a_concurrent_edit_answers_409_and_keeps_what_was_typed(client_for, world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    data = _edit_data(d, line.tasks[:1], activity="Mitt nya område.")
    services.delegation_sign(actor=line.ac, delegation=d, expected_version=d.version)
    response = client_for(line.fc).post(reverse("workenv:edit", args=[d.pk]), data)
    body = response.content.decode()
    assert response.status_code == 409 and "Mitt nya område." in body
    assert f'value="{Delegation.objects.get(pk=d.pk).version}"' in body


def test_an_edit_without_tasks_answers_422_at_the_field(client_for, world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    response = client_for(line.fc).post(reverse("workenv:edit", args=[d.pk]), _edit_data(d, []))
    assert response.status_code == 422 and 'id="id_tasks_errors"' in response.content.decode()


def test_a_delegation_in_force_is_not_edited_but_replaced(client_for, world, line, in_force):
    assert client_for(line.fc).get(reverse("workenv:edit", args=[in_force.pk])).status_code == 403
    response = client_for(line.fc).get(reverse("workenv:new"), {"ersatter": in_force.pk})
    assert response.status_code == 200 and in_force.reference in response.content.decode()


def test_a_catalogue_edit_on_a_stale_version_answers_409(client_for, world, line):
    task = line.tasks[0]
    stale = task.version
    services.work_task_update(
        actor=line.coordinator,
        task=task,
        expected_version=stale,
        title="Ny titel",
        description="",
        basis="",
        position=1,
        is_active=True,
    )
    response = client_for(line.coordinator).post(
        reverse("workenv:task_edit", args=[task.pk]), {"title": "Min titel", "position": 2, "version": stale}
    )
    assert response.status_code == 409 and "Min titel" in response.content.decode()
    assert WorkTask.objects.get(pk=task.pk).title == "Ny titel"


def test_the_list_reads_a_fixed_number_of_queries(client_for, world, line, django_assert_max_num_queries):
    client = client_for(line.coordinator)
    delegate(line.fc, world.own, line.ac, line.tasks[:1])
    client.get(reverse("workenv:list"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("workenv:list"))
    for n in range(1, 6):
        delegate(line.fc, world.own, line.ac, line.tasks[n : n + 1])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("workenv:list"))


def test_nothing_in_the_pdf_runs_off_the_page(rf, world, line):
    long_text = "Ansvarsområdet " + "Arbetsmiljöuppgiftsfördelningsdokumentet" * 4 + "\n" + "rad " * 400
    d = sign_both(delegate(line.fc, world.own, line.ac, line.tasks, further=True, activity=long_text))
    services.task_return_create(actor=line.ac, delegation=d, tasks=line.tasks[:2], ground="training", text=long_text)
    request = rf.get("/")
    request.user = line.ac
    html = render_to_string("workenv/pdf.html", {**_detail_context(request, d), "today": timezone.localdate()})
    assert text_outside_pages(html) == []
