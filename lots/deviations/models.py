"""Deviations (*avvikelser*) and the lex Sarah track: investigation and IVO notification.

A deviation moves rapporterad → mottagen → under utredning → åtgärdad → avslutad
and can be reopened; each move is a DeviationEvent (who, when, comment). A
report flagged as a possible wrong (*missförhållande*) gets a LexSarahInvestigation
at once; a serious classification starts an IvoNotification.
"""

import datetime
import re
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.access.reads import ReadLoggedQuerySet
from lots.core.models import VersionedModel
from lots.lib.dates import day_start
from lots.lib.urls import pk_url
from lots.organisation.models import Municipality, Unit

DEFAULT_CATEGORIES = [
    "Bemötande",
    "Handläggning",
    "Dokumentation",
    "Sekretess och integritet",
    "Genomförande av insats",
    "Samverkan",
    "Våld och hot",
    "Övrigt",
]


class DeviationCategory(models.Model):
    """A category offered when reporting; each municipality keeps its own list."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="deviation_categories", verbose_name=_("kommun")
    )
    name = models.CharField(_("namn"), max_length=80)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("används"), default=True)

    class Meta:
        ordering = ["municipality", "position", "name"]
        verbose_name = _("avvikelsekategori")
        verbose_name_plural = _("avvikelsekategorier")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="deviation_category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


def _default_legal_reference() -> str:
    return "Lex Sarah: socialtjänstlagen (2025:400) och Socialstyrelsens föreskrifter SOSFS 2011:5"


class DeviationSettings(VersionedModel):
    """Per-municipality time limits and the provider details printed on the IVO notification."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="deviation_settings")
    receive_days = models.PositiveSmallIntegerField(
        _("dagar att ta emot en rapport"), default=2, help_text=_("Rapporter som kan vara lex Sarah ska tas emot nästa dag.")
    )
    handling_days = models.PositiveSmallIntegerField(_("dagar att utreda och åtgärda"), default=30)
    close_days = models.PositiveSmallIntegerField(_("dagar att följa upp och avsluta efter åtgärd"), default=14)
    escalation_days = models.PositiveSmallIntegerField(_("dagar försenad innan nästa chefsnivå får besked"), default=5)
    ivo_target_days = models.PositiveSmallIntegerField(
        _("mål för anmälan till IVO, dagar från rapporten"),
        default=14,
        help_text=_("Lagen säger snarast; värdet är kommunens mål."),
    )
    provider_name = models.CharField(
        _("vårdgivare eller nämnd"), max_length=160, blank=True, help_text=_("Tomt = kommunens nämnd i organisationsträdet.")
    )
    organisation_number = models.CharField(_("organisationsnummer"), max_length=11, blank=True)
    address = models.CharField(_("postadress"), max_length=200, blank=True)
    legal_reference = models.CharField(
        _("hänvisning till regelverket"),
        max_length=300,
        default=_default_legal_reference,
        help_text=_("Visas i formulär och på IVO-anmälan. Uppdatera när lag eller föreskrift ändras."),
    )

    class Meta:
        verbose_name = _("inställningar för avvikelser")
        verbose_name_plural = _("inställningar för avvikelser")

    def __str__(self) -> str:
        return f"Avvikelser i {self.municipality}"

    @classmethod
    def for_municipality(cls, municipality: Municipality) -> "DeviationSettings":
        found = cls.objects.filter(municipality=municipality).first()
        return found if found is not None else cls(municipality=municipality)


class DeviationUnitSettings(VersionedModel):
    """Who is responsible for reports on one unit, when not the enhetschef found in the tree."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="deviation_settings")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig chef"),
    )

    class Meta:
        verbose_name = _("ansvar för avvikelser på enhet")
        verbose_name_plural = _("ansvar för avvikelser på enheter")

    def __str__(self) -> str:
        return f"{self.unit}: {self.responsible}"


class DeviationQuerySet(ReadLoggedQuerySet):
    def named(self, term: str):
        """Reports numbered ``term`` ("AV-2026-0042"; one per municipality), or with the id ``term``."""
        found = re.fullmatch(r"AV-(\d{4})-(\d+)", term.strip().upper())
        if found:
            return self.filter(year=int(found[1]), sequence=int(found[2]))
        return super().named(term)

    def open(self):
        return self.exclude(state=Deviation.State.CLOSED)

    def for_source(self, obj):
        """Deviations that came from ``obj`` (e.g. a feedback case turned into a lex Sarah report)."""
        return self.filter(source_type=ContentType.objects.get_for_model(obj), source_id=str(obj.pk))

    def lex_sarah(self):
        return self.filter(lex_sarah__isnull=False)

    def reported_between(self, start: datetime.date | None, end: datetime.date | None):
        qs = self
        if start is not None:
            qs = qs.filter(reported_at__gte=day_start(start))
        if end is not None:
            qs = qs.filter(reported_at__lt=day_start(end + datetime.timedelta(days=1)))
        return qs

    def overdue(self, today: datetime.date):
        """Reports past a due date (``overdue_q``), each by its own municipality's time limits.

        Municipalities are grouped by their time limits, so the condition stays small however many there
        are; reading the limits is one query.
        """
        default = DeviationSettings()
        limits = ("receive_days", "handling_days", "close_days")
        groups: dict[tuple, list[int]] = {}
        for municipality_id, *days in DeviationSettings.objects.values_list("municipality_id", *limits).order_by("pk"):
            if tuple(days) != tuple(getattr(default, name) for name in limits):
                groups.setdefault(tuple(days), []).append(municipality_id)
        configured = [pk for ids in groups.values() for pk in ids]
        condition = overdue_q(default, today)
        if configured:
            condition &= ~models.Q(unit__municipality_id__in=configured)
        for days, ids in groups.items():
            config = DeviationSettings(**dict(zip(limits, days, strict=True)))
            condition |= models.Q(unit__municipality_id__in=ids) & overdue_q(config, today)
        return self.filter(condition)


def overdue_q(config: "DeviationSettings", today: datetime.date) -> models.Q:
    """Open reports whose current step (or IVO notification) is past its due date, by ``config``'s time limits.

    The same due dates as ``Deviation.step_due`` and lots.deviations.steps, as one SQL condition: the overview's
    count, the list's "Endast försenade" filter and the list of overdue reports all use it.
    """
    S = Deviation.State

    def before(days: int) -> datetime.datetime:
        return day_start(today - datetime.timedelta(days=days))

    reported = models.Q(state=S.REPORTED) & (
        models.Q(possible_lex_sarah=True, reported_at__lt=before(1))
        | models.Q(possible_lex_sarah=False, reported_at__lt=before(config.receive_days))
    )
    handling = models.Q(state__in=[S.RECEIVED, S.INVESTIGATING], reported_at__lt=before(config.handling_days))
    resolved = models.Q(state=S.RESOLVED) & (
        models.Q(resolved_at__isnull=False, resolved_at__lt=before(config.close_days))
        | models.Q(resolved_at__isnull=True, reported_at__lt=before(config.close_days))
    )
    ivo = models.Q(pk__in=IvoNotification.objects.filter(sent_at__isnull=True, due_date__lt=today).values("deviation_id"))
    return ~models.Q(state=S.CLOSED) & (reported | handling | resolved | ivo)


class Deviation(VersionedModel):
    class State(models.TextChoices):
        REPORTED = "reported", _("Rapporterad")
        RECEIVED = "received", _("Mottagen")
        INVESTIGATING = "investigating", _("Under utredning")
        RESOLVED = "resolved", _("Åtgärdad")
        CLOSED = "closed", _("Avslutad")

    class Cause(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        ROUTINES = "routines", _("Rutiner")
        COMMUNICATION = "communication", _("Kommunikation")
        COMPETENCE = "competence", _("Kompetens")
        STAFFING = "staffing", _("Bemanning")
        TECHNOLOGY = "technology", _("Teknik")
        OTHER = "other", _("Annat")

    # Allowed moves: forward one step, or back to "under utredning" from åtgärdad/avslutad (reopening).
    TRANSITIONS = {
        State.REPORTED: [State.RECEIVED],
        State.RECEIVED: [State.INVESTIGATING],
        State.INVESTIGATING: [State.RESOLVED],
        State.RESOLVED: [State.CLOSED, State.INVESTIGATING],
        State.CLOSED: [State.INVESTIGATING],
    }
    COMMENT_REQUIRED = {State.RESOLVED, State.CLOSED}

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    # Indexed by "deviation_unit_reported" below, which also serves lookups by unit alone.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="deviations", verbose_name=_("enhet"), db_index=False)
    category = models.ForeignKey(
        DeviationCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="deviations", verbose_name=_("kategori")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deviations_reported", verbose_name=_("rapporterad av")
    )
    reported_at = models.DateTimeField(_("rapporterad"), default=timezone.now, db_index=True)
    occurred_at = models.DateTimeField(_("inträffade"))
    description = models.TextField(_("vad hände"))
    immediate_action = models.TextField(_("vad gjordes direkt"), blank=True)
    possible_lex_sarah = models.BooleanField(_("kan vara ett missförhållande (lex Sarah)"), default=False)
    case_reference = models.CharField(_("ärendereferens"), max_length=60, blank=True)
    # The reporter kept text the integrity guard warned about.
    integrity_confirmed = models.BooleanField(default=False, editable=False)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.REPORTED)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations_responsible",
        verbose_name=_("ansvarig chef"),
    )
    received_at = models.DateTimeField(_("mottagen"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("åtgärdad"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    causes = models.JSONField(_("orsaker"), default=list, blank=True)
    cause_description = models.TextField(_("orsaksanalys"), blank=True)
    severity = models.PositiveSmallIntegerField(_("konsekvens"), null=True, blank=True)
    probability = models.PositiveSmallIntegerField(_("sannolikhet"), null=True, blank=True)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    external_reference = models.CharField(_("id i tidigare system"), max_length=60, blank=True)

    objects = DeviationQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("avvikelse")
        verbose_name_plural = _("avvikelser")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "sequence"], name="deviation_number_unique"),
            models.UniqueConstraint(
                fields=["municipality", "external_reference"],
                condition=~models.Q(external_reference=""),
                name="deviation_external_reference_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(severity__isnull=True) | models.Q(severity__gte=1), name="deviation_severity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(probability__isnull=True) | models.Q(probability__gte=1), name="deviation_probability_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="closed") | models.Q(closed_at__isnull=False),
                name="deviation_closed_has_date",
            ),
        ]
        indexes = [
            # A unit subtree over a period: lists (ids first), counts and the board's compilation. On PostgreSQL the
            # included columns let the compilation's GROUP BYs run as index-only scans, without reading the table.
            models.Index(
                fields=["unit", "reported_at"],
                include=["id", "state", "possible_lex_sarah", "category", "closed_at", "severity", "probability", "causes"],
                name="deviation_unit_reported",
            ),
            models.Index(fields=["unit", "state"], name="deviation_unit_state"),
            # Open reports are a few per cent of ten years' reports: the overview's open, overdue and lex Sarah counts
            # read only these.
            models.Index(fields=["unit", "reported_at"], condition=~models.Q(state="closed"), name="deviation_open_unit"),
            models.Index(fields=["responsible", "state"], name="deviation_responsible_state"),
            models.Index(fields=["reported_by", "reported_at"], name="deviation_reporter"),
            models.Index(fields=["source_type", "source_id"], name="deviation_source"),
        ]

    def __str__(self) -> str:
        return f"Avvikelse {self.number}"

    def get_absolute_url(self) -> str:
        return pk_url("deviations:detail", self.pk)

    @property
    def number(self) -> str:
        return f"AV-{self.year}-{self.sequence:04d}"

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    def allowed_transitions(self) -> list[str]:
        return list(self.TRANSITIONS.get(self.state, []))

    def is_reopening(self, to_state: str) -> bool:
        return to_state == self.State.INVESTIGATING and self.state in (self.State.RESOLVED, self.State.CLOSED)

    def step_due(self, config: DeviationSettings) -> datetime.date | None:
        """When the current step should be done, by the municipality's time limits; None when closed."""
        reported = timezone.localdate(self.reported_at)
        if self.state == self.State.REPORTED:
            days = 1 if self.possible_lex_sarah else config.receive_days
            return reported + datetime.timedelta(days=days)
        if self.state in (self.State.RECEIVED, self.State.INVESTIGATING):
            return reported + datetime.timedelta(days=config.handling_days)
        if self.state == self.State.RESOLVED:
            resolved = timezone.localdate(self.resolved_at) if self.resolved_at else reported
            return resolved + datetime.timedelta(days=config.close_days)
        return None

    def risk_level(self, scale):
        """The level on the municipality's shared risk scale, or None before the analysis."""
        if self.severity is None or self.probability is None:
            return None
        try:
            return scale.level_for(self.severity, self.probability)
        except ValueError:
            return None

    def cause_labels(self) -> list[str]:
        labels = dict(self.Cause.choices)
        return [str(labels.get(code, code)) for code in self.causes]

    def days_to_close(self) -> int | None:
        if self.closed_at is None:
            return None
        return (timezone.localdate(self.closed_at) - timezone.localdate(self.reported_at)).days


class DeviationEvent(models.Model):
    """One move between states, with who made it, when, and why."""

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    from_state = models.CharField(max_length=20, choices=Deviation.State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=Deviation.State.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.deviation}: {self.from_state} → {self.to_state}"

    @property
    def is_reopening(self) -> bool:
        return self.to_state == Deviation.State.INVESTIGATING and self.from_state in (
            Deviation.State.RESOLVED,
            Deviation.State.CLOSED,
        )


class LexSarahInvestigation(VersionedModel):
    """The investigation record with the contents SOSFS 2011:5 requires."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        COMPLETED = "completed", _("Avslutad")
        CLOSED_EARLY = "closed_early", _("Avslutad i förtid – inte ett missförhållande")

    class Classification(models.TextChoices):
        NOT_A_WRONG = "not_a_wrong", _("Inte ett missförhållande")
        RISK = "risk", _("Påtaglig risk för missförhållande")
        WRONG = "wrong", _("Missförhållande")
        SERIOUS_RISK = "serious_risk", _("Påtaglig risk för allvarligt missförhållande")
        SERIOUS = "serious", _("Allvarligt missförhållande")

    class Informed(models.TextChoices):
        YES_WITH_VIEW = "yes_with_view", _("Ja, och fick lämna sina synpunkter")
        YES = "yes", _("Ja, men har inte lämnat synpunkter")
        NOT_YET = "not_yet", _("Nej, inte ännu")
        NOT_POSSIBLE = "not_possible", _("Nej, det går inte (skäl anges)")

    SERIOUS = frozenset({Classification.SERIOUS_RISK, Classification.SERIOUS})
    # The contents SOSFS 2011:5 requires before the investigation can be completed.
    REQUIRED_FOR_COMPLETION = [
        "what_happened",
        "when_where",
        "affected",
        "informed",
        "informed_details",
        "causes",
        "actions_taken",
        "actions_planned",
        "final_assessment",
        "classification",
    ]

    deviation = models.OneToOneField(Deviation, on_delete=models.CASCADE, related_name="lex_sarah")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    started_at = models.DateTimeField(_("påbörjad"), default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    what_happened = models.TextField(_("vad som har hänt"), blank=True)
    when_where = models.TextField(_("när och var det hände"), blank=True)
    affected = models.TextField(_("vem som drabbades och hur"), blank=True)
    informed = models.CharField(
        _("har den enskilde eller företrädaren informerats?"), max_length=20, choices=Informed.choices, blank=True
    )
    informed_details = models.TextField(_("hur informerades de och vad är deras synpunkter?"), blank=True)
    causes = models.TextField(_("orsaker"), blank=True)
    actions_taken = models.TextField(_("åtgärder som har vidtagits"), blank=True)
    actions_planned = models.TextField(_("åtgärder som planeras för att avhjälpa och förebygga"), blank=True)
    final_assessment = models.TextField(_("slutlig bedömning"), blank=True)
    classification = models.CharField(_("bedömning"), max_length=20, choices=Classification.choices, blank=True)
    early_close_position = models.TextField(_("ställningstagande: varför det uppenbart inte är ett missförhållande"), blank=True)
    completed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("lex Sarah-utredning")
        verbose_name_plural = _("lex Sarah-utredningar")
        indexes = [
            # The compilation counts classifications per report without reading the investigations' long texts.
            models.Index(fields=["deviation"], include=["id", "classification"], name="lexsarah_classification"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed_early")
                | (~models.Q(early_close_position="") & models.Q(classification="not_a_wrong")),
                name="lexsarah_early_close_needs_position",
            ),
        ]

    def __str__(self) -> str:
        return _("Lex Sarah-utredning för %(deviation)s") % {"deviation": self.deviation}

    @property
    def unit(self):
        return self.deviation.unit

    @property
    def unit_id(self):
        return self.deviation.unit_id

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_serious(self) -> bool:
        return self.classification in self.SERIOUS

    def missing_for_completion(self) -> list[str]:
        """Labels of the required contents that are still empty."""
        return [str(self._meta.get_field(name).verbose_name) for name in self.REQUIRED_FOR_COMPLETION if not getattr(self, name)]


class IvoNotification(VersionedModel):
    """The notification of a serious wrong to IVO: target date, contact, the decision, and when and by whom it was sent.

    A serious classification only proposes the notification; the board, or the förvaltningschef under the
    delegation order, decides (Katrineholm §5.2–5.3), and it cannot be marked sent before that decision is recorded.
    """

    class Basis(models.TextChoices):
        BOARD = "board", _("Nämndens beslut")
        DELEGATION = "delegation", _("Förvaltningschefens beslut enligt delegationsordningen")

    deviation = models.OneToOneField(Deviation, on_delete=models.CASCADE, related_name="ivo_notification")
    started_at = models.DateTimeField(_("påbörjad"), default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    due_date = models.DateField(_("ska skickas senast"))
    contact_name = models.CharField(_("kontaktperson"), max_length=120, blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    activity_area = models.CharField(_("verksamhetsområde"), max_length=120, default="Individ- och familjeomsorg")
    other_notifications = models.TextField(
        _("anmälan till andra myndigheter"), blank=True, help_text=_("Till exempel polisanmälan. Lämna tomt om ingen.")
    )
    investigation_expected = models.DateField(_("utredningen beräknas vara klar"), null=True, blank=True)
    decided_at = models.DateTimeField(_("beslut om anmälan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutet registrerat av"),
    )
    decision_basis = models.CharField(_("vem beslutade"), max_length=20, choices=Basis.choices, blank=True)
    decision_reference = models.CharField(
        _("protokollsparagraf eller delegationspunkt"),
        max_length=120,
        blank=True,
        help_text=_("Till exempel nämndens protokoll § 45 eller punkt 3.2 i delegationsordningen."),
    )
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ivo_reference = models.CharField(_("IVO:s diarienummer"), max_length=60, blank=True)
    sent_pdf = models.FileField(upload_to="deviations/ivo/%Y/", blank=True)

    class Meta:
        verbose_name = _("anmälan till IVO")
        verbose_name_plural = _("anmälningar till IVO")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True) | models.Q(sent_by__isnull=False), name="ivo_sent_has_sender"
            ),
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True) | models.Q(decided_at__isnull=False), name="ivo_sent_after_decision"
            ),
            models.CheckConstraint(
                condition=models.Q(decided_at__isnull=True)
                | (models.Q(decided_by__isnull=False) & ~models.Q(decision_basis="") & ~models.Q(decision_reference="")),
                name="ivo_decision_complete",
            ),
        ]

    def __str__(self) -> str:
        return _("Anmälan till IVO för %(deviation)s") % {"deviation": self.deviation}

    @property
    def unit(self):
        return self.deviation.unit

    @property
    def unit_id(self):
        return self.deviation.unit_id

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_sent and self.due_date < today


def attachment_path(instance, filename: str) -> str:
    return f"deviations/attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class DeviationAttachment(models.Model):
    """A file attached to a report. Stored under a random name; served only through an access-checked view."""

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("filnamn"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self) -> str:
        return self.original_name

    @property
    def unit(self):
        return self.deviation.unit

    @property
    def unit_id(self):
        return self.deviation.unit_id


class ReportDraft(models.Model):
    """A report being written and not yet sent, kept on the server under the reporter's account — never in the
    browser, whose storage outlives a logout on a shared computer. One per person; removed when the report is sent,
    when the person starts over, and by the daily run once untouched for ``lots.deviations.drafts.KEEP_DAYS``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deviation_draft", verbose_name=_("person")
    )
    data = models.JSONField(_("det som skrivits"), default=dict)
    saved_at = models.DateTimeField(_("sparat"), default=timezone.now)

    class Meta:
        verbose_name = _("utkast till avvikelserapport")
        verbose_name_plural = _("utkast till avvikelserapporter")

    def __str__(self) -> str:
        return str(_("Utkast till avvikelserapport"))
