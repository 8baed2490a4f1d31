"""Employments: who works on which unit, from when to when, as the HR system knows it.

An employment is the thread the staff side hangs on (lots.staff's introduction and hiring checks, lots.competence's
plans and appraisals): a person is "staff of a unit" while an employment on it is current.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.access.reads import ReadLoggedQuerySet
from lots.core.models import VersionedModel
from lots.organisation.models import Unit


class EmploymentQuerySet(ReadLoggedQuerySet):
    def current(self, on: datetime.date | None = None):
        """Employments that have started and not ended on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on)))


class Employment(VersionedModel):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employments", verbose_name=_("person")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employments", verbose_name=_("enhet"))
    title = models.CharField(_("befattning"), max_length=200, blank=True)
    starts_on = models.DateField(_("anställd från"))
    ends_on = models.DateField(_("anställd till och med"), null=True, blank=True)
    # The HR system's own key for the employment, when the import has one: a re-import updates instead of adding.
    external_id = models.CharField(_("id i personalsystemet"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "person", "-starts_on"]
        verbose_name = _("anställning")
        verbose_name_plural = _("anställningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="employment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["unit", "external_id"], condition=~Q(external_id=""), name="employment_external_id_unique"
            ),
        ]
        indexes = [models.Index(fields=["unit", "ends_on"], name="employment_unit_ends")]

    def __str__(self) -> str:
        return f"{self.person} – {self.unit} ({self.title})" if self.title else f"{self.person} – {self.unit}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)
