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
    def filter(self, *args, **kwargs):
        # The retention registry (lots.privacy) finds a record type's rows by ``municipality=``: an employment's
        # municipality is its unit's.
        if "municipality" in kwargs:
            kwargs["unit__municipality"] = kwargs.pop("municipality")
        return super().filter(*args, **kwargs)

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
        base_manager_name = "objects"
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

    @property
    def audit_label(self) -> str:
        return f"Anställning {self.pk} (enhet {self.unit_id})"


class EmployeeNumber(models.Model):
    """The HR system's employee number of a person, so an import can match them by it."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employee_number", verbose_name=_("person")
    )
    number = models.CharField(_("anställningsnummer"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("anställningsnummer")
        verbose_name_plural = _("anställningsnummer")

    def __str__(self) -> str:
        return self.number


class UnitStaffSetting(VersionedModel):
    """What a unit's staff side needs to know about the unit: whether it works with children, which makes the
    criminal-record check a requirement before the employment starts."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="staff_setting", verbose_name=_("enhet"))
    works_with_children = models.BooleanField(
        _("arbetar med barn"),
        default=False,
        help_text=_("Registerutdrag ur belastningsregistret ska då ha visats innan anställningen börjar."),
    )

    class Meta:
        verbose_name = _("personalinställning för enhet")
        verbose_name_plural = _("personalinställningar för enheter")

    def __str__(self) -> str:
        return str(self.unit)


class ItemKind(models.TextChoices):
    THEORY = "theory", _("Teoretisk")
    PRACTICE = "practice", _("Praktisk")
    ROUTINE = "routine", _("Rutin att läsa")


class TemplateItem(models.Model):
    """One item of a unit's introduction template; a new employee's introduction copies the items of the nearest
    unit up the tree that has any."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="introduction_items", verbose_name=_("enhet"))
    kind = models.CharField(_("typ"), max_length=10, choices=ItemKind.choices, default=ItemKind.THEORY)
    title = models.CharField(_("moment"), max_length=200, blank=True)
    routine = models.ForeignKey(
        "processes.Routine", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("rutin")
    )
    due_days = models.PositiveSmallIntegerField(
        _("klart inom (dagar från start)"), default=14, help_text=_("Antal dagar efter anställningens början.")
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["unit", "position", "pk"]
        verbose_name = _("moment i introduktionsmall")
        verbose_name_plural = _("moment i introduktionsmall")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="routine") & Q(routine__isnull=False))
                | (~Q(kind="routine") & Q(routine__isnull=True) & ~Q(title="")),
                name="template_item_routine_or_title",
            ),
            models.CheckConstraint(condition=Q(due_days__lte=365), name="template_item_due_within_year"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.routine.title if self.routine_id else self.title

    @property
    def audit_label(self) -> str:
        return f"Introduktionsmoment {self.pk} (enhet {self.unit_id})"


class PersonnelQuerySet(ReadLoggedQuerySet):
    """A personnel record's QuerySet: confidential, each read logged (lots.access.reads)."""


class Introduction(VersionedModel):
    """A new employee's introduction: the checklist copied from the unit's template, and the named introducer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        CLOSED = "closed", _("Avslutad anställning")

    employment = models.OneToOneField(Employment, on_delete=models.CASCADE, related_name="introduction")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    introducer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introductions_given",
        verbose_name=_("introduktör"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)

    objects = PersonnelQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "pk"]
        verbose_name = _("introduktion")
        verbose_name_plural = _("introduktioner")

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"Introduktion {self.pk} (anställning {self.employment_id})"


def routine_read():
    """Whether the employee of an introduction item has confirmed reading a version of its routine (lots.processes'
    acknowledgements): reading the routine is what ticks the item."""
    from lots.processes.models import Acknowledgement

    return models.Exists(
        Acknowledgement.objects.filter(
            version__routine=models.OuterRef("routine"), user=models.OuterRef("introduction__employment__person")
        )
    )


class IntroductionItemQuerySet(models.QuerySet):
    def read_routine(self):
        """Each item with ``routine_read`` (see ``routine_read``)."""
        return self.annotate(routine_read=routine_read())

    def unfinished(self):
        """Items not done: not ticked and (for a routine) not read by the employee, closed or not."""
        return self.filter(done_at__isnull=True).filter(~routine_read())

    def outstanding(self):
        """Unfinished items still open: what is left to do."""
        return self.unfinished().filter(closed_at__isnull=True)


class IntroductionItem(models.Model):
    """One item of an introduction. A routine item is done when the employee has confirmed reading the routine (the
    routine's acknowledgements, lots.processes); other items are ticked by the employee or the introducer."""

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("typ"), max_length=10, choices=ItemKind.choices)
    title = models.CharField(_("moment"), max_length=200, blank=True)
    routine = models.ForeignKey(
        "processes.Routine", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("rutin")
    )
    due_on = models.DateField(_("klart senast"))
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(_("klart"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("bockat av")
    )
    # Open items of an ended employment are closed, not deleted: the record shows what was left.
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    closed_reason = models.CharField(_("anledning"), max_length=60, blank=True)

    objects = IntroductionItemQuerySet.as_manager()

    class Meta:
        ordering = ["introduction", "position", "pk"]
        verbose_name = _("introduktionsmoment")
        verbose_name_plural = _("introduktionsmoment")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.routine_id:
            return self.routine.title
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Introduktionsmoment {self.pk} (introduktion {self.introduction_id})"

    def is_done(self) -> bool:
        return self.done_at is not None or bool(getattr(self, "routine_read", False))


class UndertakingText(models.Model):
    """A version of the municipality's confidentiality undertaking (förbindelse om sekretess och tystnadsplikt).
    A new version is a new row; old versions are kept, since each signature names the version signed."""

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="undertaking_texts", verbose_name=_("kommun")
    )
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("publicerad"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["municipality", "-version"]
        verbose_name = _("text för sekretessförbindelse")
        verbose_name_plural = _("texter för sekretessförbindelse")
        constraints = [models.UniqueConstraint(fields=["municipality", "version"], name="undertaking_text_version_unique")]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"Sekretessförbindelse version {self.version}"


class Undertaking(models.Model):
    """The employee's own confirmation of the undertaking, with the text version they confirmed. Never made by
    anyone else (lots.staff.services.undertaking_sign)."""

    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="undertakings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    text = models.ForeignKey(UndertakingText, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("version"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("bekräftad"), default=timezone.now)

    objects = PersonnelQuerySet.as_manager()

    class Meta:
        ordering = ["employment", "-signed_at"]
        verbose_name = _("sekretessförbindelse")
        verbose_name_plural = _("sekretessförbindelser")
        constraints = [models.UniqueConstraint(fields=["employment", "text"], name="undertaking_once_per_version")]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"Sekretessförbindelse (anställning {self.employment_id})"


class CheckKind(models.TextChoices):
    RECORD_EXTRACT = "record", _("Registerutdrag ur belastningsregistret")
    LANGUAGE = "language", _("Svenska i tal och skrift för dokumentation")
    BADGE = "badge", _("Legitimation med foto eller namnskylt")
    GUARDIAN = "guardian", _("Inget uppdrag som god man eller förvaltare för enskild i verksamheten")


class ExtractType(models.TextChoices):
    CHILDREN = "children", _("Arbete med barn i annan verksamhet än skola och barnomsorg")
    LSS = "lss", _("Arbete inom LSS-verksamhet för barn med funktionsnedsättning")
    HVB = "hvb", _("Arbete på HVB-hem för barn")
    SCHOOL = "school", _("Arbete inom skola eller barnomsorg")
    OWN = "own", _("Utdrag för eget bruk (till exempel arbete med äldre eller funktionsnedsatta)")


class Outcome(models.TextChoices):
    NO_OBSTACLE = "no_obstacle", _("Inget hinder")
    DECISION = "decision", _("Beslut fattat")


class HiringCheck(VersionedModel):
    """One check at hiring for one employment, and when and by whom it was done.

    The criminal-record check records only that an extract was shown, its date, its type and the outcome: the extract
    itself is never kept (there is no field for it, on purpose).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Ej gjord")
        DONE = "done", _("Gjord")
        CLOSED = "closed", _("Avslutad anställning")

    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="checks")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    kind = models.CharField(_("kontroll"), max_length=10, choices=CheckKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # Required before the employment starts (the record check at a unit that works with children).
    required_before_start = models.BooleanField(_("krävs före start"), default=False)
    due_on = models.DateField(_("ska vara gjord senast"))
    done_on = models.DateField(_("datum"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontrollerad av"),
    )
    extract_type = models.CharField(_("typ av registerutdrag"), max_length=10, choices=ExtractType.choices, blank=True)
    outcome = models.CharField(_("utfall"), max_length=12, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)

    objects = PersonnelQuerySet.as_manager()

    class Meta:
        ordering = ["employment", "kind"]
        verbose_name = _("kontroll vid anställning")
        verbose_name_plural = _("kontroller vid anställning")
        constraints = [
            models.UniqueConstraint(fields=["employment", "kind"], name="hiring_check_once_per_kind"),
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(done_on__isnull=False) & Q(checked_by__isnull=False)),
                name="hiring_check_done_has_date_and_checker",
            ),
            models.CheckConstraint(
                condition=Q(kind="record") | (Q(extract_type="") & Q(outcome="")),
                name="hiring_check_extract_fields_only_for_record",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="hiring_check_unit_status")]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"{self.get_kind_display()} (anställning {self.employment_id})"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == self.Status.PENDING and self.due_on < today
