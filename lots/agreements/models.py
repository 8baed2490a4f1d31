"""Written collaboration agreements (*samverkansöverenskommelser*) and what keeps them alive.

An agreement names its parties (other boards of the municipality, the region, schools, the police,
Försäkringskassan, associations …) with each party's responsibility and role, what it is about, how and by whom it
is followed up, when it is valid and when it is reviewed next, and the signed document itself. Östhammar requires a
recorded legal assessment that the collaboration meets no direct or indirect obstacle in the rules (secrecy above
all): an agreement becomes active only with one (a database constraint). Agreements between the board and other
boards are made known (Gotland): the staff of the units concerned acknowledge them, as they do routines. Each yearly
review is recorded and sets the next review date.

Agreements are governing documents of the units they concern and hold no personal data about clients; they are read
like processes and routines (lots.agreements.access), not access-logged like case records.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.models import ChoiceLabels, VersionedModel
from lots.organisation.models import Unit

# An active agreement is reviewed at least this often; the review form proposes the date.
REVIEW_INTERVAL_MONTHS = 12
# The owner sees the coming review on the task list this many days ahead.
REVIEW_NOTICE_DAYS = 30


class AgreementQuerySet(models.QuerySet):
    def current(self):
        """Not ended: drafts and active agreements."""
        return self.exclude(status=Agreement.Status.ENDED)

    def active(self):
        return self.filter(status=Agreement.Status.ACTIVE)

    def in_force(self, today: datetime.date):
        """Active and valid on ``today``."""
        return self.active().filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today), Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )

    def review_overdue(self, today: datetime.date):
        """Active agreements whose review date has passed."""
        return self.active().filter(review_date__lt=today)

    def review_due_by(self, day: datetime.date):
        """Active agreements to be reviewed on or before ``day`` (the overdue ones included)."""
        return self.active().filter(review_date__lte=day)

    def without_assessment(self):
        """Not ended, and without a legal assessment that finds no obstacle."""
        return self.current().exclude(legal_conclusion=Agreement.LegalConclusion.NO_OBSTACLE)

    def concerning(self, unit: Unit):
        """Agreements that apply at ``unit``: decided on it, on a unit above it (what is decided above applies below)
        or on a part of it. One subquery on the link table."""
        linked = Agreement.units.through.objects.filter(
            Q(unit_id__in=unit.ancestor_ids()) | Q(unit__path__startswith=unit.path)
        ).values("agreement_id")
        return self.filter(pk__in=linked)


class Agreement(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ACTIVE = "active", _("Gällande")
        ENDED = "ended", _("Avslutad")

    class LegalConclusion(models.TextChoices):
        NOT_ASSESSED = "", _("Inte bedömd")
        NO_OBSTACLE = "no_obstacle", _("Inget direkt eller indirekt hinder i regelverket")
        OBSTACLE = "obstacle", _("Hinder finns: samverkan kan inte ske i denna form")

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(_("överenskommelse"), max_length=200)
    area = models.CharField(
        _("område"), max_length=200, help_text=_("Till exempel barn och unga, missbruk, våld i nära relationer.")
    )
    purpose = models.TextField(_("syfte"))
    follow_up = models.TextField(
        _("hur och när den följs upp"), blank=True, help_text=_("Till exempel i samverkansgruppen varje halvår.")
    )
    follow_up_by = models.CharField(_("vem som följer upp"), max_length=200, blank=True)
    units = models.ManyToManyField(Unit, related_name="agreements", verbose_name=_("berörda enheter"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_agreements", verbose_name=_("ansvarig")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    make_known = models.BooleanField(
        _("personalen ska läsa den"),
        default=True,
        help_text=_("Överenskommelser mellan nämnden och andra nämnder ska göras kända för personalen på berörda enheter."),
    )
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    review_date = models.DateField(_("nästa översyn"), null=True, blank=True)
    # The signed document; its type is read from its content (lots.agreements.services).
    document = models.FileField(_("dokument"), upload_to="agreements/%Y/", blank=True, max_length=200)
    document_name = models.CharField(_("filnamn"), max_length=200, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    document_uploaded_at = models.DateTimeField(null=True, blank=True)
    # The legal assessment (Östhammar): who assessed, when, the conclusion and why.
    legal_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rättslig bedömning gjord av"),
    )
    legal_assessed_on = models.DateField(_("rättslig bedömning gjord"), null=True, blank=True)
    legal_conclusion = models.CharField(
        _("slutsats"), max_length=20, choices=LegalConclusion.choices, default=LegalConclusion.NOT_ASSESSED, blank=True
    )
    legal_reasoning = models.TextField(_("motivering"), blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    # Which reading the staff are asked to confirm: a new signed document of an active agreement asks them again,
    # as a new version of a routine does (lots.agreements.services.document_attach).
    reading = models.PositiveIntegerField(default=1, editable=False)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="active")
                | (
                    Q(legal_conclusion="no_obstacle")
                    & Q(legal_assessed_by__isnull=False)
                    & Q(legal_assessed_on__isnull=False)
                    & ~Q(legal_reasoning="")
                ),
                name="agreement_active_needs_legal_assessment",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(review_date__isnull=False), name="agreement_active_has_review_date"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_until_after_from",
            ),
        ]
        indexes = [models.Index(fields=["status", "review_date"], name="agreement_status_review")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED

    @property
    def has_legal_clearance(self) -> bool:
        """A legal assessment is recorded and finds no direct or indirect obstacle in the rules."""
        return (
            self.legal_conclusion == self.LegalConclusion.NO_OBSTACLE
            and self.legal_assessed_by_id is not None
            and self.legal_assessed_on is not None
            and bool(self.legal_reasoning.strip())
        )

    def is_in_force(self, today: datetime.date) -> bool:
        if not self.is_active:
            return False
        if self.valid_from and today < self.valid_from:
            return False
        return not (self.valid_until and today > self.valid_until)

    def review_is_overdue(self, today: datetime.date) -> bool:
        return self.is_active and self.review_date is not None and self.review_date < today

    @property
    def asks_staff(self) -> bool:
        """Whether the staff of the units concerned are asked to read and acknowledge it."""
        return self.is_active and self.make_known


class AgreementParty(ChoiceLabels):
    """One party of an agreement, with its responsibility and role in the collaboration."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Annan nämnd i kommunen")
        REGION = "region", _("Region (hälso- och sjukvård)")
        SCHOOL = "school", _("Skola eller förskola")
        POLICE = "police", _("Polisen")
        FORSAKRINGSKASSAN = "forsakringskassan", _("Försäkringskassan")
        AUTHORITY = "authority", _("Annan myndighet")
        ASSOCIATION = "association", _("Förening eller idéburen organisation")
        OTHER_MUNICIPALITY = "municipality", _("Annan kommun")
        OTHER = "other", _("Annan part")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("part"), max_length=200)
    kind = models.CharField(_("typ av part"), max_length=20, choices=Kind.choices)
    role = models.CharField(_("roll i samverkan"), max_length=200, blank=True)
    responsibility = models.TextField(_("ansvar"))

    class Meta:
        ordering = ["agreement", "name", "pk"]
        verbose_name = _("part")
        verbose_name_plural = _("parter")

    def __str__(self) -> str:
        return self.name


class AgreementReview(models.Model):
    """A recorded review (*översyn och uppföljning*): when, by whom, the conclusion and the next review date."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Fortsätter att gälla oförändrad")
        REVISE = "revise", _("Ska revideras")
        END = "end", _("Ska avslutas")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("översyn gjord"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("gjord av")
    )
    outcome = models.CharField(_("utfall"), max_length=10, choices=Outcome.choices, default=Outcome.CONTINUE)
    conclusion = models.TextField(_("slutsats"))
    next_review_date = models.DateField(_("nästa översyn"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("översyn")
        verbose_name_plural = _("översyner")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="end") | Q(next_review_date__isnull=False), name="agreement_review_sets_next_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.reviewed_on:%Y-%m-%d}"


class AgreementAcknowledgement(models.Model):
    """A member of staff confirmed having read an agreement that applies to their unit."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreement_acknowledgements")
    reading = models.PositiveIntegerField(default=1)  # the agreement's ``reading`` that was confirmed
    acknowledged_at = models.DateTimeField(_("bekräftad"), default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        verbose_name = _("läsbekräftelse")
        verbose_name_plural = _("läsbekräftelser")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "user", "reading"], name="agreement_acknowledged_once_per_reading")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.agreement}"
