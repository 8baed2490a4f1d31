"""Processes and their activities (SOSFS 2011:9 4 kap.). Routines, laws and the calendar are added beside these."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel
from lots.organisation.models import Unit


class Process(VersionedModel):
    class Kind(models.TextChoices):
        CORE = "core", _("Verksamhetsprocess")
        MANAGEMENT = "management", _("Ledningsprocess")
        SUPPORT = "support", _("Stödprocess")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ESTABLISHED = "established", _("Fastställd")

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="processes")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subprocesses", verbose_name=_("huvudprocess")
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.CORE)
    purpose = models.TextField(_("syfte"), blank=True)
    starts_with = models.CharField(_("startar med"), max_length=300, blank=True)
    ends_with = models.CharField(_("slutar med"), max_length=300, blank=True)
    units = models.ManyToManyField(Unit, related_name="processes", verbose_name=_("enheter som äger processen"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_processes",
        verbose_name=_("processägare"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    established_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_date = models.DateField(_("nästa översyn"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("process")
        verbose_name_plural = _("processer")

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """A step of a process, in order."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveIntegerField(_("ordning"))
    name = models.CharField(_("aktivitet"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    responsible_role = models.CharField(_("ansvarig roll"), max_length=120, blank=True)

    class Meta:
        ordering = ["process", "position"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [models.UniqueConstraint(fields=["process", "position"], name="activity_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
