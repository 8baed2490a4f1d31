"""Once-only mail: send_once and its batched form send_each_once."""

from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from lots.notifications.models import SentNotification
from lots.notifications.services import Mail, render_mail, send_each_once, send_once


def _mails(*keys, to="person@example.se"):
    return [Mail(key, to, f"Ämne {key}", "Text") for key in keys]


def test_send_once_sends_a_key_once_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_once(key="a", to="person@example.se", subject="Ämne", body="Text") is True
        assert send_once(key="a", to="person@example.se", subject="Ämne", body="Text") is False
        assert send_once(key="b", to="", subject="Ämne", body="Text") is False
    assert [m.subject for m in mail.outbox] == ["Ämne"]


def test_send_each_once_skips_used_keys_and_missing_addresses(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_once(key="used", to="person@example.se", subject="Tidigare", body="Text")
    mail.outbox.clear()
    batch = _mails("used", "new-1", "new-2") + _mails("no-address", to="")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_each_once(batch) == 2
    assert sorted(m.subject for m in mail.outbox) == ["Ämne new-1", "Ämne new-2"]
    assert set(SentNotification.objects.values_list("key", flat=True)) == {"used", "new-1", "new-2"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_each_once(batch) == 0
    assert mail.outbox == []


def test_send_each_once_reads_the_used_keys_in_batches_and_inserts_nothing_for_them(db, django_capture_on_commit_callbacks):
    keys = [f"k{i}" for i in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        send_each_once(_mails(*keys))
    with CaptureQueriesContext(connection) as captured:
        assert send_each_once(_mails(*keys), batch=2) == 0
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["SELECT"] * 3  # 2 + 2 + 1 keys


def test_a_duplicate_key_within_one_batch_is_sent_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_each_once(_mails("same", "same")) == 1
    assert len(mail.outbox) == 1


MAIL_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [("django.template.loaders.locmem.Loader", {"mail.txt": "Hej {{ name }}  \nTill {{ name }}:\n\nText\n"})]
        },
    }
]


@override_settings(TEMPLATES=MAIL_TEMPLATES)
def test_a_mail_template_gives_the_subject_on_its_first_line_and_is_not_html_escaped():
    assert render_mail("mail.txt", {"name": 'Kim & "Alex"'}) == ('Hej Kim & "Alex"', 'Till Kim & "Alex":\n\nText\n')


@override_settings(TEMPLATES=MAIL_TEMPLATES)
def test_send_each_once_renders_only_the_mails_it_sends(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_once(key="used", to="person@example.se", subject="Tidigare", body="Text")
    mail.outbox.clear()
    batch = [
        Mail("used", "person@example.se", template="no-such-template.txt"),
        Mail("new", "person@example.se", template="mail.txt", context={"name": "Kim"}),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_each_once(batch) == 1
    assert [(m.subject, m.body) for m in mail.outbox] == [("Hej Kim", "Till Kim:\n\nText\n")]
