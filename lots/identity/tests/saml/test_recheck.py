"""Every recheck_seconds the IdP is asked, without the person seeing it, whether it still accepts them."""

import re
import time
from html import unescape
from urllib.parse import urlsplit
from urllib.request import urlopen

from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.identity import saml
from lots.identity.tests.saml.conftest import _form_fields, sign_in_at_idp


def signed_in(client, provider, username="anna"):
    acs, form = sign_in_at_idp(client, provider, username=username)
    assert client.post(acs, form).status_code == 302


def make_due(client):
    session = client.session
    session[saml.CHECK_AT] = time.time() - 1
    session.save()


def round_trip(client, response):
    """Follow the passive check: Lots' page that moves on → the IdP answers at once → the answer posted back."""
    assert response.status_code == 302 and "check=1" in response.url
    page = client.get(response.url)
    location = unescape(re.search(r'<a id="saml-continue" href="([^"]+)"', page.content.decode()).group(1))
    with urlopen(location, timeout=10) as reply:
        answer = reply.read().decode()
    action = re.search(r'<form id="back" method="post" action="([^"]+)"', answer).group(1)
    posted = client.post(urlsplit(action).path, _form_fields(answer))
    assert posted.status_code == 302
    return client.get(posted.url)


def test_a_page_load_after_the_interval_asks_the_idp_passively_and_goes_on_when_it_still_accepts(client, provider, anna, idp):
    signed_in(client, provider)
    assert client.session[saml.CHECK_AT] - time.time() > 14 * 60
    make_due(client)
    idp.behaviour = {"passive_as": "anna"}
    final = round_trip(client, client.get(reverse("accounts:profile")))
    assert idp.requests[-1]["passive"]
    assert final.status_code == 302 and final.url == reverse("accounts:profile")
    assert client.get(final.url).status_code == 200
    assert int(client.session["_auth_user_id"]) == anna.pk
    assert client.session[saml.CHECK_AT] > time.time()


def test_the_session_ends_when_the_idp_no_longer_has_the_person(client, provider, anna, idp):
    signed_in(client, provider)
    make_due(client)
    final = round_trip(client, client.get(reverse("accounts:profile")))
    assert final.status_code == 302 and final.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(actor=anna, action="session_end", note__contains="godtar inte längre").exists()


def test_the_session_ends_when_the_idp_answers_for_someone_else(client, provider, anna, bertil, idp):
    signed_in(client, provider)
    make_due(client)
    idp.behaviour = {"passive_as": "bertil"}
    final = round_trip(client, client.get(reverse("accounts:profile")))
    assert final.url.startswith(reverse("accounts:login")) and "_auth_user_id" not in client.session


def test_a_check_answer_cannot_be_used_twice(client, provider, anna, idp):
    signed_in(client, provider)
    make_due(client)
    idp.behaviour = {"passive_as": "anna"}
    first = client.get(reverse("accounts:profile"))
    page = client.get(first.url)
    location = unescape(re.search(r'<a id="saml-continue" href="([^"]+)"', page.content.decode()).group(1))
    with urlopen(location, timeout=10) as reply:
        answer = reply.read().decode()
    action = re.search(r'<form id="back" method="post" action="([^"]+)"', answer).group(1)
    checked_url = client.post(urlsplit(action).path, _form_fields(answer)).url
    assert client.get(checked_url).status_code == 302
    make_due(client)
    client.get(checked_url)
    assert client.get(reverse("accounts:profile")).status_code == 302  # still due: the old answer did not count


def test_a_post_after_the_interval_is_let_through_until_twice_the_interval_has_passed(client, provider, anna):
    signed_in(client, provider)
    make_due(client)
    assert client.post(reverse("accounts:profile")).status_code == 200
    session = client.session
    session[saml.CHECK_AT] = time.time() - 2 * saml.RECHECK_SECONDS - 1
    session.save()
    response = client.post(reverse("accounts:profile"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_the_interval_is_the_idps_recheck_seconds(client, provider, anna):
    provider.config = {**provider.config, "recheck_seconds": 120}
    provider.save(update_fields=["config"])
    signed_in(client, provider)
    assert 100 < client.session[saml.CHECK_AT] - time.time() <= 120


def test_an_api_call_after_the_interval_is_not_sent_round_the_idp(client, provider, anna):
    signed_in(client, provider)
    make_due(client)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code != 302


def test_a_check_is_only_started_for_a_session_from_that_idp(client, provider, anna, idp):
    client.force_login(anna)
    response = client.get(reverse("identity:saml_login", args=[provider.slug]) + "?check=1&next=/risker/")
    assert response.status_code == 302 and response.url == "/risker/"
    assert idp.requests == []


def test_a_forged_or_missing_check_answer_changes_nothing(client, provider, anna):
    signed_in(client, provider)
    checked = reverse("identity:saml_checked", args=[provider.slug])
    for query in ("", "?t=", "?t=inte-signerat", "?t=" + "A" * 5000):
        assert client.get(checked + query).status_code == 302
    assert int(client.session["_auth_user_id"]) == anna.pk
    assert client.get(reverse("identity:saml_acs", args=[provider.slug])).status_code == 405
