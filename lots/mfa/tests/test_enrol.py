"""Setting up a second factor: the authenticator app with its QR code, the first recovery codes, and new ones."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.audit.models import AuditEntry
from lots.mfa import devices, session
from lots.mfa.tests.helpers import code, with_totp

pytestmark = pytest.mark.usefixtures("enforced")

ENROL = reverse("mfa:enrol")


def test_the_enrolment_page_shows_a_qr_code_and_the_secret_typed_out_and_keeps_them_on_reload(client, manager):
    client.force_login(manager)
    page = client.get(ENROL + "?next=/avvikelser/").content.decode()
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    assert '<svg role="img" aria-label="QR-kod för autentiseringsappen"' in page
    assert "Din roll ger dig tillgång till sekretessuppgifter" in page
    secret = client.get(ENROL).context["secret"]
    assert secret.replace(" ", "") and TOTPDevice.objects.filter(user=manager).count() == 1
    assert device.config_url.startswith("otpauth://totp/Lots%3A")


def test_the_first_code_confirms_the_app_and_shows_recovery_codes_once(client, manager):
    client.force_login(manager)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=manager)
    response = client.post(ENROL + "?next=/avvikelser/", {"totp-code": code(device), "next": "/avvikelser/"})
    assert response.url == reverse("mfa:recovery_codes") + "?next=%2Favvikelser%2F"
    device.refresh_from_db()
    assert device.confirmed and client.session[session.STRONG_METHOD] == "totp"
    page = client.get(response.url)
    codes = page.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    assert "Jag har sparat koderna" in page.content.decode() and page.context["next"] == "/avvikelser/"
    assert client.get(response.url).status_code == 302  # shown once
    assert client.get("/avvikelser/").status_code == 200
    notes = list(AuditEntry.objects.filter(object_id=str(manager.pk)).values_list("note", flat=True))
    assert "Autentiseringsapp tillagd" in notes and "Nya reservkoder" in notes


def test_a_wrong_first_code_keeps_the_same_secret_and_says_why(client, manager):
    client.force_login(manager)
    secret = client.get(ENROL).context["secret"]
    device = TOTPDevice.objects.get(user=manager)
    wrong = "000000" if code(device) != "000000" else "111111"
    response = client.post(ENROL, {"totp-code": wrong})
    assert response.status_code == 422
    assert response.context["form"].errors["code"] == ["Koden stämmer inte. Skriv den sexsiffriga kod som appen visar just nu."]
    assert response.context["secret"] == secret
    assert not devices.has_primary_factor(manager)


def test_a_person_with_a_factor_shows_it_before_adding_another(client, manager):
    with_totp(manager)
    client.force_login(manager)
    assert client.get(ENROL).url.startswith(reverse("mfa:verify"))


def test_new_recovery_codes_replace_the_old_ones(client, manager):
    _device, old = with_totp(manager, recovery_codes=True)
    client.force_login(manager)
    s = client.session
    s[session.STRONG_AT] = __import__("time").time()
    s.save()
    response = client.post(reverse("mfa:recovery_codes_renew"))
    new = client.get(response.url).context["codes"]
    assert set(new) == set(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    assert not set(old) & set(new)
