"""lots.feedback.access: who sees, handles and counts which feedback case, by role and place."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lots import access
from lots.accounts.models import Role
from lots.feedback import access as feedback_access
from lots.feedback.models import FeedbackCase
from lots.testing.factories import RoleAssignmentFactory, UserFactory

C = FeedbackCase
UNIT_ROLES = [r for r in Role.values if r != Role.EXTERN_UTFORARE]


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_a_case_in_the_persons_scope_is_seen_and_handled_as_the_policy_says(world, make_case, role):
    case = make_case(world.sub)
    person = world.persona(role)
    sees = role in access.roles_with("feedback.view") and role != Role.MEDARBETARE  # staff hold their role without sub-units
    handles = role in access.roles_with("feedback.handle") and role != Role.MEDARBETARE
    assert (case in feedback_access.visible(person)) == sees
    assert (case in feedback_access.handled_by(person)) == handles
    if not sees:
        with pytest.raises(Http404):
            feedback_access.get_case(person, case.pk)
    elif not handles:
        assert feedback_access.get_case(person, case.pk) == case
        with pytest.raises(PermissionDenied):
            feedback_access.get_case(person, case.pk, write=True)
    else:
        assert feedback_access.get_case(person, case.pk, write=True) == case


def test_a_case_in_another_branch_is_404_like_one_that_does_not_exist(world, make_case):
    manager = UserFactory()
    RoleAssignmentFactory(user=manager, role=Role.ENHETSCHEF, unit=world.other)
    case = make_case(world.sub)
    assert not feedback_access.visible(manager).exists()
    for pk in (case.pk, 999_999, "inte-ett-id", None):
        with pytest.raises(Http404):
            feedback_access.get_case(manager, pk)


def test_sees_case_and_can_handle_follow_the_unit(world, make_case):
    case = make_case(world.sub)
    manager = world.persona(Role.ENHETSCHEF)
    assert feedback_access.sees_case(manager, case) and feedback_access.can_handle(manager, case)
    elsewhere = make_case(world.foreign, public=True)
    assert not feedback_access.sees_case(manager, elsewhere) and not feedback_access.can_handle(manager, elsewhere)


def test_contact_details_are_for_the_handlers_of_a_case_that_is_not_anonymous(world, make_case):
    named = make_case(world.own, public=True, reply=C.Reply.EMAIL, contact_email="anna@example.invalid")
    anonymous = make_case(world.own, public=True, reply=C.Reply.NONE)
    manager = world.persona(Role.ENHETSCHEF)
    assert feedback_access.sees_contact(manager, named)
    assert not feedback_access.sees_contact(manager, anonymous)
    assert not feedback_access.sees_contact(world.persona(Role.MEDARBETARE), named)
    assert not feedback_access.sees_contact(world.outsider, named)


def test_compilations_count_the_cases_where_the_person_holds_feedback_statistics(world, make_case):
    here, there = make_case(world.sub), make_case(world.other)
    counted = set(feedback_access.counted_for(world.persona(Role.NAMNDLEDAMOT)))
    assert here in counted and there not in counted
    assert not feedback_access.counted_for(world.outsider).exists()


def test_settings_belong_to_those_holding_feedback_configure_on_the_top_unit(world):
    assert feedback_access.configurable(world.persona(Role.KVALITETSSAMORDNARE)) == []  # held on "own", not the top
    top_coordinator = UserFactory()
    RoleAssignmentFactory(user=top_coordinator, role=Role.KVALITETSSAMORDNARE, unit=world.namnd)
    assert feedback_access.configurable(top_coordinator) == [(world.m1, world.namnd)]
