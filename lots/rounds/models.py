"""Safety rounds (arbets- och skyddsronder) and fire-safety rounds (systematiskt brandskyddsarbete), their findings and
action plans, the department's plan decided by the department head, and the yearly follow-up of the systematic
work-environment work (AFS 2001:1 §11).

A round copies its municipality's checklist template when it is created, so a later change of the template leaves the
rounds already held as they were.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel
from lots.organisation.models import Municipality, Unit


class Kind(models.TextChoices):
    SAFETY = "safety", _("Arbets- och skyddsrond")
    FIRE = "fire", _("Brandskyddsrond")


class Section(models.TextChoices):
    PHYSICAL = "physical", _("Fysisk arbetsmiljö")
    ORGANISATIONAL = "organisational", _("Organisatorisk arbetsmiljö")
    SOCIAL = "social", _("Social arbetsmiljö")
    FIRE = "fire", _("Systematiskt brandskyddsarbete")


SECTIONS_OF = {
    Kind.SAFETY: (Section.PHYSICAL, Section.ORGANISATIONAL, Section.SOCIAL),
    Kind.FIRE: (Section.FIRE,),
}

DEFAULT_ITEMS = {
    Section.PHYSICAL: [
        "Arbetsplatsernas utformning, ergonomi och arbetsställningar",
        "Belysning, ljud, luft och temperatur",
        "Städning, ordning och framkomlighet",
        "Tekniska hjälpmedel och lyftutrustning finns och används",
        "Risker för hot och våld: larm, rutiner och lokalernas utformning",
        "Kemiska produkter och smittrisker: förteckning, förvaring och skyddsutrustning",
    ],
    Section.ORGANISATIONAL: [
        "Arbetsbelastning och resurser står i proportion till kraven",
        "Arbetsuppgifter, mandat och befogenheter är tydliga",
        "Arbetstider, raster och återhämtning",
        "Introduktion av nya medarbetare och vikarier",
        "Rutiner för rapportering av tillbud och arbetsskador följs",
    ],
    Section.SOCIAL: [
        "Samarbete, stöd och bemötande i arbetsgruppen",
        "Ledarskap och möjlighet att påverka det egna arbetet",
        "Rutiner mot kränkande särbehandling är kända",
        "Arbetsplatsträffar hålls och arbetsmiljön är en stående punkt",
    ],
    Section.FIRE: [
        "Utrymningsvägar är fria, skyltade och belysta",
        "Brandsläckare och brandfilt finns, är kontrollerade och åtkomliga",
        "Brandvarnare och brandlarm är provade",
        "Branddörrar stänger av sig själva och är inte kilade",
        "Utrymningsplan finns uppsatt och återsamlingsplats är känd",
        "Personalen har gått brandskyddsutbildning och deltagit i utrymningsövning",
        "Elektrisk utrustning och laddning av batterier hanteras säkert",
    ],
}


def default_items(kind: str) -> list[dict]:
    return [{"section": section.value, "text": text} for section in SECTIONS_OF[kind] for text in DEFAULT_ITEMS[section]]


class ChecklistTemplate(VersionedModel):
    """A municipality's checklist for one kind of round: ``items`` is a list of ``{"section", "text"}``; without a
    saved template the defaults above apply."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="round_templates")
    kind = models.CharField(_("typ av rond"), max_length=10, choices=Kind.choices)
    items = models.JSONField(_("punkter"), default=list)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("checklista för ronder")
        verbose_name_plural = _("checklistor för ronder")
        constraints = [models.UniqueConstraint(fields=["municipality", "kind"], name="roundtemplate_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.municipality}"

    @classmethod
    def for_municipality(cls, municipality: Municipality, kind: str) -> "ChecklistTemplate":
        template = cls.objects.filter(municipality=municipality, kind=kind).first()
        return template if template is not None else cls(municipality=municipality, kind=kind, items=default_items(kind))

    def texts_of(self, section: str) -> list[str]:
        return [item["text"] for item in self.items if item["section"] == section]


class RoundQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(held_on__year=year)


class Round(VersionedModel):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="safety_rounds", verbose_name=_("enhet"))
    kind = models.CharField(_("typ av rond"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("datum"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="safety_rounds", blank=True, verbose_name=_("deltagare")
    )
    safety_rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds_as_safety_rep",
        verbose_name=_("skyddsombud"),
    )
    safety_rep_name = models.CharField(
        _("skyddsombud utanför Lots"),
        max_length=120,
        blank=True,
        help_text=_("Namn på ett skyddsombud som inte har konto i Lots, till exempel ett regionalt skyddsombud."),
    )
    note = models.TextField(_("kommentar"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("rond")
        verbose_name_plural = _("ronder")
        constraints = [
            # A safety round is held with the safety representative (AML 6 kap.; Katrineholm §6.6).
            models.CheckConstraint(
                condition=~Q(kind="safety") | Q(safety_rep__isnull=False) | ~Q(safety_rep_name=""),
                name="round_safety_needs_representative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}, {self.unit}"

    @property
    def audit_label(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"

    @property
    def safety_rep_display(self) -> str:
        if self.safety_rep_id:
            return self.safety_rep.get_full_name() or self.safety_rep.username
        return self.safety_rep_name


class Answer(models.TextChoices):
    OK = "ok", _("OK")
    DEFICIENT = "brist", _("Brist")
    NOT_APPLICABLE = "ej_aktuellt", _("Ej aktuellt")


class RoundItem(models.Model):
    """One checklist point of a round, copied from the template, with the answer given on the round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    section = models.CharField(_("del"), max_length=20, choices=Section.choices)
    text = models.CharField(_("punkt"), max_length=300)
    answer = models.CharField(_("svar"), max_length=12, choices=Answer.choices, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["round", "position"]
        constraints = [models.UniqueConstraint(fields=["round", "position"], name="rounditem_position_unique")]

    def __str__(self) -> str:
        return self.text


class FindingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def closed(self):
        return self.filter(closed_on__isnull=False)


class Finding(VersionedModel):
    """Something the round found, with its risk on the municipality's shared scale (lots.risks.RiskScale)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="findings", verbose_name=_("rond"))
    item = models.ForeignKey(
        RoundItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings", verbose_name=_("checklistpunkt")
    )
    description = models.TextField(_("iakttagelse"))
    severity = models.PositiveSmallIntegerField(_("konsekvens"))
    probability = models.PositiveSmallIntegerField(_("sannolikhet"))
    value = models.PositiveSmallIntegerField(_("riskvärde"))
    closed_on = models.DateField(_("avslutad"), null=True, blank=True)
    improvement = models.OneToOneField(
        "improvements.ImprovementAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="round_finding",
        verbose_name=_("förbättringsåtgärd"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("iakttagelse")
        verbose_name_plural = _("iakttagelser")
        constraints = [
            models.CheckConstraint(condition=Q(severity__gte=1, probability__gte=1), name="finding_has_risk_level"),
            models.CheckConstraint(condition=Q(value=models.F("severity") * models.F("probability")), name="finding_value"),
        ]

    def __str__(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def audit_label(self) -> str:
        return f"Iakttagelse {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Klar")


class ActionQuerySet(models.QuerySet):
    def not_done(self):
        return self.exclude(status=ActionStatus.DONE)

    def overdue(self, today: datetime.date):
        return self.not_done().filter(due_date__lt=today)


class Action(VersionedModel):
    """One step of a round's action plan: what, who, by when, and whether it is done."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions", verbose_name=_("iakttagelse"))
    what = models.TextField(_("åtgärd"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="round_actions", verbose_name=_("ansvarig")
    )
    due_date = models.DateField(_("klart senast"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    done_on = models.DateField(_("klar"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="done") & Q(done_on__isnull=False)) | (~Q(status="done") & Q(done_on__isnull=True)),
                name="roundaction_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        text = " ".join(self.what.split())
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def audit_label(self) -> str:
        return f"Åtgärd {self.pk}"

    @property
    def is_done(self) -> bool:
        return self.status == ActionStatus.DONE

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_done and self.due_date < today


class DepartmentPlan(VersionedModel):
    """The department's action plan for a year: the actions of the rounds held that year on the department's units,
    decided by the department head (Katrineholm §6.6). The record holds the decision; the actions are read live."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="round_plans", verbose_name=_("avdelning"))
    year = models.PositiveSmallIntegerField(_("år"))
    decided_on = models.DateField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("beslutad av")
    )
    decision_note = models.TextField(_("beslut"), blank=True)
    actions_at_decision = models.PositiveIntegerField(_("antal åtgärder vid beslutet"), default=0)

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("handlingsplan för avdelningen")
        verbose_name_plural = _("handlingsplaner för avdelningar")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="roundplan_one_per_department_and_year"),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True, decided_by__isnull=True)
                | Q(decided_on__isnull=False, decided_by__isnull=False),
                name="roundplan_decision_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Handlingsplan {self.year}, {self.unit}"

    @property
    def is_decided(self) -> bool:
        return self.decided_on is not None


class YearlyFollowUp(VersionedModel):
    """The yearly follow-up of a unit's systematic work-environment work (AFS 2001:1 §11), linked to the point on the
    follow-up plan (lots.risks) for the area "Arbetsmiljö" where there is one. ``rounds_held`` and ``findings_closed``
    are the figures when it was saved."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="work_environment_followups", verbose_name=_("enhet"))
    year = models.PositiveSmallIntegerField(_("år"))
    done = models.BooleanField(_("Det systematiska arbetsmiljöarbetet har bedrivits enligt plan"), default=False)
    what_worked = models.TextField(_("Vad har fungerat bra?"))
    what_to_change = models.TextField(_("Vad behöver förändras eller förbättras?"))
    plan_item = models.ForeignKey(
        "risks.FollowUpItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_environment_followups",
        verbose_name=_("punkt i uppföljningsplanen"),
    )
    rounds_held = models.PositiveIntegerField(_("ronder under året"), default=0)
    findings_total = models.PositiveIntegerField(_("iakttagelser under året"), default=0)
    findings_closed = models.PositiveIntegerField(_("avslutade iakttagelser"), default=0)
    followed_up_on = models.DateField(_("uppföljd"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("årlig uppföljning av arbetsmiljöarbetet")
        verbose_name_plural = _("årliga uppföljningar av arbetsmiljöarbetet")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="workenvfollowup_one_per_unit_and_year")]

    def __str__(self) -> str:
        return f"Årlig uppföljning {self.year}, {self.unit}"

    @property
    def audit_label(self) -> str:
        return str(self)
