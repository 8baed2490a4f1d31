"""The core of the management system (SOSFS 2011:9 3–4 kap.).

Processes and their ordered activities, collaboration (*samverkan*), routines with
immutable established versions and read acknowledgements, the law list, the
responsibilities per role and phase, and the yearly calendar (*årshjul*).

Processes, routines and laws apply to one or more units (many-to-many); what is
decided on a unit applies to every unit below it (see lots.processes.access).
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.accounts.models import Role
from lots.core.models import VersionedModel
from lots.organisation.models import Unit


class DocumentsCollaboration(models.Model):
    """A process or a routine documents its collaboration (*samverkan*), or states why none is needed.

    Katrineholm §1.1: every process and routine documents how collaboration is carried out and secured
    (SOSFS 2011:9 4 kap. 5–6 §§). The collaboration itself is a list of ``collaborations`` on the subclass.
    """

    no_collaboration_reason = models.TextField(
        _("ingen samverkan behövs, därför att"),
        blank=True,
        help_text=_("Fyll i om ingen samverkan behövs. Annars beskrivs samverkan nedan."),
    )

    class Meta:
        abstract = True

    @property
    def collaboration_documented(self) -> bool:
        """With whom it collaborates, or why it needs no collaboration, is written down."""
        return bool(self.no_collaboration_reason.strip()) or self.collaborations.exists()


class CollaborationBase(models.Model):
    """One collaboration (*samverkan*): with whom, internal or external, about what, under which agreement."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Intern")
        EXTERNAL = "external", _("Extern")

    partner = models.CharField(_("samverkanspart"), max_length=200)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices, default=Kind.EXTERNAL)
    purpose = models.TextField(_("vad samverkan gäller"), blank=True)
    agreement = models.CharField(_("överenskommelse eller rutin"), max_length=300, blank=True)
    # The written agreement the collaboration rests on (lots.agreements); None: it rests on none yet.
    linked_agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)s_entries",
        verbose_name=_("skriftlig överenskommelse"),
    )

    # The URL names of the edit and delete pages, "<prefix>_edit" and "<prefix>_delete".
    url_prefix = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.partner

    def get_edit_url(self) -> str:
        return reverse(f"{self.url_prefix}_edit", args=[self.pk])

    def get_delete_url(self) -> str:
        return reverse(f"{self.url_prefix}_delete", args=[self.pk])


class Process(DocumentsCollaboration, VersionedModel):
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
    # Case-folded name, purpose and activities, kept by the services for searching.
    search_text = models.TextField(default="", blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("process")
        verbose_name_plural = _("processer")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="established") | Q(owner__isnull=False), name="process_established_has_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", args=[self.pk])

    @property
    def is_established(self) -> bool:
        return self.status == self.Status.ESTABLISHED

    def review_is_due(self, today: datetime.date) -> bool:
        return self.review_date is not None and self.review_date <= today


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


class Collaboration(CollaborationBase):
    """Where the process needs *samverkan* (SOSFS 2011:9 4 kap. 5–6 §§), for the whole process or one step."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="collaborations")
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="collaborations", verbose_name=_("aktivitet")
    )

    url_prefix = "processes:collaboration"

    class Meta:
        ordering = ["process", "kind", "partner"]
        verbose_name = _("samverkan")
        verbose_name_plural = _("samverkan")


class ProcessVersion(models.Model):
    """A frozen copy of a process as it was established. Never changed after it is written."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(default=dict)
    established_at = models.DateTimeField(_("fastställd"))
    established_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    review_date = models.DateField(_("nästa översyn"), null=True, blank=True)

    class Meta:
        ordering = ["process", "-number"]
        verbose_name = _("fastställd processversion")
        verbose_name_plural = _("fastställda processversioner")
        constraints = [models.UniqueConstraint(fields=["process", "number"], name="process_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.process} v{self.number}"


class Routine(DocumentsCollaboration, VersionedModel):
    """A routine (*rutin*): how a step is done and by whom. Its text lives in versions."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="routines")
    title = models.CharField(_("rubrik"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_routines", verbose_name=_("rutinägare")
    )
    units = models.ManyToManyField(Unit, related_name="routines", verbose_name=_("gäller för enheter"))
    processes = models.ManyToManyField(Process, blank=True, related_name="routines", verbose_name=_("processer"))
    activities = models.ManyToManyField(Activity, blank=True, related_name="routines", verbose_name=_("aktiviteter"))
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(_("översyn var (månader)"), default=12)
    review_date = models.DateField(_("nästa översyn"), null=True, blank=True)
    current_version = models.ForeignKey(
        "RoutineVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("gällande version")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    search_text = models.TextField(default="", blank=True, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("rutin")
        verbose_name_plural = _("rutiner")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="routine_valid_until_after_from",
            ),
            models.CheckConstraint(condition=Q(review_interval_months__gte=1), name="routine_review_interval_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:routine", args=[self.pk])

    def is_valid_on(self, day: datetime.date) -> bool:
        if self.current_version_id is None:
            return False
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)

    def review_is_due(self, today: datetime.date) -> bool:
        return self.review_date is not None and self.review_date <= today


class RoutineCollaboration(CollaborationBase):
    """Where the routine needs *samverkan*: with whom, about what, under which agreement (Katrineholm §1.1)."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="collaborations")

    url_prefix = "processes:routine_collaboration"

    class Meta:
        ordering = ["routine", "kind", "partner"]
        verbose_name = _("samverkan i rutin")
        verbose_name_plural = _("samverkan i rutiner")


class RoutineVersion(VersionedModel):
    """One version of a routine's text. A draft may be edited; an established version never changes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ESTABLISHED = "established", _("Fastställd")

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    body_source = models.TextField(_("text"), blank=True)
    body_html = models.TextField(blank=True, editable=False)
    change_summary = models.CharField(_("vad har ändrats"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fastställd av"),
    )
    established_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    acknowledge_by = models.DateField(_("läses senast"), null=True, blank=True)
    # A draft sent for approval waits on the nearest managers who may establish it (lots.processes.approvals).
    submitted_at = models.DateTimeField(_("skickad för fastställelse"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skickad av"),
    )

    class Meta:
        ordering = ["routine", "-number"]
        verbose_name = _("rutinversion")
        verbose_name_plural = _("rutinversioner")
        constraints = [
            models.UniqueConstraint(fields=["routine", "number"], name="routine_version_number_unique"),
            models.UniqueConstraint(fields=["routine"], condition=Q(status="draft"), name="routine_one_draft"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(established_at__isnull=False) & Q(established_by__isnull=False)),
                name="routine_version_established_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.routine} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Acknowledgement(models.Model):
    """A person confirmed *läst och förstått* for one established routine version."""

    version = models.ForeignKey(RoutineVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routine_acknowledgements")
    acknowledged_at = models.DateTimeField(_("bekräftad"), default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        verbose_name = _("läsbekräftelse")
        verbose_name_plural = _("läsbekräftelser")
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="acknowledgement_once_per_version")]

    def __str__(self) -> str:
        return f"{self.user} – {self.version}"


class Law(VersionedModel):
    """A law or regulation on the law list (*laglista*). References are data, edited when the law changes."""

    class Collection(models.TextChoices):
        SFS = "SFS", _("SFS")
        SOSFS = "SOSFS", _("SOSFS")
        HSLF_FS = "HSLF-FS", _("HSLF-FS")
        OTHER = "other", _("Annan")

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="laws")
    collection = models.CharField(_("författningssamling"), max_length=10, choices=Collection.choices, default=Collection.SFS)
    number = models.CharField(_("nummer"), max_length=30, help_text=_("Till exempel 2025:400."))
    title = models.CharField(_("rubrik"), max_length=300)
    short_name = models.CharField(_("förkortning"), max_length=40, blank=True)
    description = models.TextField(_("kort beskrivning"), blank=True)
    units = models.ManyToManyField(Unit, related_name="laws", verbose_name=_("gäller för enheter"))
    processes = models.ManyToManyField(Process, blank=True, related_name="laws", verbose_name=_("processer"))
    in_force_from = models.DateField(_("gäller från"), null=True, blank=True)
    repealed_on = models.DateField(_("upphävd från"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces", verbose_name=_("ersatt av")
    )
    last_reviewed_at = models.DateField(_("senast genomgången"), null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("genomgången av"),
    )

    REVIEW_INTERVAL_DAYS = 365

    class Meta:
        ordering = ["collection", "title"]
        verbose_name = _("lag eller föreskrift")
        verbose_name_plural = _("laglista")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "collection", "number"], name="law_reference_unique_in_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    def get_absolute_url(self) -> str:
        return reverse("processes:law", args=[self.pk])

    @property
    def reference(self) -> str:
        prefix = "" if self.collection == self.Collection.OTHER else f"{self.collection} "
        return f"{prefix}{self.number}"

    def is_in_force(self, today: datetime.date) -> bool:
        if self.in_force_from and today < self.in_force_from:
            return False
        return not (self.repealed_on and today >= self.repealed_on)

    def review_due_on(self) -> datetime.date | None:
        """When the next yearly review is due; None means never reviewed (due now)."""
        if self.last_reviewed_at is None:
            return None
        return self.last_reviewed_at + datetime.timedelta(days=self.REVIEW_INTERVAL_DAYS)

    def review_is_due(self, today: datetime.date) -> bool:
        due = self.review_due_on()
        return due is None or due <= today


class Phase(models.TextChoices):
    """The four phases of the improvement wheel (Katrineholm 2018 §1.1)."""

    PLANNING = "planning", _("Planering")
    DOING = "doing", _("Genomförande")
    EVALUATING = "evaluating", _("Utvärdering")
    IMPROVING = "improving", _("Ständiga förbättringar")


class Responsibility(VersionedModel):
    """One line of the responsibility matrix: what a role answers for in one phase."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="responsibilities")
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    phase = models.CharField(_("fas"), max_length=20, choices=Phase.choices)
    text = models.CharField(_("ansvar"), max_length=500)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    source = models.CharField(_("källa"), max_length=200, blank=True)

    class Meta:
        ordering = ["municipality", "role", "phase", "position", "pk"]
        verbose_name = _("ansvar")
        verbose_name_plural = _("ansvarsfördelning")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.text}"


class CalendarRule(VersionedModel):
    """A recurring obligation in the yearly calendar; it generates dated tasks each year."""

    class Recurrence(models.TextChoices):
        YEARLY = "yearly", _("En gång om året")
        QUARTERLY = "quarterly", _("Varje kvartal")
        MONTHLY = "monthly", _("Varje månad")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="calendar_rules", verbose_name=_("gäller för"))
    per_unit_kind = models.CharField(
        _("en uppgift per"),
        max_length=20,
        choices=Unit.Kind.choices,
        blank=True,
        help_text=_("Till exempel en riskanalys per avdelning. Tomt = en uppgift för enheten ovan."),
    )
    title = models.CharField(_("vad"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    month = models.PositiveSmallIntegerField(_("månad"))
    day = models.PositiveSmallIntegerField(_("dag"), default=1)
    recurrence = models.CharField(_("återkommer"), max_length=20, choices=Recurrence.choices, default=Recurrence.YEARLY)
    responsible_role = models.CharField(_("ansvarig roll"), max_length=30, choices=Role.choices)
    phase = models.CharField(_("fas"), max_length=20, choices=Phase.choices, default=Phase.PLANNING)
    remind_days_before = models.PositiveSmallIntegerField(_("påminn dagar före"), default=14)
    active = models.BooleanField(_("aktiv"), default=True)
    source = models.CharField(_("källa"), max_length=200, blank=True)
    # A module that carries out this obligation (e.g. "risks.yearly_analysis"): its page is where the task
    # is done, and the module reports it done. See lots.processes.calendar.module_link.
    link = models.CharField(_("utförs i"), max_length=60, blank=True)

    class Meta:
        ordering = ["month", "day", "title"]
        verbose_name = _("regel i årshjulet")
        verbose_name_plural = _("regler i årshjulet")
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="calendar_rule_month_valid"),
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=31), name="calendar_rule_day_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class CalendarTaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)


class CalendarTask(VersionedModel):
    """One dated occurrence of a calendar rule for one unit."""

    rule = models.ForeignKey(CalendarRule, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="calendar_tasks", verbose_name=_("enhet"))
    title = models.CharField(_("vad"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    due_date = models.DateField(_("senast"))
    responsible_role = models.CharField(_("ansvarig roll"), max_length=30, choices=Role.choices)
    phase = models.CharField(_("fas"), max_length=20, choices=Phase.choices, default=Phase.PLANNING)
    done_at = models.DateTimeField(_("klar"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    done_note = models.CharField(_("kommentar"), max_length=500, blank=True)

    objects = CalendarTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "title", "pk"]
        verbose_name = _("uppgift i årshjulet")
        verbose_name_plural = _("uppgifter i årshjulet")
        constraints = [models.UniqueConstraint(fields=["rule", "unit", "due_date"], name="calendar_task_once_per_rule_unit_date")]
        indexes = [models.Index(fields=["unit", "due_date"], name="calendar_task_unit_due")]

    def __str__(self) -> str:
        return f"{self.title} – {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("processes:calendar_month", args=[self.due_date.year, self.due_date.month]) + f"#uppgift-{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_done and self.due_date < today


class CalendarFeed(models.Model):
    """A person's secret iCalendar address. Only a hash of the key is stored; revoking ends it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kalenderflöde")
        verbose_name_plural = _("kalenderflöden")

    def __str__(self) -> str:
        return f"{self.user} ({self.hint}…)"

    @staticmethod
    def generate_key() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
