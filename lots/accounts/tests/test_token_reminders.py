import datetime

from django.core import mail
from django.utils import timezone

from lots.accounts import reminders, services
from lots.accounts.models import ApiToken


def test_the_owner_hears_once_a_week_before_a_token_expires(world, django_capture_on_commit_callbacks):
    owner = world.persona("enhetschef")
    today = timezone.localdate()
    soon, _key = services.api_token_create(actor=owner, name="Schemaexport", expires_on=today + datetime.timedelta(days=6))
    services.api_token_create(actor=owner, name="Långlivad", expires_on=today + datetime.timedelta(days=30))
    revoked, _key = services.api_token_create(actor=owner, name="Återkallad", expires_on=today + datetime.timedelta(days=3))
    services.api_token_revoke(actor=owner, token=revoked)
    expired, _key = services.api_token_create(actor=owner, name="Utgången", expires_on=today + datetime.timedelta(days=3))
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today) == 1
        assert reminders.send_reminders(today) == 0
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "Schemaexport" in mail.outbox[0].subject and soon.hint in mail.outbox[0].body
