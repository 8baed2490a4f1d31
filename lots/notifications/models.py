from django.db import models
from django.utils import timezone


class SentNotificationQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(sent_at__isnull=False)

    def waiting(self):
        return self.filter(sent_at__isnull=True)


class SentNotification(models.Model):
    """One e-mail for one reason. The unique key makes every reminder idempotent.

    The row is written when the mail is queued, with ``sent_at`` empty, so a second run does not queue it again; the
    mail's task sets ``sent_at`` once the mail server has taken the mail, and deletes the row if it gives up, so the
    next run tries again.
    """

    key = models.CharField(max_length=200, unique=True)
    recipient = models.EmailField()
    subject = models.CharField(max_length=200)
    queued_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = SentNotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-queued_at"]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient}"
