"""Archived documents: the copy of an established document that is kept, as PDF/A, with its SHA-256 checksum."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchivedDocument(models.Model):
    """One established document. The row is written when the document is established; the PDF/A file and its
    checksum follow once the worker has rendered it (``is_stored``). The file is never rendered again."""

    class Kind(models.TextChoices):
        ANNUAL_REPORT = "annual_report", _("Kvalitetsberättelse")
        IVO_NOTIFICATION = "ivo_notification", _("Anmälan till IVO")
        FOLLOW_UP_REPORT = "follow_up_report", _("Uppföljningsrapport")

    kind = models.CharField(_("slag"), max_length=30, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("titel"), max_length=300)
    established_at = models.DateTimeField(_("fastställd"))
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("fastställd av")
    )
    file = models.FileField(_("fil"), upload_to="arkiv/%Y/", blank=True)
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("storlek i byte"), null=True, blank=True)
    stored_at = models.DateTimeField(_("arkiverad"), null=True, blank=True)

    class Meta:
        verbose_name = _("arkiverat dokument")
        verbose_name_plural = _("arkiverade dokument")
        ordering = ["year", "kind", "established_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "kind"], name="archive_one_copy_per_record"),
            models.CheckConstraint(
                condition=models.Q(stored_at__isnull=True) | (~models.Q(file="") & ~models.Q(sha256="")),
                name="archive_stored_has_file_and_checksum",
            ),
        ]
        indexes = [models.Index(fields=["year", "kind"])]

    def __str__(self):
        return self.title

    @property
    def is_stored(self) -> bool:
        return self.stored_at is not None
