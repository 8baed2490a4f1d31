"""Step-up: the gravest actions ask for a strong authentication within the last few minutes, and never replay a form."""

import datetime
import time
from urllib.parse import urlencode

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.deviations import services as deviations
from lots.deviations.models import LexSarahInvestigation
from lots.mfa import session, stepup
from lots.mfa.tests.helpers import code, with_totp

pytestmark = pytest.mark.usefixtures("enforced")


def _strong_since(client, seconds_ago: float, method: str = "totp"):
    s = client.session
    s[session.STRONG_AT] = time.time() - seconds_ago
    s[session.STRONG_METHOD] = method
    s.save()


STALE = 6 * 60  # the window is five minutes


# Every view that carries out one of the gravest actions: (method, URL name, arguments, form data).
GRAVEST = [
    ("post", "deviations:ivo", [1], {"action": "decide"}),
    ("post", "deviations:ivo", [1], {"action": "sent"}),
    ("get", "reports:establish", [1], None),
    ("post", "reports:establish", [1], {}),
    ("post", "accounts:role_add", [1], {}),
    ("post", "accounts:role_end", [1, 1], {}),
    ("post", "mfa:reset", [1], {}),
    ("post", "mfa:recovery_codes_renew", [], {}),
    ("post", "mfa:factor_remove", ["app", 1], {}),
    ("post", "accounts:token_create", [], {}),
    ("get", "accounts:people_export", ["csv"], None),
    ("get", "deviations:export", ["xlsx"], None),
    ("get", "feedback:export", ["csv"], None),
    ("get", "audit:search_export", ["csv"], None),
    ("get", "privacy:extract", ["testkommun"], None),
]


@pytest.mark.parametrize(("method", "name", "args", "data"), GRAVEST, ids=lambda v: v if isinstance(v, str) else None)
def test_each_gravest_action_asks_again_when_the_strong_authentication_is_stale(client, manager, method, name, args, data):
    with_totp(manager)
    client.force_login(manager)
    _strong_since(client, STALE)
    response = getattr(client, method)(reverse(name, args=args), data or {}, HTTP_REFERER="http://testserver/start/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa:verify") + "?next=")
    assert response.url.endswith("&steg=1")


@pytest.mark.parametrize("referer", [None, "https://elsewhere.example/konto/personer/1/"])
def test_a_form_sent_from_no_page_or_another_site_comes_back_to_the_start_page(client, manager, referer):
    with_totp(manager)
    client.force_login(manager)
    _strong_since(client, STALE)
    extra = {"HTTP_REFERER": referer} if referer else {}
    response = client.post(reverse("accounts:role_add", args=[1]), {}, **extra)
    assert response.url == reverse("mfa:verify") + "?next=%2F&steg=1"


def test_saving_a_draft_of_the_ivo_notification_is_not_asked_again(client, manager):
    with_totp(manager)
    client.force_login(manager)
    _strong_since(client, STALE)
    response = client.post(reverse("deviations:ivo", args=[1]), {"action": "save"})
    assert response.status_code == 404  # through to the view, which knows no such case


def test_a_fresh_strong_authentication_passes(client, manager):
    with_totp(manager)
    client.force_login(manager)
    _strong_since(client, 60)
    assert client.get(reverse("reports:establish", args=[1])).status_code == 404  # through to the view


def test_a_person_without_a_factor_is_sent_to_enrolment(client, staff):
    client.force_login(staff)
    response = client.get(reverse("accounts:people_export", args=["csv"]))
    assert response.url.startswith(reverse("mfa:enrol") + "?next=")


def _from_provider(user, provider):
    request = RequestFactory().get("/avvikelser/export.csv")
    request.user = user
    request.session = _Session({session.LOGIN_METHOD: provider.protocol, session.LOGIN_PROVIDER: provider.pk})
    return request


def test_a_session_from_an_identity_provider_without_factors_in_lots_is_sent_back_to_it(manager, world_provider):
    response = stepup.step_up_redirect(_from_provider(manager, world_provider))
    assert response.url == reverse("identity:oidc_login", args=["kommunen"]) + "?reauth=1&next=%2Favvikelser%2Fexport.csv"


def test_a_session_from_an_identity_provider_uses_the_factor_kept_in_lots_when_there_is_one(manager, world_provider):
    with_totp(manager)
    response = stepup.step_up_redirect(_from_provider(manager, world_provider))
    assert response.url.startswith(reverse("mfa:verify"))


def test_a_provider_switched_off_since_sends_the_person_to_enrolment_instead(manager, world_provider):
    world_provider.is_active = False
    world_provider.save(update_fields=["is_active"])
    assert stepup.step_up_redirect(_from_provider(manager, world_provider)).url.startswith(reverse("mfa:enrol"))


def test_a_form_sent_with_a_stale_authentication_is_not_carried_out_nor_replayed(client, world):
    deviation = _serious_case(world)
    chief = world.persona(Role.FORVALTNINGSCHEF)
    device = with_totp(chief)
    client.force_login(chief)
    _strong_since(client, STALE)
    page = reverse("deviations:ivo", args=[deviation.pk])
    notification = deviation.ivo_notification
    decision = {
        "action": "decide",
        "decision-decision_basis": "delegation",
        "decision-decision_reference": "Punkt 1.4",
        "decision-decided_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "decision-version": notification.version,
    }
    response = client.post(page, decision, HTTP_REFERER="http://testserver" + page)
    assert response.url == reverse("mfa:verify") + "?next=" + page.replace("/", "%2F") + "&steg=1"
    notification.refresh_from_db()
    assert not notification.is_decided
    prompt = client.get(response.url).content.decode()
    assert "Det du ska göra är av det allvarligaste slaget" in prompt
    assert "Det du skickade är inte sparat än" in prompt
    back = client.post(response.url, {"method": "totp", "totp-code": code(device, 1), "next": page, "steg": "1"})
    assert back.url == page
    assert "formuläret skickades inte, så inget är ändrat än" in client.get(page).content.decode()
    notification.refresh_from_db()
    assert not notification.is_decided  # coming back replays nothing
    assert AuditEntry.objects.filter(actor=chief, action="step_up").count() == 1
    assert client.post(page, decision).status_code == 302
    notification.refresh_from_db()
    assert notification.is_decided


def test_step_up_is_off_with_the_second_factor(client, manager, settings):
    settings.LOTS_SECOND_FACTOR_ENFORCED = False
    client.force_login(manager)
    assert client.get(reverse("reports:establish", args=[1])).status_code == 404


class _Session(dict):
    modified = False


@pytest.fixture
def world_provider(unit):
    from lots.identity.models import IdentityProvider

    return IdentityProvider.objects.create(
        municipality=unit.municipality, name="Kommunens inloggning", slug="kommunen", protocol="oidc"
    )


def _serious_case(world):
    deviations.categories_ensure(municipality=world.m1)
    reporter = world.persona(Role.MEDARBETARE)
    deviation = deviations.deviation_report(
        actor=reporter,
        unit=world.own,
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
        description="Brukaren fick vänta en timme på sitt besök.",
        category=None,
        possible_lex_sarah=True,
    )
    deviations.investigation_update(
        actor=None,
        investigation=deviation.lex_sarah,
        expected_version=None,
        data={"classification": LexSarahInvestigation.Classification.SERIOUS},
    )
    deviation.refresh_from_db()
    return deviation


def test_a_form_sent_from_an_identity_provider_session_goes_to_the_provider_through_a_page_of_ours(
    client, manager, world_provider
):
    """A browser refuses a redirect chain that starts with a form and ends on another site (form-action 'self')."""
    request = RequestFactory().post("/avvikelser/1/ivo/", HTTP_REFERER="http://testserver/avvikelser/1/ivo/")
    request.user = manager
    request.session = _Session({session.LOGIN_METHOD: "oidc", session.LOGIN_PROVIDER: world_provider.pk})
    response = stepup.step_up_redirect(request)
    provider_url = reverse("identity:oidc_login", args=["kommunen"]) + "?reauth=1&next=%2Favvikelser%2F1%2Fivo%2F"
    assert response.url == reverse("mfa:forward") + "?" + urlencode({"to": provider_url})

    client.force_login(manager)
    page = client.get(response.url)
    assert page.status_code == 200
    assert f'content="0;url={provider_url.replace("&", "&amp;")}"' in page.content.decode()


@pytest.mark.parametrize("to", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)", ""])
def test_the_forwarding_page_only_follows_addresses_on_this_site(client, manager, to):
    client.force_login(manager)
    assert client.get(reverse("mfa:forward"), {"to": to}).status_code == 404
