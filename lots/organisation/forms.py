from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm, VersionedFormMixin
from lots.organisation.models import Municipality, Provider, Unit


class UnitForm(VersionedFormMixin, LotsForm):
    name = forms.CharField(label=_("Namn"), max_length=160)
    public_name = forms.CharField(
        label=_("Namn i e-tjänsten"),
        max_length=160,
        required=False,
        help_text=_("Det namn allmänheten ser när de lämnar synpunkter. Lämna tomt för att använda namnet."),
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=Unit.Kind.choices)
    code = forms.SlugField(
        label=_("Kod"),
        max_length=60,
        help_text=_("Kort beteckning, bara bokstäver a–z, siffror och bindestreck."),
        error_messages={"invalid": _("Använd bara bokstäverna a–z, siffror, bindestreck och understreck.")},
    )
    serves = forms.ModelMultipleChoiceField(
        label=_("Betjänar även kommuner"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("För enheter som enligt avtal arbetar åt flera kommuner."),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["serves"].queryset = Municipality.objects.exclude(pk=municipality.pk)


class UnitMoveForm(VersionedFormMixin, LotsForm):
    parent = forms.ModelChoiceField(label=_("Ny överordnad enhet"), queryset=Unit.objects.none())

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer every open unit of the municipality; the service refuses the unit's own subtree with a message.
        self.fields["parent"].queryset = Unit.objects.open().filter(municipality=unit.municipality).exclude(pk=unit.pk)
        self.fields["parent"].label_from_instance = lambda u: ("– " * u.depth) + u.name


class UnitCloseForm(LotsForm):
    closed_at = forms.DateField(
        label=_("Stängd från och med"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    )


class ProviderForm(VersionedFormMixin, LotsForm):
    name = forms.CharField(label=_("Namn"), max_length=160)
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"), max_length=13, help_text=_("Tio siffror, till exempel 556016-0680.")
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=Provider.Kind.choices)
    contact_name = forms.CharField(label=_("Kontaktperson"), max_length=120, required=False)
    contact_email = forms.EmailField(
        label=_("E-post"),
        required=False,
        error_messages={"invalid": _("Skriv en giltig e-postadress, till exempel namn@exempel.se.")},
    )
    contact_phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)


class MunicipalityForm(LotsForm):
    """A new municipality, created by the installation's administrator."""

    name = forms.CharField(label=_("Namn"), max_length=120, help_text=_("Till exempel ”Grannby kommun”."))
    slug = forms.SlugField(
        label=_("Kortnamn"),
        max_length=60,
        help_text=_("Används i adressen till e-tjänsten, till exempel grannby. Bara a–z, siffror och bindestreck."),
        error_messages={"invalid": _("Använd bara bokstäverna a–z, siffror, bindestreck och understreck.")},
    )
    code = forms.RegexField(
        label=_("Kommunkod"),
        regex=r"^\d{4}$",
        required=False,
        help_text=_("Fyra siffror (SCB:s kommunkod)."),
        error_messages={"invalid": _("Kommunkoden är fyra siffror.")},
    )
    board_name = forms.CharField(
        label=_("Nämndens namn"),
        max_length=160,
        help_text=_("Överst i kommunens organisationsträd, till exempel ”Socialnämnden”."),
    )
    local_passwords_allowed = forms.BooleanField(
        label=_("Lokala lösenord tillåtna"),
        required=False,
        initial=True,
        help_text=Municipality._meta.get_field("local_passwords_allowed").help_text,
    )
    second_factor_for_all = forms.BooleanField(
        label=_("Andra faktor för alla"),
        required=False,
        help_text=Municipality._meta.get_field("second_factor_for_all").help_text,
    )
