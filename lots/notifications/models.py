from django.db import models
from django.utils import timezone


class SentNotification(models.Model):
    """One e-mail sent for one reason. The unique key makes every reminder idempotent."""

    key = models.CharField(max_length=200, unique=True)
    recipient = models.EmailField()
    subject = models.CharField(max_length=200)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient}"
