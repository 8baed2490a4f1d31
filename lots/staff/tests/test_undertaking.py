import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.staff import services
from lots.staff.models import Undertaking, UndertakingText

pytestmark = pytest.mark.django_db


def test_the_employee_confirms_the_undertaking_themselves_with_the_text_version(
    client_for, employee, employment, undertaking_text
):
    response = client_for(employee).post(reverse("staff:sign", args=[employment.pk]))

    assert response.status_code == 302
    undertaking = Undertaking.objects.get()
    assert (undertaking.employment, undertaking.signed_by, undertaking.text) == (employment, employee, undertaking_text)
    entry = AuditEntry.objects.filter(note="Sekretessförbindelse bekräftad").get()
    assert entry.actor == employee and entry.changes["version"] == [None, 1]


@pytest.mark.parametrize("role", [Role.ENHETSCHEF, Role.HR, Role.FORVALTNINGSCHEF])
def test_nobody_else_can_confirm_it_for_the_employee(world, client_for, employment, undertaking_text, role):
    response = client_for(world.persona(role)).post(reverse("staff:sign", args=[employment.pk]))

    assert response.status_code == 403
    assert not Undertaking.objects.exists()


def test_the_service_refuses_a_signature_by_anyone_but_the_employee(manager, employment, undertaking_text):
    with pytest.raises(PermissionDenied):
        services.undertaking_sign(actor=manager, employment=employment)
    assert not Undertaking.objects.exists()


def test_the_manager_sees_no_sign_button_on_the_employees_page(client_for, manager, employment, undertaking_text):
    page = client_for(manager).get(reverse("staff:employment", args=[employment.pk])).content.decode()

    assert reverse("staff:sign", args=[employment.pk]) not in page
    assert "Inte bekräftad" in page


def test_a_second_confirmation_of_the_same_version_is_refused(client_for, employee, employment, undertaking_text):
    services.undertaking_sign(actor=employee, employment=employment)

    response = client_for(employee).post(reverse("staff:sign", args=[employment.pk]))

    assert response.status_code == 422
    assert Undertaking.objects.count() == 1


def test_a_new_text_is_a_new_version_and_the_old_one_is_kept(world, hr, employee, employment, undertaking_text):
    services.undertaking_sign(actor=employee, employment=employment)

    newer = services.undertaking_text_publish(actor=hr, municipality=world.m1, body="Ny text om tystnadsplikt.")

    assert newer.version == 2
    undertaking_text.refresh_from_db()
    assert undertaking_text.body.startswith("Jag förbinder mig")
    assert Undertaking.objects.get().text == undertaking_text
    services.undertaking_sign(actor=employee, employment=employment)
    assert sorted(Undertaking.objects.values_list("text__version", flat=True)) == [1, 2]


def test_publishing_the_same_text_again_is_refused(world, hr, undertaking_text):
    with pytest.raises(ValidationError):
        services.undertaking_text_publish(actor=hr, municipality=world.m1, body=undertaking_text.body)
    assert UndertakingText.objects.count() == 1


def test_the_employee_page_shows_the_confirmation_and_its_version(client_for, employee, employment, undertaking_text):
    services.undertaking_sign(actor=employee, employment=employment)

    page = client_for(employee).get(reverse("staff:mine")).content.decode()

    assert "version 1 av texten" in page
    assert reverse("staff:sign", args=[employment.pk]) not in page
