"""The planning phase of the quality wheel: goals, activities, the plan and its follow-ups.

Per municipality and year the council sets goal areas (*målområden*); the board of a förvaltning decides result goals
(*resultatmål*, what is to be achieved) in them; the förvaltning or a department plans activities (*aktiviteter*, how),
each of which serves at least one decided goal or a requirement of the law list (the seed's rule, kept by
lots.goals.services). The plan of a unit and year is established like a routine: after that its goals and activities
change only as new versions with a stated reason, and the snapshot of each version never changes. At each tertial and
at year end a follow-up assesses every goal and records every activity's status; when established it freezes its
figures, indicator values included (lots.indicators.services.freeze_values).

Goals hold no personal data beyond the name of an activity's owner.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel


class GoalArea(VersionedModel):
    """A goal area (*målområde*, a perspective) set by the council for a year."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="goal_areas")
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveSmallIntegerField(_("nummer"), default=1)
    name = models.CharField(_("målområde"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    decided_by = models.CharField(_("beslutat av"), max_length=120, blank=True, help_text=_("Till exempel Kommunfullmäktige."))
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_reference = models.CharField(_("paragraf"), max_length=60, blank=True, help_text=_("Till exempel § 45."))
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("kopierat från")
    )

    class Meta:
        ordering = ["year", "number", "name", "pk"]
        verbose_name = _("målområde")
        verbose_name_plural = _("målområden")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "name"], name="goal_area_name_unique_per_year"),
        ]

    def __str__(self) -> str:
        return self.name


class ResultGoalQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)


class ResultGoal(VersionedModel):
    """A result goal (*resultatmål*) decided by the board of a förvaltning or department for a year: what to achieve.

    Its year is its area's year (lots.goals.services keeps it so; a database check cannot look across the link)."""

    area = models.ForeignKey(GoalArea, on_delete=models.PROTECT, related_name="goals", verbose_name=_("målområde"))
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="result_goals", verbose_name=_("enhet"))
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveSmallIntegerField(_("nummer"), default=1)
    title = models.CharField(_("resultatmål"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    concerns_clients = models.BooleanField(
        _("gäller brukare"),
        default=False,
        help_text=_("Mål som gäller brukare ska visa att de gäller kvinnor och män, flickor och pojkar."),
    )
    decided_by = models.CharField(_("beslutat av"), max_length=120, blank=True, help_text=_("Till exempel Socialnämnden."))
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_reference = models.CharField(_("paragraf"), max_length=60, blank=True, help_text=_("Till exempel § 45."))
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("kopierat från")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ResultGoalQuerySet.as_manager()

    class Meta:
        ordering = ["year", "area__number", "number", "pk"]
        verbose_name = _("resultatmål")
        verbose_name_plural = _("resultatmål")
        indexes = [models.Index(fields=["unit", "year"], name="result_goal_unit_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:goal", args=[self.pk])


class Activity(VersionedModel):
    """An activity (*aktivitet*): how a goal is reached, concrete and doable within the budget year.

    Serves at least one result goal or a requirement of the law list (lots.goals.services refuses one without)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Ej påbörjad")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Klar")
        STOPPED = "stopped", _("Stoppad")

    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="goal_activities", verbose_name=_("enhet")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("aktivitet"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="goal_activities", verbose_name=_("ansvarig")
    )
    starts_on = models.DateField(_("startar"))
    ends_on = models.DateField(_("klar senast"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    budget_amount = models.DecimalField(_("budget (kronor)"), max_digits=12, decimal_places=0, null=True, blank=True)
    goals = models.ManyToManyField(
        ResultGoal, blank=True, related_name="activities", verbose_name=_("resultatmål som aktiviteten bidrar till")
    )
    laws = models.ManyToManyField(
        "processes.Law", blank=True, related_name="goal_activities", verbose_name=_("lagkrav som aktiviteten uppfyller")
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("kopierat från")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["year", "starts_on", "title", "pk"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        indexes = [models.Index(fields=["unit", "year"], name="goal_activity_unit_year")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="goal_activity_ends_after_start"),
            models.CheckConstraint(
                condition=Q(starts_on__year=F("year")) & Q(ends_on__year=F("year")),
                name="goal_activity_within_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:activity", args=[self.pk])

    def is_late(self, today: datetime.date) -> bool:
        """Past its end date and neither done nor stopped."""
        return self.ends_on < today and self.status in (self.Status.NOT_STARTED, self.Status.ONGOING)


class Plan(VersionedModel):
    """The plan (*verksamhetsplan*) of a unit for a year: its goals and activities, drafted then established.

    Once established, its goals and activities change only with a reason, each change a new version
    (``PlanChange``, whose snapshot never changes)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ESTABLISHED = "established", _("Fastställd")

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="goal_plans", verbose_name=_("enhet"))
    year = models.PositiveSmallIntegerField(_("år"))
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    established_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fastställd av"),
    )
    version_number = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-year", "unit__path", "pk"]
        verbose_name = _("verksamhetsplan")
        verbose_name_plural = _("verksamhetsplaner")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="goal_plan_once_per_unit_and_year"),
            models.CheckConstraint(
                condition=Q(state="draft") | (Q(established_at__isnull=False) & Q(established_by__isnull=False)),
                name="goal_plan_established_has_when_and_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("goals:plan", args=[self.unit_id, self.year])

    @property
    def is_established(self) -> bool:
        return self.state == self.State.ESTABLISHED


class PlanChange(models.Model):
    """One version of an established plan: the reason and the plan's tree as it stood. Never changed."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="changes")
    version_number = models.PositiveIntegerField(_("version"))
    reason = models.TextField(_("skäl"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("av"))
    at = models.DateTimeField(_("när"), default=timezone.now)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["plan", "-version_number"]
        verbose_name = _("version av verksamhetsplan")
        verbose_name_plural = _("versioner av verksamhetsplan")
        constraints = [
            models.UniqueConstraint(fields=["plan", "version_number"], name="goal_plan_change_version_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="goal_plan_change_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version_number}"


class Period(models.TextChoices):
    T1 = "t1", _("Tertial 1")
    T2 = "t2", _("Tertial 2")
    YEAR = "year", _("Helår")


# The last month of each follow-up period (January–April, May–August, the whole year).
PERIOD_LAST_MONTH = {Period.T1: 4, Period.T2: 8, Period.YEAR: 12}


class FollowUp(VersionedModel):
    """A follow-up (*uppföljning*) of a unit's plan at a tertial or at year end; established, it freezes its figures."""

    Period = Period

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ESTABLISHED = "established", _("Fastställd")

    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="goal_follow_ups", verbose_name=_("enhet")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    established_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fastställd av"),
    )
    snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-year", "unit__path", "period", "pk"]
        verbose_name = _("uppföljning av mål")
        verbose_name_plural = _("uppföljningar av mål")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "period"], name="goal_follow_up_once_per_period"),
            models.CheckConstraint(
                condition=Q(state="draft") | (Q(established_at__isnull=False) & Q(established_by__isnull=False)),
                name="goal_follow_up_established_has_when_and_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.get_period_display()}"

    def get_absolute_url(self) -> str:
        return reverse("goals:follow_up", args=[self.pk])

    @property
    def is_established(self) -> bool:
        return self.state == self.State.ESTABLISHED

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.period in (Period.T1, Period.YEAR) else 5, 1)

    @property
    def period_end(self) -> datetime.date:
        """The last day of the period."""
        last_month = PERIOD_LAST_MONTH[Period(self.period)]
        if last_month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, last_month + 1, 1) - datetime.timedelta(days=1)


class GoalAssessment(VersionedModel):
    """How far a result goal is met at a follow-up, with the analysis behind it."""

    class Assessment(models.TextChoices):
        MET = "met", _("Uppfyllt")
        PARTLY = "partly", _("Delvis uppfyllt")
        NOT_MET = "not_met", _("Ej uppfyllt")

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="assessments")
    goal = models.ForeignKey(ResultGoal, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("resultatmål"))
    assessment = models.CharField(_("bedömning"), max_length=10, choices=Assessment.choices)
    analysis = models.TextField(_("analys"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["follow_up", "goal__area__number", "goal__number", "pk"]
        verbose_name = _("bedömning av resultatmål")
        verbose_name_plural = _("bedömningar av resultatmål")
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "goal"], name="goal_assessed_once_per_follow_up"),
            models.CheckConstraint(condition=~Q(analysis=""), name="goal_assessment_has_analysis"),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_assessment_display()}"


class ActivityReport(VersionedModel):
    """An activity's status at a follow-up, with a comment."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="activity_reports")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="reports", verbose_name=_("aktivitet"))
    status = models.CharField(_("status"), max_length=20, choices=Activity.Status.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["follow_up", "activity__starts_on", "pk"]
        verbose_name = _("rapport om aktivitet")
        verbose_name_plural = _("rapporter om aktiviteter")
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "activity"], name="goal_activity_reported_once_per_follow_up"),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.get_status_display()}"
