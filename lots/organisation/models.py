"""Municipalities, their tree of typed units, and external providers.

The tree is stored with a materialised path (`path` = the ids of all ancestors
and the unit itself, zero-padded and dot-terminated), so "this unit and
everything below it" is one indexed `LIKE 'prefix%'` condition.
"""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel

PATH_STEP = 7  # six digits and a dot per level


def path_segment(pk: int) -> str:
    return f"{pk:06d}."


class Municipality(VersionedModel):
    name = models.CharField(_("namn"), max_length=120, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True, help_text=_("Används i adressen till e-tjänsten."))
    code = models.CharField(_("kommunkod"), max_length=4, blank=True)
    # How the municipality's people sign in (lots.identity, lots.mfa). The demo keeps local passwords on.
    local_passwords_allowed = models.BooleanField(
        _("lokala lösenord tillåtna"),
        default=True,
        help_text=_("Av: kommunens personer loggar bara in via kommunens identitetstjänst (single sign-on)."),
    )
    second_factor_for_all = models.BooleanField(
        _("andra faktor för alla"),
        default=False,
        help_text=_("På: alla roller behöver en andra faktor, inte bara de som läser sekretessuppgifter."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def subtree(self, unit: "Unit"):
        """The unit and every unit below it, as one indexed prefix condition."""
        return self.filter(path__startswith=unit.path)

    def serving(self, municipality: Municipality):
        """Units that serve a municipality: its own tree plus units shared with it."""
        return self.filter(models.Q(municipality=municipality) | models.Q(serves=municipality)).distinct()


class Unit(VersionedModel):
    class Kind(models.TextChoices):
        NAMND = "namnd", _("Nämnd")
        FORVALTNING = "forvaltning", _("Förvaltning")
        AVDELNING = "avdelning", _("Avdelning")
        ENHET = "enhet", _("Enhet")
        SEKTION = "sektion", _("Sektion/grupp")

    # The order in which kinds nest; a child is never of a higher kind than its parent.
    KIND_ORDER = [Kind.NAMND, Kind.FORVALTNING, Kind.AVDELNING, Kind.ENHET, Kind.SEKTION]

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="units", verbose_name=_("kommun"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("överordnad enhet")
    )
    name = models.CharField(_("namn"), max_length=160)
    public_name = models.CharField(
        _("namn i e-tjänsten"), max_length=160, blank=True, help_text=_("Det namn allmänheten ser. Tomt = samma som namnet.")
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    code = models.SlugField(_("kod"), max_length=60, help_text=_("Kort unik beteckning inom kommunen."))
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    serves = models.ManyToManyField(
        Municipality, blank=True, related_name="served_units", verbose_name=_("betjänar även kommuner")
    )
    closed_at = models.DateField(_("stängd från"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="unit_code_unique_in_municipality"),
        ]
        indexes = [models.Index(fields=["municipality", "path"], name="unit_municipality_path")]

    def __str__(self) -> str:
        return self.name

    @property
    def display_public_name(self) -> str:
        return self.public_name or self.name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def is_within(self, other: "Unit") -> bool:
        """True when this unit is `other` or lies below it."""
        return self.path.startswith(other.path)

    @cached_property
    def has_units_below(self) -> bool:
        """Whether any unit, open or closed, lies below this one (one query, then kept on the object)."""
        return Unit.objects.filter(parent=self).exists()

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to and including this unit, read from the path."""
        return [int(part) for part in self.path.split(".") if part]

    def ancestors(self):
        return Unit.objects.filter(pk__in=self.ancestor_ids()[:-1]).order_by("depth")

    def clean_kind_below(self, parent: "Unit | None") -> None:
        if parent is None:
            return
        if self.KIND_ORDER.index(self.kind) < self.KIND_ORDER.index(parent.kind):
            raise ValidationError(
                {
                    "kind": _("En %(child)s kan inte ligga under en %(parent)s.")
                    % {"child": self.get_kind_display().lower(), "parent": parent.get_kind_display().lower()}
                }
            )


class Provider(VersionedModel):
    """An external provider (*extern utförare*) carrying out services under contract."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Företag")
        NONPROFIT = "nonprofit", _("Idéburen organisation")
        INTERNAL = "internal", _("Egen regi")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="providers", verbose_name=_("kommun"))
    name = models.CharField(_("namn"), max_length=160)
    organisation_number = models.CharField(_("organisationsnummer"), max_length=11)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    contact_name = models.CharField(_("kontaktperson"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    closed_at = models.DateField(_("avslutad från"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("extern utförare")
        verbose_name_plural = _("externa utförare")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "organisation_number"], name="provider_orgnr_unique_in_municipality"),
        ]

    def __str__(self) -> str:
        return self.name
