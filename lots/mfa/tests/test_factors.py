"""The person's own page of second factors, and the reset a quality coordinator makes from a person's page."""

import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.mfa import devices, session
from lots.mfa.tests.helpers import with_totp
from lots.testing.factories import RoleAssignmentFactory, UnitFactory

pytestmark = pytest.mark.usefixtures("enforced")


def _strong(client):
    s = client.session
    s[session.STRONG_AT] = time.time()
    s.save()


@pytest.fixture
def coordinator(unit):
    return RoleAssignmentFactory(role=Role.KVALITETSSAMORDNARE, unit=unit).user


def test_the_factor_page_lists_the_app_and_the_recovery_codes_left(client, manager):
    with_totp(manager, recovery_codes=True)
    client.force_login(manager)
    _strong(client)
    page = client.get(reverse("mfa:factors")).content.decode()
    assert "Autentiseringsapp" in page and "Du har 10 oanvända reservkoder." in page


def test_removing_the_last_app_takes_the_recovery_codes_with_it(client, manager):
    device = with_totp(manager, recovery_codes=True)[0]
    client.force_login(manager)
    _strong(client)
    response = client.post(reverse("mfa:factor_remove", args=["app", device.pk]))
    assert response.url == reverse("mfa:factors")
    assert not devices.has_any_factor(manager)
    assert AuditEntry.objects.filter(action="delete", object_id=str(manager.pk), note="Andra faktor borttagen").exists()


def test_someone_elses_factor_cannot_be_removed(client, manager, staff):
    device = with_totp(staff)
    client.force_login(manager)
    _strong(client)
    assert client.post(reverse("mfa:factor_remove", args=["app", device.pk])).status_code == 404
    assert client.post(reverse("mfa:factor_remove", args=["sms", device.pk])).status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_coordinator_resets_a_persons_factors_which_is_logged_and_mailed(
    client, coordinator, manager, django_capture_on_commit_callbacks
):
    with_totp(manager, recovery_codes=True)
    elsewhere = Client()
    elsewhere.force_login(manager)
    client.force_login(coordinator)
    _strong(client)
    page = client.get(reverse("accounts:person", args=[manager.pk])).content.decode()
    assert reverse("mfa:reset", args=[manager.pk]) in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa:reset", args=[manager.pk]))
    assert response.url == reverse("accounts:person", args=[manager.pk])
    assert not TOTPDevice.objects.filter(user=manager).exists() and not StaticDevice.objects.filter(user=manager).exists()
    entry = AuditEntry.objects.get(action="delete", object_id=str(manager.pk), note="Andra faktorer återställda")
    assert entry.actor == coordinator and entry.changes == {"second_factors": [2, 0]}
    [message] = mail.outbox
    assert message.to == [manager.email] and message.subject == "Din andra faktor i Lots är återställd"
    assert "har tagit bort dina andra faktorer" in message.body
    # The person's sessions have ended, and the next sign-in guides them to set one up again.
    assert elsewhere.get(reverse("home:start")).url.startswith(reverse("accounts:login"))
    client.force_login(manager)
    assert client.get(reverse("home:start")).url.startswith(reverse("mfa:enrol"))


def test_a_manager_may_not_reset_and_sees_no_button(client, manager, staff):
    with_totp(staff)
    client.force_login(manager)
    _strong(client)
    assert reverse("mfa:reset", args=[staff.pk]) not in client.get(reverse("accounts:person", args=[staff.pk])).content.decode()
    assert client.post(reverse("mfa:reset", args=[staff.pk])).status_code == 403
    assert devices.has_primary_factor(staff)


def test_a_coordinator_elsewhere_cannot_reach_the_person(client, manager):
    outsider = RoleAssignmentFactory(role=Role.KVALITETSSAMORDNARE, unit=UnitFactory()).user
    with_totp(manager)
    client.force_login(outsider)
    _strong(client)
    assert client.post(reverse("mfa:reset", args=[manager.pk])).status_code == 404
    assert devices.has_primary_factor(manager)
