"""Role × place × (view, change) for deviations, through the real views.

Only the reporter, the line managers up the tree and kvalitetssamordnare see a
report; a granskare only under an audit grant (lots/access/tests/test_visibility_matrix.py).
The answers are written out here, independently of lots.access.policy, so
widening or narrowing a rule there makes a case fail.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lots.deviations import services
from lots.deviations.models import LexSarahInvestigation

PLACES = ["own", "sub", "other", "foreign"]
ROLES = [
    "avdelningschef",
    "enhetschef",
    "extern_utforare",
    "forvaltningschef",
    "granskare",
    "kvalitetssamordnare",
    "medarbetare",
    "namndledamot",
    "verksamhetsledare",
]
SEE = {"forvaltningschef", "avdelningschef", "enhetschef", "kvalitetssamordnare"}
HANDLE = {"forvaltningschef", "avdelningschef", "enhetschef", "kvalitetssamordnare"}
NOTIFY_IVO = {"forvaltningschef", "avdelningschef", "kvalitetssamordnare"}


def expected_view(role, place):
    return 200 if place in ("own", "sub") and role in SEE else 404


def expected_change(role, place, allowed):
    if expected_view(role, place) == 404:
        return 404
    return 200 if role in allowed else 403


@pytest.fixture
def at(world, report):
    """A report on each place, made by someone who is none of the personas."""
    return {place: report(unit=world.unit(place)) for place in PLACES}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_viewing_and_handling_a_report(world, client_for, at, role, place):
    client = client_for(world.persona(role))
    deviation = at[place]
    assert client.get(reverse("deviations:detail", args=[deviation.pk])).status_code == expected_view(role, place)
    assert client.get(reverse("deviations:analysis", args=[deviation.pk])).status_code == expected_change(role, place, HANDLE)
    assert client.get(reverse("deviations:action_create", args=[deviation.pk])).status_code == expected_change(
        role, place, HANDLE
    )


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_the_lex_sarah_investigation_and_the_ivo_notification(world, client_for, report, role, place):
    deviation = report(unit=world.unit(place), possible_lex_sarah=True)
    services.investigation_update(
        actor=None,
        investigation=deviation.lex_sarah,
        expected_version=None,
        data={"classification": LexSarahInvestigation.Classification.SERIOUS},
    )
    notification = deviation.ivo_notification
    client = client_for(world.persona(role))
    investigation_url = reverse("deviations:investigation", args=[deviation.pk])
    assert client.get(investigation_url).status_code == expected_view(role, place)
    assert client.get(reverse("deviations:close_early", args=[deviation.pk])).status_code == expected_change(role, place, HANDLE)
    ivo_url = reverse("deviations:ivo", args=[deviation.pk])
    assert client.get(ivo_url).status_code == expected_view(role, place)
    save = {"action": "save", "ivo-contact_name": "Kim", "ivo-activity_area": "IFO", "ivo-version": notification.version}
    status = client.post(ivo_url, save).status_code
    expected = expected_change(role, place, NOTIFY_IVO)
    assert status == (302 if expected == 200 else expected)


@pytest.mark.parametrize("role", ROLES)
def test_a_transition_needs_the_handle_permission(world, client_for, report, role):
    deviation = report()
    data = {"t-received-to_state": "received", "t-received-comment": "", "t-received-version": deviation.version}
    status = client_for(world.persona(role)).post(reverse("deviations:transition", args=[deviation.pk]), data).status_code
    expected = expected_change(role, "own", HANDLE)
    assert status == (302 if expected == 200 else expected)


def test_the_reporter_sees_their_own_report_but_cannot_handle_it(world, client_for, report, reporter):
    deviation = report()
    client = client_for(reporter)
    assert client.get(reverse("deviations:detail", args=[deviation.pk])).status_code == 200
    assert client.get(reverse("deviations:analysis", args=[deviation.pk])).status_code == 403


def test_a_colleague_on_the_same_unit_does_not_see_the_report(world, client_for, report):
    deviation = report()
    assert client_for(world.persona("medarbetare")).get(reverse("deviations:detail", args=[deviation.pk])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_attachments_are_served_only_to_those_who_see_the_report(world, client_for, report, reporter, role):
    deviation = report()
    attachment = services.attachment_add(
        actor=reporter, deviation=deviation, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    )
    url = reverse("deviations:attachment", args=[attachment.pk])
    assert client_for(world.persona(role)).get(url).status_code == expected_view(role, "own")
    assert client_for(reporter).get(url).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_settings_and_import_are_for_the_quality_coordinator(world, client_for, role):
    client = client_for(world.persona(role))
    expected = 200 if role == "kvalitetssamordnare" else 404
    assert client.get(reverse("deviations:settings")).status_code == expected
    assert client.get(reverse("deviations:import")).status_code == expected
    unit_status = client.get(reverse("deviations:unit_settings", args=[world.own.pk])).status_code
    assert unit_status == expected


def test_the_quality_coordinator_cannot_configure_another_municipality(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    assert client.get(reverse("deviations:settings_for", args=[world.m2.slug])).status_code == 404
    assert client.get(reverse("deviations:unit_settings", args=[world.foreign.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(world, client, report):
    deviation = report()
    for url in (reverse("deviations:index"), reverse("deviations:report"), reverse("deviations:detail", args=[deviation.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
