"""Role × place × (view, change) for feedback cases, through the real views.

The expected answers are written out here, independently of lots.access.policy,
so that removing or widening a rule there makes a case fail.
"""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.feedback.models import FeedbackCase
from lots.testing.factories import RoleAssignmentFactory

C = FeedbackCase
ALL = sorted(Role.values)
LINE_MANAGERS = {"forvaltningschef", "avdelningschef", "enhetschef"}
VIEWERS = LINE_MANAGERS | {"kvalitetssamordnare"}  # a granskare only under an audit grant
HANDLERS = LINE_MANAGERS | {"kvalitetssamordnare"}
REGISTRARS = LINE_MANAGERS | {"verksamhetsledare", "medarbetare", "kvalitetssamordnare"}
READERS = REGISTRARS | {"granskare", "namndledamot"}
ORIGINAL_REGISTRARS = {"registrator"}


def expected_view(role, place):
    return 200 if role in VIEWERS and place in ("own", "sub") else 404


def expected_change(role, place):
    if expected_view(role, place) == 404:
        return 404
    return 200 if role in HANDLERS else 403


@pytest.fixture
def case_in(make_case):
    def make(world, place):
        return make_case(world.unit(place), reply=C.Reply.EMAIL, contact_email="hemlig@example.invalid", actor=world.outsider)

    return make


@pytest.mark.parametrize("place", ["own", "sub", "other", "foreign"])
@pytest.mark.parametrize("role", ALL)
def test_case_view_and_change(world, client_for, case_in, role, place):
    case = case_in(world, place)
    client = client_for(world.persona(role))
    view = client.get(reverse("feedback:detail", args=[case.pk]))
    assert view.status_code == expected_view(role, place)
    assert client.get(reverse("feedback:edit", args=[case.pk])).status_code == expected_change(role, place)
    assert client.get(reverse("feedback:answer", args=[case.pk])).status_code in (
        {302} if expected_change(role, place) == 200 else {expected_change(role, place)}
    )
    receive = client.post(reverse("feedback:receive", args=[case.pk]), {"version": case.version})
    assert receive.status_code == (302 if expected_change(role, place) == 200 else expected_change(role, place))
    case.refresh_from_db()
    assert (case.status == C.Status.IN_PROGRESS) == (expected_change(role, place) == 200)
    attachment_url = reverse("feedback:attachment", args=[case.pk, 1])
    assert client.get(attachment_url).status_code == 404


@pytest.mark.parametrize("role", sorted(VIEWERS))
def test_contact_details_are_shown_only_to_those_who_handle_the_case(world, client_for, case_in, role):
    case = case_in(world, "own")
    page = client_for(world.persona(role)).get(reverse("feedback:detail", args=[case.pk])).content.decode()
    assert ("hemlig@example.invalid" in page) == (role in HANDLERS)
    assert ("visas bara för dem som handlägger" in page) == (role not in HANDLERS)


@pytest.mark.parametrize("role", ALL)
def test_who_may_register_list_and_compile(world, client_for, role):
    client = client_for(world.persona(role))
    assert client.get(reverse("feedback:register")).status_code == (200 if role in REGISTRARS else 404)
    assert client.get(reverse("feedback:register_original")).status_code == (200 if role in ORIGINAL_REGISTRARS else 404)
    index = client.get(reverse("feedback:index"))
    expected_index = 200 if role in VIEWERS | REGISTRARS | ORIGINAL_REGISTRARS else 302 if role in READERS else 404
    assert index.status_code == expected_index
    if index.status_code == 200:
        assert ("Det du har registrerat" in index.content.decode()) == (role not in VIEWERS)
    assert client.get(reverse("feedback:compilation")).status_code == (200 if role in READERS else 404)
    assert client.get(reverse("feedback:export", args=["xlsx"])).status_code == (200 if role in VIEWERS else 404)
    assert client.get(reverse("feedback:accessibility_reports")).status_code == (200 if role == "kvalitetssamordnare" else 404)
    # Settings need the role on the municipality's top unit; every persona sits lower down.
    assert client.get(reverse("feedback:settings", args=[world.m1.slug])).status_code == 404


@pytest.mark.parametrize("role", ALL)
def test_the_list_shows_only_cases_in_scope(world, client_for, case_in, role):
    cases = {place: case_in(world, place) for place in ("own", "sub", "other", "foreign")}
    response = client_for(world.persona(role)).get(reverse("feedback:index"))
    page = response.content.decode()
    for place, case in cases.items():
        assert (case.reference in page) == (expected_view(role, place) == 200)


def test_settings_belong_to_a_quality_coordinator_of_the_whole_municipality(world, client_for):
    coordinator = world.persona("kvalitetssamordnare")
    RoleAssignmentFactory(user=coordinator, role=Role.KVALITETSSAMORDNARE, unit=world.namnd, include_subunits=True)
    client = client_for(coordinator)
    assert client.get(reverse("feedback:settings", args=[world.m1.slug])).status_code == 200
    assert client.get(reverse("feedback:settings", args=[world.m2.slug])).status_code == 404
    assert client.get(reverse("feedback:settings_index")).status_code == 302


def test_people_without_roles_and_anonymous_visitors_see_nothing(world, client, client_for, case_in):
    case = case_in(world, "own")
    outsider = client_for(world.outsider)
    for name, args in (
        ("feedback:detail", [case.pk]),
        ("feedback:index", []),
        ("feedback:register", []),
        ("feedback:compilation", []),
    ):
        assert outsider.get(reverse(name, args=args)).status_code == 404
    client.logout()
    response = client.get(reverse("feedback:detail", args=[case.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
