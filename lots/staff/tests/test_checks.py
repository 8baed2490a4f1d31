import datetime

import pytest
from django import forms as django_forms
from django.urls import reverse

from lots.staff import forms, services, tasks
from lots.staff.models import CheckKind, ExtractType, HiringCheck, Outcome

pytestmark = pytest.mark.django_db


def record_check(employment):
    return employment.checks.get(kind=CheckKind.RECORD_EXTRACT)


def post_record(client, check, **overrides):
    data = {
        f"check-{check.pk}-done_on": overrides.pop("done_on", datetime.date.today().isoformat()),
        f"check-{check.pk}-extract_type": overrides.pop("extract_type", ExtractType.CHILDREN),
        f"check-{check.pk}-outcome": overrides.pop("outcome", Outcome.NO_OBSTACLE),
        f"check-{check.pk}-version": overrides.pop("version", check.version),
    }
    return client.post(reverse("staff:check", args=[check.pk]), data)


def test_a_new_employment_starts_every_hiring_check(employment):
    assert sorted(employment.checks.values_list("kind", flat=True)) == sorted(CheckKind.values)
    assert set(employment.checks.values_list("status", flat=True)) == {HiringCheck.Status.PENDING}


def test_the_manager_records_that_the_extract_was_shown_with_type_outcome_and_checker(client_for, manager, employment):
    check = record_check(employment)

    response = post_record(client_for(manager), check)

    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.status, check.checked_by, check.extract_type, check.outcome) == (
        HiringCheck.Status.DONE,
        manager,
        ExtractType.CHILDREN,
        Outcome.NO_OBSTACLE,
    )


def test_the_record_check_needs_its_type_and_outcome_next_to_the_fields(client_for, manager, employment):
    check = record_check(employment)

    response = post_record(client_for(manager), check, extract_type="", outcome="")

    assert response.status_code == 422
    form = next(c.form for c in response.context["checks"] if c.pk == check.pk)
    assert set(form.errors) == {"extract_type", "outcome"}
    check.refresh_from_db()
    assert check.status == HiringCheck.Status.PENDING


def test_a_date_in_the_future_is_refused(client_for, manager, employment):
    check = record_check(employment)

    response = post_record(client_for(manager), check, done_on=(datetime.date.today() + datetime.timedelta(days=3)).isoformat())

    assert response.status_code == 422
    assert "done_on" in next(c.form for c in response.context["checks"] if c.pk == check.pk).errors


def test_a_concurrent_edit_answers_409_and_keeps_what_was_typed(client_for, manager, hr, employment):
    check = record_check(employment)
    version = check.version
    services.check_record(
        actor=hr,
        check=check,
        done_on=datetime.date.today(),
        extract_type=ExtractType.LSS,
        outcome=Outcome.DECISION,
        expected_version=version,
    )

    response = post_record(client_for(manager), HiringCheck.objects.get(pk=check.pk), version=version)

    assert response.status_code == 409
    check.refresh_from_db()
    assert (check.checked_by, check.extract_type) == (hr, ExtractType.LSS)


def test_the_employee_cannot_record_their_own_checks(client_for, employee, employment):
    response = post_record(client_for(employee), record_check(employment))

    assert response.status_code == 403


def test_another_units_manager_gets_404(client_for, other_manager, employment):
    response = post_record(client_for(other_manager), record_check(employment))

    assert response.status_code == 404


# Never the extract itself.


def test_no_form_of_the_staff_side_except_the_hr_import_has_a_file_field():
    for name in dir(forms):
        form_class = getattr(forms, name)
        if (
            not (isinstance(form_class, type) and issubclass(form_class, django_forms.BaseForm))
            or form_class is forms.ImportUploadForm
        ):
            continue
        assert not any(isinstance(f, django_forms.FileField) for f in form_class.base_fields.values()), name


def test_the_check_form_has_no_file_field_and_the_page_no_file_input(client_for, manager, employment):
    check = record_check(employment)
    form = forms.CheckForm(check=check)
    assert not any(isinstance(f, django_forms.FileField) for f in form.fields.values())
    assert set(form.fields) == {"done_on", "extract_type", "outcome", "version"}

    page = client_for(manager).get(reverse("staff:employment", args=[employment.pk])).content.decode()

    assert 'type="file"' not in page and "multipart" not in page


def test_the_check_model_has_no_field_for_a_file():
    from django.db import models

    assert not any(isinstance(f, models.FileField) for f in HiringCheck._meta.get_fields())


def test_the_api_takes_no_file_anywhere_in_the_staff_operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    staff = {path: ops for path, ops in schema["paths"].items() if path.startswith("/api/v1/staff")}
    assert staff
    text = str(staff) + str(schema.get("components", {}).get("schemas", {}).get("CheckOut", {}))
    assert "multipart/form-data" not in text and "binary" not in text
    for ops in staff.values():
        for op in ops.values():
            assert set(op.get("requestBody", {}).get("content", {})) <= {"application/json"}


# Units that work with children.


def test_a_childrens_unit_requires_the_record_check_by_the_start_date(world, hr, employ, today):
    services.unit_setting_save(actor=hr, unit=world.own, works_with_children=True, expected_version=None)
    starts = today + datetime.timedelta(days=20)

    check = record_check(employ(starts_on=starts))

    assert check.required_before_start and check.due_on == starts


def test_elsewhere_the_record_check_is_not_required_before_the_start(employ, today):
    starts = today + datetime.timedelta(days=20)

    check = record_check(employ(starts_on=starts))

    assert not check.required_before_start and check.due_on > starts


def test_a_missing_check_at_a_childrens_unit_is_the_managers_task_overdue_from_the_start(world, hr, manager, employ, today):
    services.unit_setting_save(actor=hr, unit=world.own, works_with_children=True, expected_version=None)
    employment = employ(starts_on=today - datetime.timedelta(days=1))

    found = [t for t in tasks.tasks_for(manager, today) if "krävs före start" in t.title]

    assert len(found) == 1
    assert found[0].due == employment.starts_on and found[0].is_overdue(today)
    assert str(employment.person) in found[0].title


def test_changing_the_setting_moves_the_pending_record_checks(world, hr, employment):
    setting = services.unit_setting_save(actor=hr, unit=world.own, works_with_children=True, expected_version=None)
    check = record_check(employment)
    assert check.required_before_start and check.due_on == employment.starts_on

    services.unit_setting_save(actor=hr, unit=world.own, works_with_children=False, expected_version=setting.version)

    check.refresh_from_db()
    assert not check.required_before_start


def test_only_template_holders_change_the_unit_setting(world, client_for, employee):
    response = client_for(employee).post(
        reverse("staff:template", args=[world.own.pk]),
        {"action": "setting", "setting-works_with_children": "on", "setting-version": 1},
    )

    assert response.status_code == 404


def test_the_manager_sets_the_unit_to_work_with_children(world, client_for, manager):
    response = client_for(manager).post(
        reverse("staff:template", args=[world.own.pk]),
        {"action": "setting", "setting-works_with_children": "on", "setting-version": 1},
    )

    assert response.status_code == 302
    assert services.works_with_children(world.own)
