"""The yearly access review of a unit and the monthly follow-up of a municipality's access log.

Both are confirmations: once written they are never changed (the services refuse a second one, and nothing
updates them), so they stand as the record that the review was made, by whom, when, and what it covered.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.organisation.models import Municipality, Unit


class AccessReview(models.Model):
    """A manager's confirmation that the roles on a unit were reviewed for a year (behörighetsuppföljning)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="access_reviews", verbose_name=_("enhet"))
    year = models.PositiveSmallIntegerField(_("år"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("bekräftad av")
    )
    confirmed_at = models.DateTimeField(_("bekräftad"), default=timezone.now)
    note = models.CharField(_("kommentar"), max_length=500, blank=True)
    # What the review covered when it was confirmed.
    assignment_count = models.PositiveIntegerField(_("antal roller"))
    flagged_count = models.PositiveIntegerField(_("antal oanvända konton"))

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("behörighetsuppföljning")
        verbose_name_plural = _("behörighetsuppföljningar")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="access_review_once_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    @property
    def audit_label(self) -> str:
        return f"Behörighetsuppföljning {self.year} (enhet {self.unit_id})"


class LogReview(models.Model):
    """The quality coordinator's sign-off of one month's follow-up of a municipality's access log (logguppföljning)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="log_reviews", verbose_name=_("kommun"))
    year = models.PositiveSmallIntegerField(_("år"))
    month = models.PositiveSmallIntegerField(_("månad"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("signerad av")
    )
    signed_at = models.DateTimeField(_("signerad"), default=timezone.now)
    note = models.CharField(_("kommentar"), max_length=1000)
    # What the follow-up showed when it was signed.
    read_count = models.PositiveIntegerField(_("antal läsningar"))
    sample_count = models.PositiveIntegerField(_("antal stickprov"))
    anomaly_count = models.PositiveIntegerField(_("antal avvikande läsningar"))

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("logguppföljning")
        verbose_name_plural = _("logguppföljningar")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "month"], name="log_review_once_per_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="log_review_month_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}-{self.month:02d}"

    @property
    def audit_label(self) -> str:
        return f"Logguppföljning {self.year}-{self.month:02d}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)
