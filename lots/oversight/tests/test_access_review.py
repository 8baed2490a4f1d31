"""The yearly access review of a unit: who holds which role, unused accounts, the confirmation and its task, and
deactivating unused accounts or ending roles from it."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lots.access import review as access_review
from lots.accounts.models import ActiveSession, Role, RoleAssignment, User
from lots.audit.models import AuditEntry
from lots.oversight import reviews, tasks
from lots.oversight.models import AccessReview
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.testing.world import ALL_ROLES

REVIEWERS = {Role.FORVALTNINGSCHEF, Role.AVDELNINGSCHEF, Role.ENHETSCHEF, Role.KVALITETSSAMORDNARE}
DAY = datetime.timedelta(days=1)


def page(unit):
    return reverse("oversight:review", args=[unit.pk])


def staff(world, username, unit, *, days_unused=None, role=Role.MEDARBETARE):
    """A person with a role on ``unit`` who last signed in ``days_unused`` days ago (None: never, joined long ago)."""
    now = timezone.now()
    person = UserFactory(
        username=username,
        last_login=None if days_unused is None else now - days_unused * DAY,
        date_joined=now - 400 * DAY,
    )
    RoleAssignmentFactory(user=person, role=role, unit=unit, include_subunits=False)
    return person


@pytest.fixture
def manager(world):
    return world.persona(Role.ENHETSCHEF)


# --- Unused accounts ------------------------------------------------------------------------------------------------


@override_settings(LOTS_UNUSED_ACCOUNT_DAYS=90)
def test_an_account_is_unused_once_nobody_signed_in_for_longer_than_the_setting(db):
    now = timezone.now()
    assert reviews.is_unused(User(last_login=now - 91 * DAY, date_joined=now - 400 * DAY))
    assert not reviews.is_unused(User(last_login=now - 89 * DAY, date_joined=now - 400 * DAY))
    assert reviews.is_unused(User(last_login=None, date_joined=now - 91 * DAY))
    assert not reviews.is_unused(User(last_login=None, date_joined=now - DAY))
    with override_settings(LOTS_UNUSED_ACCOUNT_DAYS=30):
        assert reviews.is_unused(User(last_login=now - 31 * DAY, date_joined=now - 400 * DAY))


def test_the_review_shows_each_role_with_its_period_and_the_last_sign_in(world, manager, client_for):
    stale = staff(world, "stale", world.sub, days_unused=120)
    active = staff(world, "active", world.sub, days_unused=3)
    RoleAssignment.objects.filter(user=active).update(ends_on=datetime.date(2099, 6, 30))
    response = client_for(manager).get(page(world.own))
    assert response.status_code == 200
    rows = {row.person.username: row for row in response.context["review"].rows}
    assert rows["stale"].unused and not rows["active"].unused
    assert {stale, active} <= set(response.context["review"].flagged) | {active}
    html = response.content.decode()
    assert "2099-06-30" in html and "tills vidare" in html and "Oanvänt konto" in html
    assert (timezone.localtime(active.last_login)).strftime("%Y-%m-%d") in html
    assert f'href="{page(world.sub)}"' in html and f'href="{page(world.own)}"' not in html


def test_a_reviewer_on_the_unit_alone_sees_no_roles_below_it(world, client_for):
    staff(world, "below", world.sub, days_unused=3)
    lone = UserFactory(username="lone.manager")
    RoleAssignmentFactory(user=lone, role=Role.ENHETSCHEF, unit=world.own, include_subunits=False)
    rows = client_for(lone).get(page(world.own)).context["review"].rows
    assert "below" not in {row.person.username for row in rows}
    assert {row.assignment.unit for row in rows} == {world.own}


# --- Who may open it ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_line_managers_and_the_quality_coordinator_open_a_review_in_their_scope(world, client_for, role):
    client = client_for(world.persona(role))
    found = {place: client.get(page(world.unit(place))).status_code for place in ("own", "sub", "other", "foreign")}
    if role in REVIEWERS:
        assert found == {"own": 200, "sub": 200, "other": 404, "foreign": 404}
    else:
        assert set(found.values()) == {404}
    assert client.get(reverse("oversight:index")).status_code == (200 if role in REVIEWERS else 404)


def test_an_unknown_unit_is_a_404_like_one_out_of_scope(world, manager, client_for):
    assert client_for(manager).get("/behorigheter/999999/").status_code == 404


# --- The yearly confirmation and its task ---------------------------------------------------------------------------


def test_confirming_records_what_the_review_showed_once_a_year_and_is_audited(world, manager, client_for):
    staff(world, "stale", world.own, days_unused=200)
    client = client_for(manager)
    response = client.post(page(world.own), {"note": "Två konton ses över."})
    assert response.status_code == 302
    confirmed = AccessReview.objects.get(unit=world.own, year=timezone.localdate().year)
    assert confirmed.confirmed_by == manager and confirmed.flagged_count == 1
    assert confirmed.assignment_count == len(access_review.review_assignments(manager, world.own))
    entry = AuditEntry.objects.get(action="create", content_type__model="accessreview", object_id=str(confirmed.pk))
    assert entry.unit_id == world.own.pk and entry.changes["note"] == [None, {"chars": 20}]
    again = client.post(page(world.own), {"note": "Igen"})
    assert again.status_code == 422
    assert "redan bekräftade" in again.content.decode()
    assert AccessReview.objects.count() == 1


def test_the_yearly_task_stays_until_the_review_is_confirmed_and_returns_next_year(world, manager, client_for):
    today = timezone.localdate()

    def titles(on):
        return [t.title for t in tasks.tasks_for(manager, on) if t.url == page(world.own)]

    assert titles(today) == [f"Behörighetsuppföljning {today.year}: Egna avdelningen"]
    assert [t.due for t in tasks.tasks_for(manager, today) if t.url == page(world.own)] == [reviews.due_date(today.year)]
    client_for(manager).post(page(world.own), {"note": ""})
    assert titles(today) == []
    next_year = today.replace(year=today.year + 1, day=1)
    assert titles(next_year) == [f"Behörighetsuppföljning {next_year.year}: Egna avdelningen"]


def test_only_the_managers_and_the_municipality_wide_coordinator_owe_a_review(world, coordinator):
    today = timezone.localdate()
    owing = {role for role in ALL_ROLES if tasks.tasks_for(world.persona(role), today)}
    assert owing == {Role.FORVALTNINGSCHEF, Role.AVDELNINGSCHEF, Role.ENHETSCHEF}
    assert [t.url for t in tasks.tasks_for(coordinator, today) if "behorigheter" in t.url] == [page(world.namnd)]


def test_confirming_marks_the_calendar_task_of_the_review_done(world, manager):
    from lots.oversight import services
    from lots.processes.models import CalendarRule, CalendarTask

    year = timezone.localdate().year
    rule = CalendarRule.objects.create(
        unit=world.own, title="Behörighetsuppföljning", month=10, responsible_role=Role.ENHETSCHEF, link="oversight.access_review"
    )
    task = CalendarTask.objects.create(
        rule=rule, unit=world.own, title=rule.title, due_date=datetime.date(year, 10, 1), responsible_role=Role.ENHETSCHEF
    )
    assert not [t for t in tasks.tasks_for(manager, timezone.localdate()) if t.url == page(world.own)]
    services.access_review_confirm(actor=manager, unit=world.own, year=year, note="", assignment_count=3, flagged_count=0)
    task.refresh_from_db()
    assert task.done_by == manager


# --- Deactivating unused accounts -----------------------------------------------------------------------------------


def test_deactivating_needs_the_confirmation_and_keeps_what_was_ticked(world, manager, client_for):
    stale = staff(world, "stale", world.sub, days_unused=200)
    response = client_for(manager).post(reverse("oversight:review_deactivate", args=[world.own.pk]), {"people": [stale.pk]})
    assert response.status_code == 422
    form = response.context["deactivate_form"]
    assert form.errors["confirm"] == ["Bekräfta att kontona ska inaktiveras."]
    assert form["people"].value() == [str(stale.pk)]
    stale.refresh_from_db()
    assert stale.is_active


def test_deactivating_sets_the_account_inactive_ends_nothing_else_and_is_audited(world, manager, client_for):
    stale = staff(world, "stale", world.sub, days_unused=200)
    url = reverse("oversight:review_deactivate", args=[world.own.pk])
    response = client_for(manager).post(url, {"people": [stale.pk], "confirm": "on"})
    assert response.status_code == 302
    stale.refresh_from_db()
    assert not stale.is_active
    assert RoleAssignment.objects.get(user=stale).ends_on is None
    entry = AuditEntry.objects.get(action="update", content_type__model="user", object_id=str(stale.pk))
    assert entry.actor == manager and entry.changes == {"is_active": [True, False]} and entry.unit_id == world.own.pk


def test_a_deactivated_person_is_signed_out_of_their_session(world, manager, client):
    stale = staff(world, "stale", world.own, days_unused=200)
    client.force_login(stale)
    from lots.oversight import services

    services.person_deactivate(actor=manager, person=stale, unit=world.own)
    assert client.get(reverse("home:start")).status_code == 302
    assert not ActiveSession.objects.filter(user=stale).exists()  # gone from the session list at once


def test_only_unused_accounts_whose_every_role_is_in_scope_can_be_deactivated(world, manager, client_for):
    elsewhere = staff(world, "elsewhere", world.sub, days_unused=200)
    RoleAssignmentFactory(user=elsewhere, role=Role.MEDARBETARE, unit=world.other, include_subunits=False)
    recent = staff(world, "recent", world.sub, days_unused=2)
    client = client_for(manager)
    offered = client.get(page(world.own)).context["review"].deactivatable
    assert elsewhere not in offered and recent not in offered
    url = reverse("oversight:review_deactivate", args=[world.own.pk])
    for person in (elsewhere, recent, manager):
        assert client.post(url, {"people": [person.pk], "confirm": "on"}).status_code == 422
        person.refresh_from_db()
        assert person.is_active


def test_nobody_deactivates_themself_or_a_superuser(world, manager):
    boss = staff(world, "boss", world.own, days_unused=200)
    boss.is_superuser = True
    assert access_review.deactivatable(manager, [boss, manager]) == set()


def test_deactivation_is_refused_to_people_who_may_only_view_the_unit(world, client_for):
    stale = staff(world, "stale", world.own, days_unused=200)
    url = reverse("oversight:review_deactivate", args=[world.own.pk])
    assert client_for(world.persona(Role.MEDARBETARE)).post(url, {"people": [stale.pk], "confirm": "on"}).status_code == 404
    assert client_for(world.persona(Role.GRANSKARE)).post(url, {"people": [stale.pk], "confirm": "on"}).status_code == 404
    stale.refresh_from_db()
    assert stale.is_active


# --- Ending roles -----------------------------------------------------------------------------------------------


def test_ending_a_role_from_the_review_ends_it_today_through_the_role_service(world, manager, client_for):
    person = staff(world, "leaver", world.sub, days_unused=3)
    assignment = RoleAssignment.objects.get(user=person)
    url = reverse("oversight:review_role_end", args=[world.own.pk, assignment.pk])
    assert client_for(manager).post(url).status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends_on == timezone.localdate()
    assert AuditEntry.objects.filter(action="update", object_id=str(person.pk), changes__has_key="role_ends_on").exists()


def test_a_role_not_on_the_review_is_a_404_and_the_reviewers_own_a_403(world, manager, client_for):
    elsewhere = staff(world, "elsewhere", world.other, days_unused=3)
    outside = RoleAssignment.objects.get(user=elsewhere)
    own = RoleAssignment.objects.get(user=manager)
    client = client_for(manager)
    assert client.post(reverse("oversight:review_role_end", args=[world.own.pk, outside.pk])).status_code == 404
    assert client.post(reverse("oversight:review_role_end", args=[world.own.pk, own.pk])).status_code == 403
    assert client.get(reverse("oversight:review_role_end", args=[world.own.pk, own.pk])).status_code == 405
    outside.refresh_from_db()
    own.refresh_from_db()
    assert outside.ends_on is None and own.ends_on is None


def test_ending_roles_and_deactivating_ask_for_a_recent_second_factor():
    from lots.oversight import views

    assert views.review_role_end.requires_recent_strong_auth
    assert views.review_deactivate.requires_recent_strong_auth
    assert views.review_export.requires_recent_strong_auth


def test_the_export_has_the_reviews_rows_and_is_logged(world, manager, client_for):
    staff(world, "stale", world.sub, days_unused=200)
    client = client_for(manager)
    response = client.get(reverse("oversight:review_export", args=[world.own.pk, "csv"]))
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Person;Användarnamn;Roll")
    assert any(line.split(";")[1] == "stale" and line.endswith(";Ja") for line in lines)
    assert len(lines) == 1 + len(access_review.review_assignments(manager, world.own))
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == manager and "roller på Egna avdelningen" in entry.note
    assert client.get(reverse("oversight:review_export", args=[world.own.pk, "pdf"])).status_code == 404
    assert client.get(reverse("oversight:review_export", args=[world.other.pk, "csv"])).status_code == 404


def test_the_menu_leads_reviewers_to_the_review_and_the_coordinator_on_to_the_log_follow_up(world, coordinator, client_for):
    def menu(person):
        html = client_for(person).get(reverse("home:start")).content.decode()
        return html.split('aria-label="Huvudmeny"', 1)[1].split("</nav>", 1)[0]

    assert f'href="{reverse("oversight:index")}"' in menu(world.persona(Role.ENHETSCHEF))
    assert f'href="{reverse("oversight:index")}"' not in menu(world.persona(Role.MEDARBETARE))
    logs = f'href="{reverse("oversight:logs")}"'
    assert logs in client_for(coordinator).get(reverse("oversight:index")).content.decode()
    assert logs not in client_for(world.persona(Role.ENHETSCHEF)).get(reverse("oversight:index")).content.decode()
