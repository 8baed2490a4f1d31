"""Personnel records: a staff member sees their own, managers up the line and HR their units', every read logged."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.audit.models import AuditEntry
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(world, employ):
    """Another medarbetare on the same unit, with an employment of their own."""
    user = UserFactory(username="kollega", first_name="Kim", last_name="Kollega")
    RoleAssignmentFactory(user=user, role=Role.MEDARBETARE, unit=world.own, include_subunits=False)
    employ(person=user)
    return user


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ENHETSCHEF, 200),
        (Role.AVDELNINGSCHEF, 200),
        (Role.FORVALTNINGSCHEF, 200),
        (Role.VERKSAMHETSLEDARE, 200),
        (Role.HR, 200),
        (Role.KVALITETSSAMORDNARE, 404),
        (Role.GRANSKARE, 404),
        (Role.NAMNDLEDAMOT, 404),
    ],
)
def test_who_reads_an_employees_page_on_their_unit(world, client_for, employment, role, status):
    response = client_for(world.persona(role)).get(reverse("staff:employment", args=[employment.pk]))

    assert response.status_code == status


def test_the_employee_reads_their_own_page(client_for, employee, employment):
    assert client_for(employee).get(reverse("staff:employment", args=[employment.pk])).status_code == 200


def test_a_colleague_cannot_read_another_employees_page(client_for, colleague, employment):
    assert client_for(colleague).get(reverse("staff:employment", args=[employment.pk])).status_code == 404


def test_a_manager_of_another_unit_gets_404(client_for, other_manager, employment):
    assert client_for(other_manager).get(reverse("staff:employment", args=[employment.pk])).status_code == 404


def test_a_manager_above_reaches_the_sub_units_staff(world, client_for, employ):
    employment = employ(unit=world.sub, person=UserFactory(username="under"))

    assert (
        client_for(world.persona(Role.AVDELNINGSCHEF)).get(reverse("staff:employment", args=[employment.pk])).status_code == 200
    )


def test_the_hub_lists_the_units_staff_for_a_manager(client_for, manager, employment, colleague):
    response = client_for(manager).get(reverse("staff:index"))

    assert response.status_code == 200
    assert {e.person.username for e in response.context["page_obj"]} == {employment.person.username, "kollega"}


def test_the_hub_is_the_own_introduction_for_a_staff_member(client_for, employee, employment, colleague):
    response = client_for(employee).get(reverse("staff:index"))

    assert response.status_code == 200
    assert response.context["employment"] == employment
    assert "Kim Kollega" not in response.content.decode()


def test_the_hub_of_another_units_manager_lists_none_of_them(client_for, other_manager, employment):
    response = client_for(other_manager).get(reverse("staff:index"))

    assert list(response.context["page_obj"]) == []


def test_the_api_lists_only_what_the_person_may_read(world, client_for, api, employee, employment, colleague, other_manager):
    own = api(employee, "get", "/staff/employments")
    manager = api(world.persona(Role.ENHETSCHEF), "get", "/staff/employments")
    other = api(other_manager, "get", "/staff/checks")

    assert [e["id"] for e in own.json()] == [employment.pk]
    assert len(manager.json()) == 2 and manager["X-Total-Count"] == "2"
    assert other.json() == []


def test_the_export_is_for_those_who_see_staff(client_for, employee, employment):
    assert client_for(employee).get(reverse("staff:export", args=["csv"])).status_code == 404


# Read logging.


@pytest.fixture
def reader(world, client):
    person = world.persona(Role.ENHETSCHEF)
    _token, key = api_token_create(actor=person, name="test")

    class Reader:
        user = person

        def get(self, url, *, api=False, **params):
            last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            if api:
                response = client.get(f"/api/v1{url}", params, HTTP_AUTHORIZATION=f"Bearer {key}")
            else:
                client.force_login(person)
                response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
            return response, list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))

    return Reader()


def read_ids(entries) -> set[tuple[str, str]]:
    return {pair for entry in entries for pair in entry.reads.values_list("content_type__model", "object_id")}


def test_the_employee_page_logs_a_read_of_the_employment_and_its_records(reader, employment):
    _response, entries = reader.get(reverse("staff:employment", args=[employment.pk]))

    assert len(entries) == 1 and entries[0].actor == reader.user
    ids = read_ids(entries)
    assert ("employment", str(employment.pk)) in ids
    assert ("introduction", str(employment.introduction.pk)) in ids
    assert {("hiringcheck", str(c.pk)) for c in employment.checks.all()} <= ids


def test_the_hub_list_logs_the_employments_it_shows(reader, employment, colleague):
    _response, entries = reader.get(reverse("staff:index"))

    ids = {pk for model, pk in read_ids(entries) if model == "employment"}
    assert ids == {str(e.pk) for e in type(employment).objects.all()}


def test_the_api_lists_log_their_rows(reader, employment):
    for path, model, expected in [
        ("/staff/employments", "employment", {employment.pk}),
        ("/staff/introductions", "introduction", {employment.introduction.pk}),
        ("/staff/checks", "hiringcheck", set(employment.checks.values_list("pk", flat=True))),
    ]:
        _response, entries = reader.get(path, api=True)
        assert {pk for m, pk in read_ids(entries) if m == model} == {str(pk) for pk in expected}, path


def test_the_export_logs_its_rows_and_the_export(reader, employment):
    response, entries = reader.get(reverse("staff:export", args=["csv"]))

    assert ("employment", str(employment.pk)) in read_ids(entries)
    assert "Export av 1 anställningar" in entries[0].note
    assert str(employment.person) in response.content.decode("utf-8-sig")


def test_the_own_page_links_to_the_units_rounds_and_min_kompetens_where_they_exist(client_for, employee, employment):
    from django.urls import NoReverseMatch

    response = client_for(employee).get(reverse("staff:mine"))

    try:
        rounds = reverse("rounds:index")
    except NoReverseMatch:
        rounds = None
    if rounds:
        assert response.context["rounds_url"] == f"{rounds}?unit={employment.unit_id}"
