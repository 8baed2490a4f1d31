import datetime
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from lots.accounts import sessions
from lots.accounts.models import ActiveSession
from lots.audit.models import AuditEntry
from lots.testing.factories import UserFactory

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def person(db):
    return UserFactory(username="emma", first_name="Emma", last_name="Ek")


def signed_in(person, agent=FIREFOX, address="10.0.0.1") -> Client:
    """A browser of its own, signed in through the login page."""
    browser = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = browser.post(reverse("accounts:login"), {"username": person.username, "password": "test-password-123"})
    assert response.status_code == 302
    return browser


def row_of(browser) -> ActiveSession:
    return ActiveSession.objects.get(pk=browser.session[sessions.ROW])


def is_signed_in(browser) -> bool:
    return browser.get(reverse("accounts:profile")).status_code == 200


def age_session(browser, **fields) -> None:
    session = browser.session
    for name, value in fields.items():
        session[name] = value
    session.save()


def test_signing_in_writes_the_session_down_with_browser_and_address(person):
    browser = signed_in(person)
    row = row_of(browser)
    assert (row.user, row.ip, row.user_agent) == (person, "10.0.0.1", FIREFOX)
    assert row.key_hash == ActiveSession.hash_key(browser.session.session_key)
    assert browser.session.session_key not in (row.key_hash, row.sealed_key)


def test_a_user_agent_with_control_characters_is_kept_without_them(person):
    browser = signed_in(person, agent="Firefox/133.0\x00\x07 (Linux)")
    assert row_of(browser).user_agent == "Firefox/133.0 (Linux)"


def test_the_session_list_shows_each_session_and_marks_this_one(person):
    laptop = signed_in(person)
    signed_in(person, agent=IPHONE, address="192.0.2.7")
    html = laptop.get(reverse("accounts:sessions")).content.decode()
    assert "Firefox på Windows" in html and "Safari på iPhone" in html and "192.0.2.7" in html
    assert html.count("Den här inloggningen") == 1
    assert html.count("/avsluta/") == 1  # only the other session has its own button


def test_the_profile_links_to_the_session_list(person):
    html = signed_in(person).get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:sessions") in html


def test_ending_another_session_signs_that_browser_out_and_is_audited(person):
    laptop, phone = signed_in(person), signed_in(person, agent=IPHONE)
    response = laptop.post(reverse("accounts:session_end", args=[row_of(phone).pk]))
    assert response.status_code == 302
    assert not is_signed_in(phone)
    assert is_signed_in(laptop)
    entry = AuditEntry.objects.get(action="session_end")
    assert (entry.actor, entry.object_id) == (person, str(person.pk))


def test_ending_the_django_session_itself_removes_it_from_the_store(person):
    laptop, phone = signed_in(person), signed_in(person)
    key = phone.session.session_key
    laptop.post(reverse("accounts:session_end", args=[row_of(phone).pk]))
    assert not import_module(settings.SESSION_ENGINE).SessionStore().exists(key)


def test_one_cannot_end_someone_elses_session_or_the_one_in_use(person):
    other = signed_in(UserFactory())
    laptop = signed_in(person)
    assert laptop.post(reverse("accounts:session_end", args=[row_of(other).pk])).status_code == 404
    assert laptop.post(reverse("accounts:session_end", args=[row_of(laptop).pk])).status_code == 404
    assert is_signed_in(other) and is_signed_in(laptop)
    assert not AuditEntry.objects.filter(action="session_end").exists()


def test_ending_all_other_sessions_keeps_this_one(person):
    laptop, phone, tablet = signed_in(person), signed_in(person), signed_in(person)
    response = laptop.post(reverse("accounts:sessions_end_others"), follow=True)
    assert "alla andra inloggningar (2)" in response.content.decode()
    assert not is_signed_in(phone) and not is_signed_in(tablet)
    assert is_signed_in(laptop)
    assert list(ActiveSession.objects.filter(user=person)) == [row_of(laptop)]
    assert AuditEntry.objects.get(action="session_end").changes == {"sessions": [2, 0]}


def test_signing_in_clears_away_the_persons_timed_out_sessions(person):
    old = signed_in(person)
    ActiveSession.objects.filter(pk=row_of(old).pk).update(last_seen_at=timezone.now() - datetime.timedelta(hours=1))
    fresh = signed_in(person)
    assert list(ActiveSession.objects.filter(user=person)) == [row_of(fresh)]


def test_logging_out_removes_the_session_from_the_list(person):
    laptop = signed_in(person)
    laptop.post(reverse("accounts:logout"))
    assert not ActiveSession.objects.filter(user=person).exists()


@override_settings(LOTS_SESSION_MAX_HOURS=2)
def test_a_session_older_than_the_absolute_lifetime_ends_however_active(person):
    laptop = signed_in(person)
    age_session(laptop, **{sessions.STARTED_AT: time.time() - 2 * 3600 - 5})
    response = laptop.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    page = laptop.get(response.url).content.decode()
    assert "mer än 2 timmar i sträck" in page
    assert not is_signed_in(laptop)
    assert not ActiveSession.objects.filter(user=person).exists()
    assert AuditEntry.objects.filter(action="session_end", actor=person).exists()


@override_settings(LOTS_SESSION_MAX_HOURS=2)
def test_a_session_younger_than_the_absolute_lifetime_goes_on(person):
    laptop = signed_in(person)
    age_session(laptop, **{sessions.STARTED_AT: time.time() - 2 * 3600 + 60})
    assert is_signed_in(laptop)


def test_a_session_whose_record_is_gone_is_signed_out_at_its_next_check(person):
    laptop = signed_in(person)
    ActiveSession.objects.filter(user=person).delete()
    age_session(laptop, **{sessions.SEEN_AT: time.time() - 120})
    response = laptop.get(reverse("accounts:profile"), follow=True)
    assert "avslutades från en annan inloggning" in response.content.decode()
    assert not is_signed_in(laptop)


def test_the_last_seen_time_is_written_at_most_once_a_minute(person, django_assert_num_queries):
    laptop = signed_in(person)
    first = row_of(laptop).last_seen_at
    laptop.get(reverse("accounts:profile"))
    assert row_of(laptop).last_seen_at == first
    age_session(laptop, **{sessions.SEEN_AT: time.time() - 61})
    laptop.get(reverse("accounts:profile"), REMOTE_ADDR="10.0.0.9")
    row = row_of(laptop)
    assert row.last_seen_at > first and row.ip == "10.0.0.9"


def test_a_cycled_session_key_is_followed(person):
    laptop, phone = signed_in(person), signed_in(person)
    session = laptop.session
    session.cycle_key()
    session.save()
    laptop.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert is_signed_in(laptop)
    assert row_of(laptop).key_hash == ActiveSession.hash_key(session.session_key)
    phone.post(reverse("accounts:session_end", args=[row_of(laptop).pk]))
    assert not is_signed_in(laptop)


def test_changing_the_password_ends_the_other_sessions(person):
    laptop, phone = signed_in(person), signed_in(person)
    response = laptop.post(
        reverse("accounts:password_change"),
        {
            "old_password": "test-password-123",
            "new_password1": "Tre-ord-som-inte-hor-ihop",
            "new_password2": "Tre-ord-som-inte-hor-ihop",
        },
    )
    assert response.status_code == 302
    assert is_signed_in(laptop) and not is_signed_in(phone)
    assert list(ActiveSession.objects.filter(user=person)) == [row_of(laptop)]


def test_deactivating_a_person_ends_all_their_sessions(person):
    laptop, phone = signed_in(person), signed_in(person)
    person.is_active = False
    person.save()
    assert not ActiveSession.objects.filter(user=person).exists()
    person.is_active = True
    person.save()  # the Django sessions were deleted, not just refused while inactive
    assert not is_signed_in(laptop) and not is_signed_in(phone)


def test_a_session_of_an_account_switched_off_behind_the_models_back_ends_for_good(person):
    laptop = signed_in(person)
    type(person).objects.filter(pk=person.pk).update(is_active=False)  # no signal: a bulk update
    assert not is_signed_in(laptop)
    assert not ActiveSession.objects.filter(user=person).exists()
    type(person).objects.filter(pk=person.pk).update(is_active=True)
    assert not is_signed_in(laptop)


@pytest.mark.parametrize(
    ("agent", "shown"),
    [
        (FIREFOX, "Firefox på Windows"),
        (IPHONE, "Safari på iPhone"),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
            "Chrome på Android",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Edg/131.0",
            "Edge på Windows",
        ),
        ("", "Okänd webbläsare"),
        ("curl/8.5.0", "curl/8.5.0"),
        ("x" * 100, "x" * 39 + "…"),
    ],
)
def test_a_user_agent_is_shortened_to_browser_and_system(agent, shown):
    assert sessions.describe_user_agent(agent) == shown


def test_signing_in_again_within_the_same_session_starts_its_row_afresh(person):
    browser = Client(HTTP_USER_AGENT=FIREFOX)
    browser.force_login(person)
    first = row_of(browser)
    browser.force_login(person)  # the same person again: Django keeps the session key

    assert ActiveSession.objects.filter(user=person).count() == 1
    assert row_of(browser).pk == first.pk and is_signed_in(browser)


def test_an_ordinary_request_does_not_touch_the_session_records(person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    laptop = signed_in(person)
    laptop.get(reverse("accounts:profile"))
    with CaptureQueriesContext(connection) as captured:
        laptop.get(reverse("home:start"))
    assert not [q for q in captured.captured_queries if "accounts_activesession" in q["sql"]]


@override_settings(LOTS_SESSION_MAX_HOURS=2)
def test_an_api_call_on_a_session_past_its_lifetime_answers_json(person):
    laptop = signed_in(person)
    age_session(laptop, **{sessions.STARTED_AT: time.time() - 3 * 3600})
    response = laptop.get("/api/v1/me")
    assert response.status_code == 401 and "mer än 2 timmar" in response.json()["detail"]
