"""lots.reports.access: who reads, writes and establishes which quality report, and which units they choose among."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from lots import access
from lots.accounts.models import Role
from lots.reports import access as report_access
from lots.testing.factories import RoleAssignmentFactory, UserFactory

UNIT_ROLES = [r for r in Role.values if r != Role.EXTERN_UTFORARE]


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_a_report_on_the_persons_unit_is_read_and_written_as_the_policy_says(world, draft, role):
    person = world.persona(role)
    reads = role in access.roles_with("report.view")
    writes = role in access.roles_with("report.change")
    assert (draft in report_access.visible(person)) == reads
    if not reads:
        with pytest.raises(Http404):
            report_access.get_report(person, draft.pk)
    elif not writes:
        assert report_access.get_report(person, draft.pk) == draft
        with pytest.raises(PermissionDenied):
            report_access.get_report(person, draft.pk, write=True)
    else:
        assert report_access.get_report(person, draft.pk, write=True) == draft
    assert report_access.can_edit(person, draft) == writes
    assert report_access.can_establish(person, draft) == (role in access.roles_with("report.establish"))


def test_a_report_elsewhere_is_404_like_one_that_does_not_exist(world, make_report):
    elsewhere = make_report("other")
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    assert elsewhere not in report_access.visible(coordinator)
    for pk in (elsewhere.pk, 999_999, "inte-ett-id"):
        with pytest.raises(Http404):
            report_access.get_report(coordinator, pk)
    assert not report_access.visible(world.outsider).exists()


def test_establishing_asks_for_its_own_permission(world, draft):
    chief = world.persona(Role.FORVALTNINGSCHEF)
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    assert report_access.get_report(chief, draft.pk, write=True, change="report.establish") == draft
    with pytest.raises(PermissionDenied):
        report_access.get_report(coordinator, draft.pk, write=True, change="report.establish")


def test_the_units_to_choose_among_are_open_and_in_scope(world):
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    assert list(report_access.units_for(coordinator, "report.view")) == [world.own, world.sub]
    world.sub.closed_at = timezone.localdate()
    world.sub.save(update_fields=["closed_at"])
    assert list(report_access.units_for(coordinator, "report.view")) == [world.own]


def test_reports_are_started_only_on_units_of_a_reporting_kind(world):
    top_coordinator = UserFactory()
    RoleAssignmentFactory(user=top_coordinator, role=Role.KVALITETSSAMORDNARE, unit=world.namnd)
    creatable = set(report_access.creatable_units(top_coordinator))
    assert world.namnd not in creatable  # a nämnd writes no quality report of its own
    assert {world.forvaltning, world.own, world.sub, world.other} <= creatable
