"""Work-environment delegation (fördelning av arbetsmiljöuppgifter, Katrineholm §6.5).

A municipality keeps a catalogue of work-environment tasks (``WorkTask``). A line manager delegates some of them for
an area of responsibility (a unit) to a manager below them down the line (``Delegation``), with the seven contents
§6.5 asks for. It is in force only when both have signed; the receiver cannot decline, but can return tasks in
writing on one of §6.5's four grounds (``TaskReturn``), which the delegating manager answers.

One task is delegated for one area to one manager at a time: ``DelegatedTask`` keeps a row per task of a
delegation, marked ``is_current`` while the delegation is pending or in force, and a partial unique constraint
refuses a second current row for the same task and unit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots import access
from lots.accounts.models import Role
from lots.core.models import VersionedModel
from lots.organisation.models import Municipality, Unit

# The line down which work-environment tasks are delegated, highest first (Katrineholm §6.5).
LINE = (Role.FORVALTNINGSCHEF, Role.AVDELNINGSCHEF, Role.ENHETSCHEF)
LINE_RANK = {role: rank for rank, role in enumerate(LINE)}


class WorkTask(VersionedModel):
    """A work-environment task of the municipality's catalogue, which delegations hand down."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="work_tasks", verbose_name=_("kommun"))
    title = models.CharField(_("uppgift"), max_length=200)
    description = models.TextField(_("beskrivning"), max_length=2000, blank=True)
    basis = models.CharField(_("grund"), max_length=200, blank=True, help_text=_("Till exempel AFS 2001:1 8 §."))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("används"), default=True, help_text=_("Av: uppgiften kan inte delegeras på nytt."))

    class Meta:
        ordering = ["municipality", "position", "title", "pk"]
        verbose_name = _("arbetsmiljöuppgift")
        verbose_name_plural = _("arbetsmiljöuppgifter")
        constraints = [models.UniqueConstraint(fields=["municipality", "title"], name="workenv_task_title_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Arbetsmiljöuppgift {self.pk}"


class DelegationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Delegation.State.PENDING)

    def in_force(self):
        return self.filter(state=Delegation.State.IN_FORCE)

    def current(self):
        """Pending or in force: the delegations that hold their tasks."""
        return self.filter(state__in=Delegation.CURRENT_STATES)

    @staticmethod
    def _holding(person: str) -> Exists:
        """Whether the outer delegation's ``person`` (delegator or receiver) holds a line-manager role reaching its
        unit today: on the unit itself, or above it with sub-units, on an open unit (lots.access.people's reading).
        Correlated on the delegation, so the database asks it only of the delegations a query already selected."""
        prefix = f"{person}__assignments__"
        reaching = Q(**{f"{prefix}unit": F("unit")}) | Q(
            **{f"{prefix}include_subunits": True, "unit__path__startswith": F(f"{prefix}unit__path")}
        )
        return Exists(
            Delegation.objects.filter(
                access.current_q(prefix),
                reaching,
                pk=OuterRef("pk"),
                **{f"{prefix}role__in": LINE, f"{prefix}unit__closed_at__isnull": True},
            )
        )

    @classmethod
    def needs_owner_q(cls) -> Q:
        """Current, and the delegating or the receiving manager no longer holds a manager role on the area."""
        return Q(state__in=Delegation.CURRENT_STATES) & (~cls._holding("delegator") | ~cls._holding("receiver"))

    def needs_owner(self):
        """Current delegations where the delegating or the receiving manager no longer holds a manager role on the
        area: flagged, so that a new manager takes them over and nothing is left without an owner."""
        return self.filter(self.needs_owner_q())

    def returned(self):
        """Delegations with at least one return (returnering), answered or not."""
        return self.filter(pk__in=TaskReturn.objects.values("delegation_id"))

    def awaiting_answer(self):
        return self.filter(pk__in=TaskReturn.objects.unanswered().values("delegation_id"))

    def involving(self, user):
        return self.filter(Q(delegator=user) | Q(receiver=user))


class Delegation(VersionedModel):
    """One manager's written delegation of work-environment tasks to a manager below, for one area (§6.5)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Väntar på underskrift")
        IN_FORCE = "in_force", _("Gäller")
        ENDED = "ended", _("Avslutad")

    CURRENT_STATES = (State.PENDING, State.IN_FORCE)

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="work_delegations", verbose_name=_("ansvarsområde"))
    activity = models.TextField(
        _("verksamhetsområde"),
        max_length=2000,
        help_text=_("Vilken verksamhet, vilka lokaler och vilka medarbetare ansvarsområdet omfattar."),
    )
    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="work_delegations_given", verbose_name=_("från")
    )
    delegator_role = models.CharField(_("delegerande chefs roll"), max_length=30, choices=Role.choices)
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="work_delegations_received", verbose_name=_("till")
    )
    receiver_role = models.CharField(_("mottagande chefs roll"), max_length=30, choices=Role.choices)
    tasks = models.ManyToManyField(
        WorkTask,
        through="DelegatedTask",
        through_fields=("delegation", "task"),
        related_name="delegations",
        verbose_name=_("uppgifter"),
    )
    may_delegate_further = models.BooleanField(_("får delegeras vidare"), default=False)
    competence = models.TextField(_("kompetens"), max_length=2000, help_text=_("Den kompetens som krävs och hur den ges."))
    authority = models.TextField(_("befogenheter"), max_length=2000, help_text=_("Vilka beslut mottagaren får fatta."))
    resources = models.TextField(_("resurser"), max_length=2000, help_text=_("Budget, personal och stöd som följer med."))
    return_procedure = models.TextField(_("returnering"), max_length=2000, help_text=_("Hur uppgifterna returneras."))
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.PENDING)
    delegator_signed_at = models.DateTimeField(_("underskriven av delegerande chef"), null=True, blank=True)
    receiver_signed_at = models.DateTimeField(_("underskriven av mottagande chef"), null=True, blank=True)
    in_force_from = models.DateTimeField(_("gäller från"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("ersätter")
    )
    ended_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("avslutad av")
    )
    end_reason = models.TextField(_("skäl"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("upprättad"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "-created_at", "pk"]
        verbose_name = _("delegering av arbetsmiljöuppgifter")
        verbose_name_plural = _("delegeringar av arbetsmiljöuppgifter")
        constraints = [
            models.CheckConstraint(condition=~Q(delegator=F("receiver")), name="workenv_delegation_not_to_self"),
            models.CheckConstraint(
                condition=Q(state="in_force", delegator_signed_at__isnull=False, receiver_signed_at__isnull=False)
                | ~Q(state="in_force"),
                name="workenv_in_force_signed_by_both",
            ),
        ]
        indexes = [models.Index(fields=["state", "unit"], name="workenv_delegation_state_unit")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"AM-{self.pk}"

    @property
    def audit_label(self) -> str:
        return f"Arbetsmiljödelegering {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("workenv:detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.state in self.CURRENT_STATES

    @property
    def is_in_force(self) -> bool:
        return self.state == self.State.IN_FORCE

    @property
    def signed_by_both(self) -> bool:
        return self.delegator_signed_at is not None and self.receiver_signed_at is not None

    def needs_new_owner(self) -> bool:
        """``DelegationQuerySet.needs_owner`` for this one delegation, read with one query through lots.access."""
        if not self.is_current:
            return False
        holders = {a.user_id for a in access.assignments_on_path(self.unit, roles=LINE)}
        return self.delegator_id not in holders or self.receiver_id not in holders

    def awaits_signature_of(self, user) -> bool:
        if self.state != self.State.PENDING:
            return False
        if user.pk == self.delegator_id and self.delegator_signed_at is None:
            return True
        return user.pk == self.receiver_id and self.receiver_signed_at is None


class DelegatedTask(models.Model):
    """A task of a delegation. ``unit`` repeats the delegation's area and ``is_current`` its being pending or in force,
    so the database itself refuses the same task delegated twice for one area."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="delegated_tasks")
    task = models.ForeignKey(WorkTask, on_delete=models.PROTECT, related_name="delegated")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    is_current = models.BooleanField(default=True)
    # The delegation this task was received by, when the delegating manager passes on a task delegated to them.
    received_via = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, null=True, blank=True, related_name="passed_on", verbose_name=_("mottagen genom")
    )

    class Meta:
        ordering = ["task__position", "task__title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "task"], name="workenv_task_once_per_delegation"),
            models.UniqueConstraint(fields=["task", "unit"], condition=Q(is_current=True), name="workenv_task_once_per_area"),
        ]


class ReturnGround(models.TextChoices):
    """The four grounds on which a manager returns work-environment tasks (Katrineholm §6.5)."""

    EXPERIENCE = "experience", _("Saknar rätt erfarenhet för uppgiften")
    TRAINING = "training", _("Har inte fått utbildning i arbetsmiljöfrågor")
    RESOURCES = "resources", _("Får inte personella och ekonomiska resurser för att kunna ta ansvaret")
    INDEPENDENCE = "independence", _("Saknar den självständiga ställning som krävs för egna beslut i arbetsmiljöfrågor")


class TaskReturnQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def answered(self):
        return self.filter(answered_at__isnull=False)


class TaskReturn(VersionedModel):
    """A written return (returnering) of some of a delegation's tasks by the receiving manager. It does not end the
    delegation; it is a task for the delegating manager until they answer what was done."""

    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="returns")
    tasks = models.ManyToManyField(WorkTask, related_name="+", verbose_name=_("uppgifter som returneras"))
    ground = models.CharField(_("grund"), max_length=20, choices=ReturnGround.choices)
    text = models.TextField(_("vad som saknas"), max_length=4000)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(_("returnerad"), default=timezone.now)
    answer = models.TextField(_("svar"), max_length=4000, blank=True)
    action_taken = models.TextField(_("vad som har gjorts"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)

    objects = TaskReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-returned_at", "-pk"]
        verbose_name = _("returnering av arbetsmiljöuppgift")
        verbose_name_plural = _("returneringar av arbetsmiljöuppgifter")

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"Returnering {self.pk} av arbetsmiljödelegering AM-{self.delegation_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
