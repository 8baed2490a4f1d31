"""The prompt after signing in: a code from the app, a recovery code, wrong codes, and the lock after them."""

import pytest
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.mfa import session
from lots.mfa.tests.helpers import code, with_totp

pytestmark = pytest.mark.usefixtures("enforced")

VERIFY = reverse("mfa:verify")


def _actions(user):
    return list(AuditEntry.objects.filter(actor=user).order_by("pk").values_list("action", flat=True))


def test_a_right_code_from_the_app_lets_the_person_in_and_goes_on_to_the_page_asked_for(client, manager):
    device = with_totp(manager)
    client.force_login(manager)
    response = client.post(VERIFY, {"method": "totp", "totp-code": code(device, 1), "next": "/avvikelser/"})
    assert response.status_code == 302 and response.url == "/avvikelser/"
    assert client.get("/avvikelser/").status_code == 200
    assert client.session[session.STRONG_METHOD] == "totp"
    assert _actions(manager)[-1] == "second_factor"


def test_a_wrong_code_is_refused_next_to_the_field_and_logged(client, manager):
    device = with_totp(manager)
    client.force_login(manager)
    wrong = "000000" if code(device, 1) != "000000" else "111111"
    response = client.post(VERIFY, {"method": "totp", "totp-code": wrong, "next": "/avvikelser/"})
    assert response.status_code == 422
    assert response.context["totp_form"].errors["code"] == [
        "Koden stämmer inte. Kontrollera att du tittar på Lots i appen och skriv den kod som visas nu."
    ]
    page = response.content.decode()
    assert 'aria-describedby="id_totp-code_helptext id_totp-code_errors"' in page and 'id="id_totp-code_errors"' in page
    assert response.context["next"] == "/avvikelser/"
    assert session.STRONG_AT not in client.session
    assert _actions(manager)[-1] == "second_factor_failed"
    assert client.get("/avvikelser/").status_code == 302


@pytest.mark.parametrize("typed", ["", "12345", "abcdef", "1" * 12])
def test_a_code_that_is_not_six_digits_is_refused_without_trying_it(client, manager, typed):
    with_totp(manager)
    client.force_login(manager)
    response = client.post(VERIFY, {"method": "totp", "totp-code": typed})
    assert response.status_code == 422 and response.context["totp_form"].errors["code"]
    assert "second_factor_failed" not in _actions(manager)


def test_after_a_wrong_code_even_the_right_one_waits_for_the_lock_to_pass(client, manager):
    device = with_totp(manager)
    client.force_login(manager)
    client.post(VERIFY, {"method": "totp", "totp-code": "000000" if code(device, 1) != "000000" else "111111"})
    response = client.post(VERIFY, {"method": "totp", "totp-code": code(device, 1)})
    assert response.status_code == 429
    assert "För många felaktiga försök. Vänta" in response.context["totp_form"].errors["code"][0]
    assert session.STRONG_AT not in client.session
    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # the lock has passed
    device.save(update_fields=["throttling_failure_timestamp"])
    assert client.post(VERIFY, {"method": "totp", "totp-code": code(device, 1)}).status_code == 302


def test_a_recovery_code_works_once_and_the_count_left_is_shown(client, manager):
    _device, codes = with_totp(manager, recovery_codes=True)
    client.force_login(manager)
    response = client.post(VERIFY, {"method": "recovery", "recovery-recovery_code": codes[0].upper().replace("-", " ")})
    assert response.status_code == 302
    assert client.session[session.STRONG_METHOD] == "recovery"
    assert "9 reservkoder kvar" in client.get(response.url, follow=True).content.decode()
    client.logout()
    client.force_login(manager)
    again = client.post(VERIFY, {"method": "recovery", "recovery-recovery_code": codes[0]})
    assert again.status_code == 422
    assert again.context["recovery_form"].errors["recovery_code"] == ["Reservkoden stämmer inte eller är redan använd."]
    assert again.context["open_recovery"] is True


def test_an_unknown_method_is_a_bad_request_not_an_error(client, manager):
    with_totp(manager)
    client.force_login(manager)
    assert client.post(VERIFY, {"method": "sms", "totp-code": "123456"}).status_code == 400


def test_next_leading_off_the_site_goes_to_the_start_page_instead(client, manager):
    device = with_totp(manager)
    client.force_login(manager)
    response = client.post(VERIFY, {"method": "totp", "totp-code": code(device, 1), "next": "https://evil.example/"})
    assert response.url == reverse("home:start")


def test_a_person_without_a_factor_asked_for_one_is_sent_to_enrolment(client, manager):
    client.force_login(manager)
    assert client.get(VERIFY + "?next=/avvikelser/").url == reverse("mfa:enrol") + "?next=%2Favvikelser%2F"


def test_the_lock_after_many_wrong_codes_lasts_at_most_about_half_an_hour(client, manager):
    from django.utils import timezone

    from lots.mfa import services

    device = with_totp(manager)
    device.throttling_failure_count = 40  # someone who knew the password guessed all night
    device.throttling_failure_timestamp = timezone.now()
    device.save(update_fields=["throttling_failure_count", "throttling_failure_timestamp"])
    client.force_login(manager)
    response = client.post(VERIFY, {"method": "totp", "totp-code": code(device, 1)})
    assert response.status_code == 429
    device.refresh_from_db()
    assert device.throttling_failure_count == services.MAX_FAILURES_COUNTED
    wait = services._verify(device, code(device, 1)).wait_seconds
    assert 0 < wait <= 2 ** (services.MAX_FAILURES_COUNTED - 1) + 1
