from django.conf import settings
from django.urls import reverse


def test_swedish_is_the_default_even_for_english_browsers(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "sv"
    assert "Logga in i Lots" in response.content.decode()


def test_english_can_be_chosen(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Log in to Lots" in html


def test_an_unknown_language_cookie_falls_back_to_swedish(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get(reverse("accounts:login"))["Content-Language"] == "sv"


def test_switching_language_when_signed_in_stores_it_on_the_account_with_an_audit_entry(world, client_for):
    from lots.audit.models import AuditEntry

    person = world.persona("medarbetare")
    client = client_for(person)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home:start")})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "en"
    entry = AuditEntry.objects.filter(action="update").latest("id")
    assert entry.actor == person and set(entry.changes) == {"language"}
    client.post(reverse("set_language"), {"language": "en"})
    assert AuditEntry.objects.filter(action="update").count() == 1  # no change, no entry
    client.post(reverse("set_language"), {"language": "sv"})
    person.refresh_from_db()
    assert person.language == "sv"


def test_an_unknown_language_is_not_stored_and_anonymous_switching_only_sets_the_cookie(world, client, client_for):
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 302 and client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    person = world.persona("medarbetare")
    client_for(person).post(reverse("set_language"), {"language": "xx"})
    person.refresh_from_db()
    assert person.language == ""


def test_the_language_switch_takes_only_post(db, client):
    assert client.get(reverse("set_language")).status_code == 405


def test_the_service_refuses_an_unknown_language(world):
    import pytest
    from django.core.exceptions import ValidationError

    from lots.accounts.services import person_set_language

    person = world.persona("medarbetare")
    with pytest.raises(ValidationError):
        person_set_language(person=person, language="xx", actor=person)
