"""Service interventions (*serviceinsatser*): what a unit offers without a needs assessment, who takes part with what
consent, and the reports to the authority when a participant's needs call for an individual assessment.

Participants and the reports about them are confidential (OSL 26:1): their querysets log every read.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.access.reads import ReadLoggedQuerySet
from lots.core.models import VersionedModel
from lots.organisation.models import Provider, Unit
from lots.requirements.models import Contract


def active_contract_q(today: datetime.date, prefix: str = "contract__") -> Q:
    """Records whose contract (at ``prefix``) is in force on ``today``: the same reading as ``ContractQuerySet.active``."""
    return Q(**{f"{prefix}starts_on__lte": today}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    )


class InterventionQuerySet(models.QuerySet):
    def in_house(self):
        return self.filter(provider__isnull=True)

    def external(self):
        return self.filter(provider__isnull=False)

    def with_contract(self, today: datetime.date):
        """In-house ones, and external ones whose contract is in force on ``today``."""
        return self.filter(Q(provider__isnull=True) | active_contract_q(today))

    def without_contract(self, today: datetime.date):
        """External ones, not ended, with no contract in force on ``today`` (none recorded, not started, or ended).
        An ended intervention needs no contract."""
        return self.external().exclude(status=Intervention.Status.ENDED).exclude(active_contract_q(today))

    def offerable(self, today: datetime.date):
        """What a staff member may offer a client on ``today``: offered, and in-house or under a contract in force.
        Computed each time, so an intervention whose contract ends drops out by itself."""
        return self.filter(status=Intervention.Status.OFFERED).with_contract(today)


class Intervention(VersionedModel):
    """A service intervention a unit offers: open activities, groups, counselling, field work, given without a needs
    assessment, in-house or by an external provider under contract."""

    class Kind(models.TextChoices):
        OPEN = "open", _("Öppen verksamhet")
        GROUP = "group", _("Gruppverksamhet")
        COUNSELLING = "counselling", _("Rådgivning och samtalsstöd")
        FIELD = "field", _("Fältarbete")
        OTHER = "other", _("Annan serviceinsats")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        OFFERED = "offered", _("Erbjuds")
        ENDED = "ended", _("Avslutad")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="interventions", verbose_name=_("enhet"))
    name = models.CharField(_("namn"), max_length=160)
    kind = models.CharField(_("typ av insats"), max_length=20, choices=Kind.choices, default=Kind.GROUP)
    description = models.TextField(_("beskrivning"), help_text=_("Vad insatsen innehåller, när och var den ges."))
    target_group = models.CharField(_("målgrupp"), max_length=200)
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("extern utförare"),
        help_text=_("Lämna tomt när enheten själv ger insatsen."),
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("avtal"),
        help_text=_("Avtalet med utföraren som insatsen ges enligt."),
    )
    keeps_participant_data = models.BooleanField(
        _("för deltagarregister"),
        default=False,
        help_text=_("Uppgifter om deltagare får bara sparas med deltagarens uttryckliga samtycke."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("serviceinsats")
        verbose_name_plural = _("serviceinsatser")
        constraints = [
            models.CheckConstraint(
                condition=Q(contract__isnull=True) | Q(provider__isnull=False), name="intervention_contract_needs_provider"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_external(self) -> bool:
        return self.provider_id is not None

    def has_contract(self, today: datetime.date) -> bool:
        """In-house, or external with a contract of its provider in force on ``today``."""
        if not self.is_external:
            return True
        contract = self.contract
        return contract is not None and contract.provider_id == self.provider_id and contract.is_active(today)

    def is_offerable(self, today: datetime.date) -> bool:
        return self.status == self.Status.OFFERED and self.has_contract(today)


class ParticipantQuerySet(ReadLoggedQuerySet):
    def active(self):
        return self.filter(status=Participant.Status.ACTIVE)


# The data a participant record may hold beyond its reference, each kept only when the consent covers it.
DATA_FIELDS = ("name", "contact", "notes")


class Participant(VersionedModel):
    """One person taking part in an intervention that keeps participant data, known by a pseudonymous reference.

    Each data field (name, contact, notes) is kept only when the recorded consent covers it; the database refuses
    the rest. Withdrawing the consent deletes the record (lots.interventions.services.consent_withdraw) and leaves
    only the intervention's anonymous yearly count.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Deltar")
        ENDED = "ended", _("Avslutad")

    class EndReason(models.TextChoices):
        COMPLETED = "completed", _("Insatsen är slutförd")
        LEFT = "left", _("Deltagaren har slutat")
        CHANGED_NEEDS = "changed_needs", _("Förändrade behov – anmält till myndighetsutövningen")

    class ConsentMethod(models.TextChoices):
        WRITTEN = "written", _("Skriftligt")
        ORAL = "oral", _("Muntligt, antecknat")
        DIGITAL = "digital", _("Digitalt via e-tjänst")

    class ConsentGiver(models.TextChoices):
        PARTICIPANT = "participant", _("Deltagaren själv")
        GUARDIAN = "guardian", _("Vårdnadshavare")
        BOTH = "both", _("Deltagaren och vårdnadshavare")

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="participants", verbose_name=_("serviceinsats")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    reference = models.CharField(
        _("referens"), max_length=40, help_text=_("En pseudonym referens, till exempel G-2026-014. Inget personnummer.")
    )
    name = models.CharField(_("namn"), max_length=120, blank=True)
    contact = models.CharField(_("kontaktuppgifter"), max_length=200, blank=True, help_text=_("Telefon eller e-post."))
    notes = models.TextField(_("anteckningar"), blank=True)
    consent_name = models.BooleanField(_("samtycket omfattar namn"), default=False)
    consent_contact = models.BooleanField(_("samtycket omfattar kontaktuppgifter"), default=False)
    consent_notes = models.BooleanField(_("samtycket omfattar anteckningar"), default=False)
    consent_given_on = models.DateField(_("samtycke lämnat"))
    consent_method = models.CharField(_("hur samtycket lämnades"), max_length=20, choices=ConsentMethod.choices)
    consent_given_by = models.CharField(_("samtycke lämnat av"), max_length=20, choices=ConsentGiver.choices)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("samtycket registrerat av")
    )
    started_on = models.DateField(_("började"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(_("slutade"), null=True, blank=True)
    end_reason = models.CharField(_("anledning"), max_length=20, choices=EndReason.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["reference", "pk"]
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        constraints = [
            models.UniqueConstraint(fields=["intervention", "reference"], name="participant_reference_unique"),
            models.CheckConstraint(condition=Q(name="") | Q(consent_name=True), name="participant_name_needs_consent"),
            models.CheckConstraint(condition=Q(contact="") | Q(consent_contact=True), name="participant_contact_needs_consent"),
            models.CheckConstraint(condition=Q(notes="") | Q(consent_notes=True), name="participant_notes_need_consent"),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True, end_reason="")
                | Q(status="ended", ended_on__isnull=False) & ~Q(end_reason=""),
                name="participant_ended_has_date_and_reason",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="participant_unit_status")]

    def __str__(self) -> str:
        return self.reference

    @property
    def audit_label(self) -> str:
        return f"Deltagare {self.reference}"

    def covers(self, field: str) -> bool:
        """Whether the consent covers data field ``field`` (one of DATA_FIELDS)."""
        return bool(getattr(self, f"consent_{field}"))

    @property
    def covered_fields(self) -> list[str]:
        return [f for f in DATA_FIELDS if self.covers(f)]


class YearCount(models.Model):
    """The anonymous count per intervention and year: participants registered (by start year) and consents
    withdrawn (by year of withdrawal). It outlives every participant record and holds nothing about a person."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="year_counts")
    year = models.PositiveSmallIntegerField(_("år"))
    participants = models.PositiveIntegerField(_("deltagare"), default=0)
    withdrawn = models.PositiveIntegerField(_("återkallade samtycken"), default=0)

    class Meta:
        ordering = ["-year", "intervention__name", "pk"]
        verbose_name = _("antal per år")
        verbose_name_plural = _("antal per år")
        constraints = [models.UniqueConstraint(fields=["intervention", "year"], name="year_count_unique")]

    def __str__(self) -> str:
        return f"{self.intervention} {self.year}"


class NeedsReportQuerySet(ReadLoggedQuerySet):
    def awaiting(self):
        return self.filter(confirmed_at__isnull=True)

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class NeedsReport(VersionedModel):
    """The report (*anmälan* or *ansökan*) to the unit exercising authority when a participant's situation calls for
    an individual assessment; tracked until someone there confirms receipt.

    The report is a record of its own under the authority's legal basis, not participant data kept on consent: it
    keeps the participant's reference when the participant record is later erased.
    """

    class Kind(models.TextChoices):
        NOTIFICATION = "notification", _("Anmälan")
        APPLICATION = "application", _("Ansökan")

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="needs_reports", verbose_name=_("serviceinsats")
    )
    participant = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="needs_reports")
    participant_reference = models.CharField(_("deltagarens referens"), max_length=40)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("från enhet"))
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="needs_reports_received", verbose_name=_("till enhet")
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.NOTIFICATION)
    grounds = models.TextField(
        _("vad som har kommit fram"),
        help_text=_("Beskriv behovet utan att namnge andra personer; deltagaren anges med sin referens."),
    )
    sent_on = models.DateField(_("skickad"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("mottagen"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = NeedsReportQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("anmälan om förändrade behov")
        verbose_name_plural = _("anmälningar om förändrade behov")
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, confirmed_by__isnull=True)
                | Q(confirmed_at__isnull=False, confirmed_by__isnull=False),
                name="needs_report_confirmed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"{self.get_kind_display()} {self.participant_reference}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
