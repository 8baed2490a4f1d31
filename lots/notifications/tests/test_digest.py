"""The daily digest: one reminder mail a day per person, everything due grouped by module, with working links."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from lots.access import review
from lots.accounts.models import Role
from lots.improvements.tests.helpers import make_action
from lots.notifications import digest
from lots.notifications.models import SentNotification
from lots.notifications.services import Mail, send_each_once, send_once
from lots.oversight import services as oversight
from lots.processes.tests.helpers import make_routine, make_task
from lots.rounds import services as rounds_services

TODAY = timezone.localdate()


@pytest.fixture
def head_with_much_due(world):
    """A department head (avdelningschef) with two calendar tasks, a routine to review and two improvement actions."""
    head = world.persona(Role.AVDELNINGSCHEF)
    make_task(world, world.own, due=TODAY + datetime.timedelta(days=5), title="Riskanalys", role=Role.AVDELNINGSCHEF)
    make_task(world, world.own, due=TODAY - datetime.timedelta(days=5), title="Skyddsrond", role=Role.AVDELNINGSCHEF)
    routine = make_routine(world, world.own, title="Skyddsbedömning")
    type(routine).objects.filter(pk=routine.pk).update(owner=head, review_date=TODAY + datetime.timedelta(days=10))
    make_action(world, world.own, owner=head, title="Snart", due=TODAY + datetime.timedelta(days=3))
    make_action(world, world.own, owner=head, title="Sen", due=TODAY - datetime.timedelta(days=3))
    # This year's access review is done, so whether it falls due around TODAY does not change the count.
    for unit in review.review_duties(head):
        oversight.access_review_confirm(actor=head, unit=unit, year=TODAY.year, note="", assignment_count=0, flagged_count=0)
    # So are the yearly follow-ups of the work environment (lots.rounds), for the same reason.
    for year in (TODAY.year - 1, TODAY.year):
        for unit in (world.own, world.sub):
            rounds_services.followup_save(
                actor=head, unit=unit, year=year, done=True, what_worked="Ronderna.", what_to_change="Inget.",
                plan_item=None, followed_up_on=TODAY, expected_version=None,
            )
    return head


def run(capture, day=TODAY):
    mail.outbox.clear()
    with capture(execute=True):
        call_command("send_reminders", date=day.isoformat(), stdout=io.StringIO())
    return list(mail.outbox)


def sections(body, *headings):
    """The digest's text under each module heading, up to the next heading."""
    starts = sorted((body.index(f"\n{heading}\n"), heading) for heading in headings)
    ends = [start for start, _heading in starts[1:]] + [len(body)]
    return {heading: body[start:end] for (start, heading), end in zip(starts, ends, strict=True)}


def items(section):
    return {line.removeprefix("- ") for line in section.splitlines() if line.startswith("- ")}


def to(person, mails):
    return [m for m in mails if m.to == [person.email]]


def test_a_department_head_with_much_due_across_modules_gets_exactly_one_mail_with_all_of_it(
    head_with_much_due, django_capture_on_commit_callbacks, settings
):
    head = head_with_much_due
    (only,) = to(head, run(django_capture_on_commit_callbacks))
    assert only.subject == "Lots: 5 saker att göra"
    groups = sections(only.body, "Processer och rutiner", "Förbättringsåtgärder")
    assert items(groups["Processer och rutiner"]) == {
        f"Påminnelse: Riskanalys senast {TODAY + datetime.timedelta(days=5):%Y-%m-%d}",
        f"Försenad: Skyddsrond senast {TODAY - datetime.timedelta(days=5):%Y-%m-%d}",
        "Dags för översyn: rutinen Skyddsbedömning",
    }
    assert items(groups["Förbättringsåtgärder"]) == {
        f"Förbättringsåtgärd ska vara klar {TODAY + datetime.timedelta(days=3):%Y-%m-%d}: Snart",
        "Försenad förbättringsåtgärd: Sen",
    }
    body = only.body
    links = [line.strip() for line in body.splitlines() if line.strip().startswith("http")]
    assert len(links) == 5 and all(link.startswith(f"{settings.SITE_URL}/") for link in links)
    keys = set(SentNotification.objects.filter(recipient=head.email).values_list("key", flat=True))
    assert digest.digest_key(head.email, TODAY) in keys and len(keys) == 6
    assert not any(head.email in key for key in keys)  # keys are logged


def test_the_links_in_the_digest_open_the_pages_they_name(
    head_with_much_due, django_capture_on_commit_callbacks, client_for, settings
):
    (only,) = to(head_with_much_due, run(django_capture_on_commit_callbacks))
    client = client_for(head_with_much_due)
    for line in only.body.splitlines():
        if line.strip().startswith(settings.SITE_URL):
            path = line.strip().removeprefix(settings.SITE_URL)
            assert client.get(path).status_code == 200, path


def test_a_second_run_the_same_day_sends_no_second_mail_and_what_came_due_waits_for_the_next_day(
    world, head_with_much_due, django_capture_on_commit_callbacks
):
    head = head_with_much_due
    assert len(to(head, run(django_capture_on_commit_callbacks))) == 1
    make_action(world, world.own, owner=head, title="Ny", due=TODAY + datetime.timedelta(days=2))
    assert to(head, run(django_capture_on_commit_callbacks)) == []
    (tomorrow,) = to(head, run(django_capture_on_commit_callbacks, TODAY + datetime.timedelta(days=1)))
    assert "Ny" in tomorrow.subject


@override_settings(LOTS_REMINDER_DIGEST=False)
def test_with_digests_turned_off_each_reminder_is_its_own_mail(head_with_much_due, django_capture_on_commit_callbacks):
    mails = to(head_with_much_due, run(django_capture_on_commit_callbacks))
    assert len(mails) == 5
    assert "Försenad förbättringsåtgärd: Sen" in [m.subject for m in mails]


def test_a_person_with_one_reminder_gets_that_reminder_as_it_reads(world, django_capture_on_commit_callbacks):
    owner = world.persona(Role.MEDARBETARE)
    make_action(world, world.own, owner=owner, title="Snart", due=TODAY + datetime.timedelta(days=3))
    (only,) = to(owner, run(django_capture_on_commit_callbacks))
    assert only.subject == f"Förbättringsåtgärd ska vara klar {TODAY + datetime.timedelta(days=3):%Y-%m-%d}: Snart"
    assert "Åtgärden \"Snart\"" in only.body


def test_reminders_already_sent_or_queued_are_not_collected_again(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_once(key="old", to="person@example.se", subject="Gammal", body="Text")
    with digest.collecting(TODAY) as collected:
        assert send_once(key="old", to="person@example.se", subject="Gammal", body="Text") is False
        assert send_each_once([Mail("old", "person@example.se", "Gammal", "Text")]) == 0
        assert send_once(key="new", to="Person@Example.se", subject="Ny", body="Text", link="http://x/1") is True
        again = [Mail("new", "person@example.se", "Ny", "Text"), Mail("newer", "person@example.se", "Nyare", "Text")]
        assert send_each_once(again) == 1
    assert list(collected.items) == ["person@example.se"]
    assert list(collected.items["person@example.se"]) == ["new", "newer"]


def test_an_alarm_sent_during_the_reminder_run_goes_out_on_its_own(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), digest.collecting(TODAY) as collected:
        send_each_once([Mail("reminder", "person@example.se", "Påminnelse", "Text")])
        assert send_each_once([Mail("alarm", "person@example.se", "Larm", "Text")], in_digest=False) == 1
    assert [m.subject for m in mail.outbox] == ["Larm"]
    assert list(collected.items["person@example.se"]) == ["reminder"]


def test_the_digest_reads_in_english_for_english_speakers(db):
    from django.utils import translation

    collected = digest.Digest(datetime.date(2026, 3, 2), module="Förbättringsåtgärder")
    collected.add(key="a", to="person@example.se", subject="A", body="Text", link="http://x/1")
    collected.add(key="b", to="person@example.se", subject="B", body="Text", link="http://x/2")
    with translation.override("en"):
        subject, body = collected._text(list(collected.items["person@example.se"].values()))
    assert subject == "Lots: 2 things to do"
    assert body.startswith("This is waiting for you in Lots on 2026-03-02.")
    assert "You get at most one such mail a day from Lots." in body
