import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.deviations.models import Deviation
from lots.privacy import registry, services
from lots.privacy.models import LegalHold, RetentionPeriod

pytestmark = pytest.mark.django_db

PERIODS = reverse("privacy:periods", kwargs={"slug": "testkommun"})


def test_the_plan_lists_what_would_be_culled_per_municipality_and_type(client_for, coordinator, closed_deviation):
    closed_deviation()

    response = client_for(coordinator).get(reverse("privacy:plan"))

    assert response.status_code == 200
    rows = [(row.rule.key, row.due) for place in response.context["places"] for row in place["rows"]]
    assert rows[:2] == [("deviation", 1), ("feedback", 0)]
    assert {key for key, _due in rows} == {rule.key for rule in registry.rules()}
    assert all(due == 0 for _key, due in rows[2:])
    assert Deviation.objects.count() == 1


def test_the_plan_shows_past_cullings_from_the_log(client_for, coordinator, closed_deviation):
    deviation = closed_deviation()
    services.retention_cull(today=deviation.closed_at.date().replace(year=2030))

    response = client_for(coordinator).get(reverse("privacy:plan"))

    assert str(deviation.pk) in response.content.decode()
    assert len(response.context["places"][0]["log"]) == 1


@pytest.mark.parametrize("role", [Role.KVALITETSSAMORDNARE, Role.FORVALTNINGSCHEF, Role.MEDARBETARE, Role.GRANSKARE])
def test_only_a_coordinator_of_the_whole_municipality_reaches_the_pages(world, client_for, role):
    client = client_for(world.persona(role))  # the personas hold their role on "own", not the top unit

    assert client.get(reverse("privacy:plan")).status_code == 404
    assert client.get(PERIODS).status_code == 404


def test_another_municipalitys_coordinator_gets_404(client_for, coordinator):
    response = client_for(coordinator).get(reverse("privacy:periods", kwargs={"slug": "andra"}))

    assert response.status_code == 404


def test_the_coordinator_changes_a_period_and_it_is_logged(world, client_for, coordinator):
    response = client_for(coordinator).post(PERIODS, periods(deviation="5", feedback="3"))

    assert response.status_code == 302
    years = RetentionPeriod.years_for(world.m1)
    assert {key: years[key] for key in ("deviation", "feedback")} == {"deviation": 5, "feedback": 3}
    assert not RetentionPeriod.objects.filter(record_type="deviation").exists()
    entry = AuditEntry.objects.get(content_type__model="retentionperiod")
    assert entry.changes == {"years": [5, 3]}


def periods(**changed) -> dict:
    """The periods form as sent: every record type's default, with ``changed`` typed over them."""
    return {rule.key: str(rule.default_years) for rule in registry.rules()} | changed


@pytest.mark.parametrize("value", ["0", "101", "fem", ""])
def test_a_period_out_of_range_is_refused_next_to_its_field(world, client_for, coordinator, value):
    response = client_for(coordinator).post(PERIODS, periods(deviation="5", feedback=value))

    assert response.status_code == 422
    assert response.context["form"].errors.keys() == {"feedback"}
    assert 'aria-invalid="true"' in response.content.decode()
    assert not RetentionPeriod.objects.exists()


def test_a_legal_hold_is_placed_on_an_existing_record_and_released(world, client_for, coordinator, closed_deviation):
    deviation = closed_deviation()
    client = client_for(coordinator)

    response = client.post(
        reverse("privacy:hold_place", kwargs={"slug": "testkommun"}),
        {
            "hold-record_type": "deviation",
            "hold-record_id": deviation.pk,
            "hold-reason": "inspection",
            "hold-reference": "IVO 3.1",
        },
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.record_id, hold.reason, hold.placed_by) == (deviation.pk, "inspection", coordinator)

    response = client.post(reverse("privacy:hold_release", kwargs={"slug": "testkommun", "pk": hold.pk}))
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.released_by == coordinator


def test_a_legal_hold_on_a_record_of_another_municipality_is_refused(world, client_for, coordinator, closed_deviation):
    theirs = closed_deviation(unit=world.foreign)

    response = client_for(coordinator).post(
        reverse("privacy:hold_place", kwargs={"slug": "testkommun"}),
        {"hold-record_type": "deviation", "hold-record_id": theirs.pk, "hold-reason": "ivo"},
    )

    assert response.status_code == 422
    assert "hold-record_id" in response.content.decode()
    assert response.context["hold_form"].errors.keys() == {"record_id"}
    assert not LegalHold.objects.exists()


def test_a_hold_of_another_municipality_cannot_be_released(world, client_for, coordinator, closed_deviation):
    theirs = closed_deviation(unit=world.foreign)
    hold = LegalHold.objects.create(
        municipality=world.m2, record_type="deviation", record_id=theirs.pk, reason="ivo", placed_by=coordinator
    )

    response = client_for(coordinator).post(reverse("privacy:hold_release", kwargs={"slug": "testkommun", "pk": hold.pk}))

    assert response.status_code == 404
    hold.refresh_from_db()
    assert hold.released_at is None
