"""Unsent reports are kept on the server under the person's account, never in the browser's storage."""

import datetime
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.deviations import drafts
from lots.deviations.models import Deviation, ReportDraft

TYPED = {"description": "Brukaren fick vänta på sitt besök.", "immediate_action": "Ringde brukaren.", "case_reference": ""}


def test_saving_without_script_keeps_the_text_and_the_form_offers_it_back(client, reporter, world):
    client.force_login(reporter)
    response = client.post(reverse("deviations:report"), {**TYPED, "unit": world.own.pk, "save_draft": "1"})
    assert response.status_code == 302
    assert not Deviation.objects.exists()
    page = client.get(reverse("deviations:report")).content.decode()
    assert "Vi har återställt ditt utkast" in page
    assert "Brukaren fick vänta på sitt besök." in page


def test_the_draft_follows_the_account_to_another_browser(client, reporter, world):
    drafts.report_draft_save(actor=reporter, data={**TYPED, "unit": str(world.own.pk)})
    client.logout()
    client.force_login(reporter)  # a new session, as on another computer
    assert "Brukaren fick vänta på sitt besök." in client.get(reverse("deviations:report")).content.decode()


def test_the_page_saves_through_the_draft_address(client, reporter):
    client.force_login(reporter)
    response = client.post(reverse("deviations:report_draft"), TYPED)
    assert response.status_code == 200
    assert response.json()["saved_at"]
    assert ReportDraft.objects.get(user=reporter).data["description"] == TYPED["description"]


def test_sending_the_report_removes_the_draft(client, reporter, world, category):
    drafts.report_draft_save(actor=reporter, data=TYPED)
    client.force_login(reporter)
    occurred = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("deviations:report"),
        {**TYPED, "unit": world.own.pk, "category": category.pk, "occurred_at": occurred},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Deviation.objects.count() == 1
    assert not ReportDraft.objects.filter(user=reporter).exists()


def test_starting_over_removes_the_draft(client, reporter):
    drafts.report_draft_save(actor=reporter, data=TYPED)
    client.force_login(reporter)
    assert client.post(reverse("deviations:report_draft_discard")).status_code == 302
    assert not ReportDraft.objects.exists()
    assert "Vi har återställt" not in client.get(reverse("deviations:report")).content.decode()


def test_a_draft_is_never_someone_elses(client, reporter, world):
    drafts.report_draft_save(actor=reporter, data=TYPED)
    client.force_login(world.persona("medarbetare"))
    assert "Brukaren fick vänta på sitt besök." not in client.get(reverse("deviations:report")).content.decode()


def test_the_page_keeps_nothing_in_the_browser(client, reporter):
    client.force_login(reporter)
    page = client.get(reverse("deviations:report")).content.decode()
    assert "data-draft-url" in page
    script = Path(__file__).parents[1].joinpath("static/deviations/draft.js").read_text(encoding="utf-8")
    assert "setItem" not in script and "sessionStorage" not in script


def test_each_save_is_audited_without_its_text(reporter):
    drafts.report_draft_save(actor=reporter, data=TYPED)
    entry = AuditEntry.objects.filter(content_type__model="reportdraft").latest("id")
    assert entry.actor == reporter
    assert TYPED["description"] not in str(entry.changes)


def test_an_empty_draft_is_not_kept(reporter):
    assert drafts.report_draft_save(actor=reporter, data={"description": "  ", "immediate_action": ""}) is None
    assert not ReportDraft.objects.exists()


def test_a_draft_untouched_for_thirty_days_is_removed_by_the_daily_run(reporter):
    from lots.deviations.reminders import send_reminders

    drafts.report_draft_save(actor=reporter, data=TYPED)
    today = timezone.localdate()
    send_reminders(today + datetime.timedelta(days=29))
    assert ReportDraft.objects.exists()
    send_reminders(today + datetime.timedelta(days=31))
    assert not ReportDraft.objects.exists()


def test_someone_who_may_not_report_has_no_draft_address(client, world):
    client.force_login(world.outsider)
    assert client.post(reverse("deviations:report_draft"), TYPED).status_code == 404


def test_control_characters_are_dropped_from_a_draft(reporter):
    draft = drafts.report_draft_save(actor=reporter, data={"description": "Väntade\x00 på\x07 besök"})
    assert draft.data["description"] == "Väntade på besök"
