"""Requirement catalogues (*kravkataloger*), contracts with providers, and follow-ups (*uppföljningar*).

A catalogue (Socialstyrelsen's SOSFS 2011:9, a municipality's quality requirements
for a service) exists in versions; a version is a frozen tree of sections and
requirements. The same requirement keeps its ``lineage`` number from version to
version, which is what the differences between versions and the comparison of
follow-ups are computed from.

A follow-up checks one provider (an external provider or an internal unit)
against one catalogue version: one assessment per requirement, with a demanded
action wherever a requirement is not fulfilled.
"""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel
from lots.organisation.models import Municipality, Provider, Unit


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Catalogues --------------------------------------------------------------


class Catalogue(VersionedModel):
    """A requirement document over its versions. Shared catalogues (no municipality) ship with Lots."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalogues",
        verbose_name=_("kommun"),
        help_text=_("Tom för kataloger som följer med Lots och gäller alla kommuner."),
    )
    key = models.SlugField(_("kortnamn"), max_length=80)
    title = models.CharField(_("titel"), max_length=200)
    issuer = models.CharField(_("utfärdare"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("kravkatalog")
        verbose_name_plural = _("kravkataloger")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="catalogue_key_unique_in_municipality"),
            models.UniqueConstraint(fields=["key"], condition=Q(municipality__isnull=True), name="catalogue_key_unique_shared"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.municipality_id is None

    def latest_version(self) -> "CatalogueVersion | None":
        return self.versions.order_by("-number").first()


class CatalogueVersion(models.Model):
    """One version of a catalogue: frozen once saved, so follow-ups against it stay as they were."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="versions", verbose_name=_("katalog"))
    number = models.PositiveIntegerField(_("löpnummer"))
    label = models.CharField(
        _("version"), max_length=40, blank=True, help_text=_("Dokumentets egen versionsbeteckning, t.ex. 1.0.")
    )
    issued_on = models.DateField(_("datum"), null=True, blank=True)
    reference = models.CharField(_("ärendenummer"), max_length=80, blank=True)
    source_document = models.CharField(_("källdokument"), max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    description = models.TextField(_("beskrivning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("inläst av")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["catalogue", "number"]
        verbose_name = _("katalogversion")
        verbose_name_plural = _("katalogversioner")
        constraints = [models.UniqueConstraint(fields=["catalogue", "number"], name="catalogue_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.catalogue.title}, {self.display_label}"

    @property
    def display_label(self) -> str:
        return _("version %(label)s") % {"label": self.label or self.number}

    def previous(self) -> "CatalogueVersion | None":
        return CatalogueVersion.objects.filter(catalogue_id=self.catalogue_id, number__lt=self.number).order_by("-number").first()


class Section(models.Model):
    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    position = models.PositiveIntegerField(help_text=_("Order of the section in the whole version (depth first)."))
    depth = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("rubrik"), max_length=255)
    description = models.TextField(_("beskrivning"), blank=True)
    references = models.JSONField(_("hänvisningar"), default=list, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="section_position_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Requirement(models.Model):
    class Strength(models.TextChoices):
        MUST = "ska", _("Ska")
        SHOULD = "bör", _("Bör")

    class Binds(models.TextChoices):
        MANAGEMENT = "management", _("Ledningen")
        STAFF = "staff", _("Medarbetarna")
        BOTH = "both", _("Ledning och medarbetare")

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="requirements")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("avsnitt"))
    position = models.PositiveIntegerField(help_text=_("Order of the requirement in the whole version."))
    lineage = models.PositiveIntegerField(
        help_text=_("The same number for the same requirement in every version of the catalogue.")
    )
    text = models.TextField(_("krav"))
    strength = models.CharField(_("styrka"), max_length=3, choices=Strength.choices, default=Strength.MUST)
    binds = models.CharField(_("gäller"), max_length=12, choices=Binds.choices, default=Binds.BOTH)
    references = models.JSONField(_("hänvisningar"), default=list, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("krav")
        verbose_name_plural = _("krav")
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="requirement_lineage_unique_in_version"),
            models.UniqueConstraint(fields=["version", "position"], name="requirement_position_unique"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ImportDraft(models.Model):
    """A parsed document waiting for the person who uploaded it to correct and save it."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64)
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


# --- Contracts -----------------------------------------------------------------


class ContractQuerySet(models.QuerySet):
    def active(self, today: datetime.date):
        return self.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class Contract(VersionedModel):
    """An agreement (*avtal*) with a provider: what, for how long, what it costs and who follows it up."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("utförare"))
    title = models.CharField(_("avtal"), max_length=200)
    reference = models.CharField(_("avtalsnummer"), max_length=60, blank=True)
    scope = models.TextField(_("omfattning"), help_text=_("Vilka insatser avtalet gäller, för vilka och i vilken volym."))
    starts_on = models.DateField(_("gäller från"))
    ends_on = models.DateField(_("gäller till och med"), null=True, blank=True)
    annual_cost = models.DecimalField(_("kostnad per år (kr)"), max_digits=12, decimal_places=0, null=True, blank=True)
    cost_terms = models.TextField(
        _("ersättning"), blank=True, help_text=_("Till exempel pris per timme, indexering och fakturering.")
    )
    quality_levels = models.TextField(_("kvalitetsnivåer"), blank=True)
    responsible_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("beställande enhet")
    )
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_contracts",
        verbose_name=_("följs upp av"),
    )
    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.PROTECT, null=True, blank=True, related_name="contracts", verbose_name=_("kravkatalog")
    )
    police_check_on = models.DateField(_("senaste kontroll i belastningsregistret"), null=True, blank=True)
    social_check_on = models.DateField(_("senaste kontroll i socialtjänstens register"), null=True, blank=True)
    check_interval_months = models.PositiveSmallIntegerField(_("kontroll med intervall (månader)"), default=12)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["provider__name", "-starts_on", "pk"]
        verbose_name = _("avtal")
        verbose_name_plural = _("avtal")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="contract_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(check_interval_months__gte=1), name="contract_check_interval_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.provider.name})"

    def is_active(self, today: datetime.date) -> bool:
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)

    @property
    def needs_register_checks(self) -> bool:
        """Non-profit providers' people are checked in the police and social registers."""
        return self.provider.kind == Provider.Kind.NONPROFIT

    def next_check(self, last: datetime.date | None) -> datetime.date | None:
        if not self.needs_register_checks:
            return None
        return add_months(last, self.check_interval_months) if last else self.starts_on

    @property
    def next_police_check(self) -> datetime.date | None:
        return self.next_check(self.police_check_on)

    @property
    def next_social_check(self) -> datetime.date | None:
        return self.next_check(self.social_check_on)


# --- Follow-ups ------------------------------------------------------------------


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=FollowUp.Status.COMPLETED)

    def completed(self):
        return self.filter(status=FollowUp.Status.COMPLETED)

    def of_same_target(self, follow_up: "FollowUp"):
        if follow_up.provider_id:
            return self.filter(provider_id=follow_up.provider_id)
        return self.filter(unit_id=follow_up.unit_id)


class FollowUp(VersionedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        SELF_ASSESSMENT = "self_assessment", _("Självskattning pågår")
        ASSESSMENT = "assessment", _("Bedömning pågår")
        COMPLETED = "completed", _("Klar")

    class Method(models.TextChoices):
        DOCUMENTS = "documents", _("Dokumentgranskning")
        INTERVIEW = "interview", _("Intervju")
        OBSERVATION = "observation", _("Observation")
        SURVEY = "survey", _("Enkät")
        SELF_ASSESSMENT = "self_assessment", _("Utförarens självskattning")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun"))
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups", verbose_name=_("extern utförare")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups", verbose_name=_("enhet i egen regi")
    )
    responsible_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="responsible_follow_ups",
        verbose_name=_("ansvarig enhet"),
        help_text=_("Den enhet i kommunen som gör uppföljningen."),
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups", verbose_name=_("avtal")
    )
    catalogue_version = models.ForeignKey(
        CatalogueVersion, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("kravkatalog")
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="re_follow_ups",
        verbose_name=_("återuppföljning av"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    methods = models.JSONField(_("metoder"), default=list)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_follow_ups", verbose_name=_("ansvarig")
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="follow_up_teams", verbose_name=_("uppföljningsgrupp")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    self_assessment_due = models.DateField(_("självskattning senast"), null=True, blank=True)
    self_assessment_submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    self_assessment_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    summary = models.TextField(_("sammanfattande bedömning"), blank=True)
    completed_on = models.DateField(_("rapportdatum"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(provider__isnull=False, unit__isnull=True) | Q(provider__isnull=True, unit__isnull=False),
                name="follow_up_targets_provider_or_unit",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="follow_up_period_in_order"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False), name="follow_up_completed_has_date"
            ),
        ]
        indexes = [models.Index(fields=["provider", "status"], name="follow_up_provider_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def target(self):
        return self.provider if self.provider_id else self.unit

    def provider_lacks_contract(self, today: datetime.date) -> bool:
        """A follow-up of an external provider that has no contract in force on ``today``: shown with a warning, since
        no service may be referred to a provider without a contract (issue 20)."""
        return bool(self.provider_id) and not Contract.objects.filter(provider_id=self.provider_id).active(today).exists()

    @property
    def target_name(self) -> str:
        return self.provider.name if self.provider_id else self.unit.name

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def uses_self_assessment(self) -> bool:
        return self.Method.SELF_ASSESSMENT in self.methods and self.provider_id is not None

    @property
    def self_assessment_open(self) -> bool:
        return self.uses_self_assessment and self.status == self.Status.SELF_ASSESSMENT

    def method_labels(self) -> list[str]:
        labels = dict(self.Method.choices)
        return [str(labels[m]) for m in self.methods if m in labels]


class Assessment(VersionedModel):
    """One requirement in one follow-up: the provider's self-assessment and the municipality's assessment."""

    class Status(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Ej bedömt")
        MET = "met", _("Uppfyllt")
        PARTLY = "partly", _("Delvis uppfyllt")
        NOT_MET = "not_met", _("Ej uppfyllt")
        NOT_APPLICABLE = "not_applicable", _("Ej tillämpligt")

    UNFULFILLED = frozenset({Status.PARTLY, Status.NOT_MET})
    SCORES = {Status.MET: 1.0, Status.PARTLY: 0.5, Status.NOT_MET: 0.0}

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="assessments")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("krav"))
    status = models.CharField(_("bedömning"), max_length=20, choices=Status.choices, default=Status.NOT_ASSESSED)
    comment = models.TextField(_("underlag och motivering"), blank=True)
    interview_notes = models.TextField(_("anteckningar från intervju eller observation"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    assessed_at = models.DateTimeField(null=True, blank=True)
    self_status = models.CharField(_("utförarens bedömning"), max_length=20, choices=Status.choices, default=Status.NOT_ASSESSED)
    self_comment = models.TextField(_("utförarens beskrivning"), blank=True)
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    self_assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["follow_up", "requirement__position"]
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        constraints = [models.UniqueConstraint(fields=["follow_up", "requirement"], name="assessment_unique_per_requirement")]

    def __str__(self) -> str:
        return f"{self.follow_up}: {self.requirement}"

    @property
    def is_unfulfilled(self) -> bool:
        return self.status in self.UNFULFILLED

    @property
    def badge(self) -> str:
        return {self.Status.MET: "ok", self.Status.PARTLY: "warning", self.Status.NOT_MET: "danger"}.get(self.status, "")


def attachment_path(instance, filename: str) -> str:
    today = timezone.localdate()
    return f"requirements/{today:%Y/%m}/{instance.assessment.follow_up_id}/{filename}"


class Attachment(models.Model):
    """Evidence for an assessment: a routine, a plan, minutes. Its type is checked from the content."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("filnamn"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    from_provider = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self) -> str:
        return self.name


class DemandedActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=DemandedAction.Status.CLOSED)

    def overdue(self, today: datetime.date):
        return self.filter(status=DemandedAction.Status.OPEN, due_date__lt=today)


class DemandedAction(VersionedModel):
    """What the provider must do about an unfulfilled requirement, and by when; tracked until closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        REPORTED = "reported", _("Rapporterad som åtgärdad")
        CLOSED = "closed", _("Stängd")

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="demanded_action")
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="demanded_actions")
    text = models.TextField(_("krav på åtgärd"))
    due_date = models.DateField(_("åtgärdat senast"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    provider_response = models.TextField(_("utförarens redovisning"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    closing_note = models.TextField(_("kommunens bedömning"), blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DemandedActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("krav på åtgärd")
        verbose_name_plural = _("krav på åtgärder")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False), name="demanded_action_closed_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def is_overdue(self, today: datetime.date) -> bool:
        """Still open (not reported, not closed) after its due date."""
        return self.status == self.Status.OPEN and self.due_date < today
