import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.accounts.models import Role
from lots.deviations import services
from lots.deviations.models import DeviationUnitSettings
from lots.deviations.responsibility import default_responsible, default_responsibles, next_level, responsible_for
from lots.testing.factories import RoleAssignmentFactory, UserFactory


@pytest.fixture
def line(world):
    """A real line: enhetschef on sub, avdelningschef on own, förvaltningschef on the administration."""
    people = {}
    for username, role, unit in (
        ("ec-sub", Role.ENHETSCHEF, world.sub),
        ("ac-own", Role.AVDELNINGSCHEF, world.own),
        ("fc", Role.FORVALTNINGSCHEF, world.forvaltning),
    ):
        people[username] = UserFactory(username=username)
        RoleAssignmentFactory(user=people[username], role=role, unit=unit, include_subunits=True)
    return people


def test_the_nearest_enhetschef_is_responsible(world, line):
    assert responsible_for(world.sub) == line["ec-sub"]
    assert responsible_for(world.own) == world.persona("enhetschef")  # enhetschef before the other chiefs on the same unit


def test_a_verksamhetsledare_is_not_a_line_manager(world, line):
    leader = UserFactory(username="vl-sub")
    RoleAssignmentFactory(user=leader, role=Role.VERKSAMHETSLEDARE, unit=world.sub)
    assert default_responsible(world.sub) == line["ec-sub"]


def test_an_ended_role_no_longer_makes_anyone_responsible(world, line):
    import datetime

    from django.utils import timezone

    line["ec-sub"].assignments.update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    assert responsible_for(world.sub) == world.persona("enhetschef")


def test_a_line_manager_on_a_closed_unit_is_responsible_for_nothing(world, line):
    from django.utils import timezone

    world.sub.closed_at = timezone.localdate()
    world.sub.save(update_fields=["closed_at"])
    assert default_responsible(world.sub) == world.persona("enhetschef")
    assert default_responsibles([world.sub]) == {world.sub.pk: world.persona("enhetschef")}
    assert line["ec-sub"] not in next_level(world.sub, None)


def test_the_unit_setting_overrides_the_tree(world, line):
    services.unit_settings_update(actor=None, unit=world.sub, responsible=line["ac-own"])
    assert responsible_for(world.sub) == line["ac-own"]
    services.unit_settings_update(actor=None, unit=world.sub, responsible=None)
    assert responsible_for(world.sub) == line["ec-sub"]


def test_the_setting_only_accepts_someone_who_may_handle_reports_there(world, line):
    with pytest.raises(ValidationError):
        services.unit_settings_update(actor=None, unit=world.sub, responsible=world.persona("medarbetare"))
    with pytest.raises(ValidationError):
        services.unit_settings_update(actor=None, unit=world.other, responsible=line["ec-sub"])


def test_new_reports_go_to_the_person_set_for_the_unit(world, line, report):
    services.unit_settings_update(actor=None, unit=world.sub, responsible=world.persona("kvalitetssamordnare"))
    assert report(unit=world.sub).responsible == world.persona("kvalitetssamordnare")


def test_the_next_level_is_the_line_manager_above(world, line):
    assert set(next_level(world.sub, line["ec-sub"])) == {
        world.persona("avdelningschef"),
        world.persona("enhetschef"),
        world.persona("forvaltningschef"),
        line["ac-own"],
    }
    assert next_level(world.own, line["ac-own"]) == [line["fc"]]
    assert next_level(world.forvaltning, line["fc"]) == []


def test_with_nobody_responsible_the_next_level_is_the_nearest_line_manager(world, line):
    assert next_level(world.sub, None) == [line["ec-sub"]]


def test_the_setting_page_offers_only_those_who_may_handle(world, line, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    url = reverse("deviations:unit_settings", args=[world.sub.pk])
    offered = set(client.get(url).context["form"].fields["responsible"].queryset)
    assert line["ec-sub"] in offered and world.persona("kvalitetssamordnare") in offered
    assert world.persona("medarbetare") not in offered and world.persona("granskare") not in offered
    response = client.post(url, {"responsible": line["ac-own"].pk, "version": 1})
    assert response.status_code == 302
    assert DeviationUnitSettings.objects.get(unit=world.sub).responsible == line["ac-own"]


def test_defaults_for_many_units_match_one_by_one(world, line, django_assert_num_queries):
    units = [world.namnd, world.forvaltning, world.own, world.sub, world.other]
    with django_assert_num_queries(1):
        many = default_responsibles(units)
    assert many == {u.pk: default_responsible(u) for u in units}
    assert many[world.namnd.pk] is None and many[world.sub.pk] == line["ec-sub"]
