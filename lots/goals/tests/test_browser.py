"""The goals pages in the system Chromium: every page axe-clean and usable at 375 and 1280 px, and a unit manager
following up a goal on a phone."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.goals import services
from lots.goals.models import FollowUp
from lots.goals.tests.helpers import YEAR, coordinator, make_activity, make_area, make_goal
from lots.testing.browser import DESKTOP, PHONE, assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def planned(world):
    area = make_area(world)
    goal = make_goal(world, area=area, concerns_clients=True)
    activity = make_activity(world, goals=[goal], title="Brukarenkät i alla verksamheter med en lång titel som bryts")
    services.plan_establish(actor=coordinator(world), unit=world.own, year=YEAR)
    follow_up = services.follow_up_open(actor=coordinator(world), unit=world.own, year=YEAR, period=FollowUp.Period.T1)
    services.assessment_record(
        actor=coordinator(world), follow_up=follow_up, goal=goal, assessment="partly", analysis="Kvinnor mer nöjda än män."
    )
    return goal, activity, follow_up


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_goals_page_is_accessible_and_fits_a_phone(world, planned, new_page, live_server, viewport, tmp_path):
    goal, activity, follow_up = planned
    page = new_page(user=world.persona(Role.ENHETSCHEF), viewport=viewport)
    for name, args in [
        ("goals:index", []),
        ("goals:plan", [world.own.pk, YEAR]),
        ("goals:plan_version", [world.own.pk, YEAR, 1]),
        ("goals:areas", [YEAR]),
        ("goals:goal", [goal.pk]),
        ("goals:goal_edit", [goal.pk]),
        ("goals:goal_create", [world.own.pk, YEAR]),
        ("goals:activity", [activity.pk]),
        ("goals:activity_edit", [activity.pk]),
        ("goals:activity_create", [world.own.pk, YEAR]),
        ("goals:copy", [world.own.pk, YEAR]),
        ("goals:follow_up", [follow_up.pk]),
    ]:
        page.goto(live_server.url + reverse(name, args=args))
        assert_accessible(page, name)
        assert no_sideways_scroll(page), name
        if name in ("goals:plan", "goals:follow_up"):
            page.screenshot(path=str(tmp_path / f"{name.split(':')[1]}-{viewport['width']}.png"), full_page=True)
    print(tmp_path)


def test_a_unit_manager_reports_an_activity_at_the_follow_up_on_a_phone(world, planned, new_page, live_server):
    _goal, activity, follow_up = planned
    page = new_page(user=world.persona(Role.ENHETSCHEF), viewport=PHONE)
    page.goto(live_server.url + reverse("goals:follow_up", args=[follow_up.pk]))
    form = page.locator(f"#activity-{activity.pk}")
    form.get_by_label("Status").select_option("ongoing")
    form.get_by_role("button", name="Spara status").click()
    page.wait_for_url(f"**/uppfoljning/{follow_up.pk}/#activity-{activity.pk}")
    assert "Pågår" in page.locator(f"#activity-{activity.pk}").inner_text()
    assert_accessible(page, "after saving")
