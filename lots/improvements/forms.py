from django import forms
from django.utils.translation import gettext_lazy as _

from lots import access
from lots.accounts.models import User
from lots.core.forms import LotsForm, VersionedFormMixin
from lots.deviations.guard import IntegrityConfirmationForm
from lots.improvements.models import ImprovementAction
from lots.organisation.models import Unit

DATE_ERRORS = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}


def unit_label(unit: Unit) -> str:
    return ("– " * unit.depth) + unit.name


def owners_for(units) -> "forms.QuerySet":
    """People with a current role in the municipalities of ``units``."""
    return access.people_in({u.municipality_id for u in units})


class ActionForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    title = forms.CharField(label=_("Åtgärd"), max_length=200, help_text=_("Vad ska göras, kort."))
    description = forms.CharField(
        label=_("Beskrivning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Planera: vad är problemet, vad ska ändras och hur?"),
    )
    expected_effect = forms.CharField(
        label=_("Förväntad effekt"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Vad ska bli bättre, och hur märker ni det?"),
    )
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    owner = forms.ModelChoiceField(label=_("Ansvarig"), queryset=User.objects.none())
    source_kind = forms.ChoiceField(
        label=_("Ursprung"), choices=ImprovementAction.Source.choices, initial=ImprovementAction.Source.OTHER
    )
    due_date = forms.DateField(
        label=_("Klart senast"), required=False, widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE_ERRORS
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
        self.fields["owner"].queryset = owners_for(units)
        self.fields["owner"].label_from_instance = lambda u: f"{u} ({u.title})" if u.title else str(u)

    def clean(self):
        data = super().clean()
        unit, owner = data.get("unit"), data.get("owner")
        if unit and owner and not access.has_role_in(owner, unit.municipality_id):
            self.add_error("owner", _("Den ansvariga måste ha en roll i samma kommun som enheten."))
        return data


class CloseForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    effect_measure = forms.CharField(
        label=_("Vad mättes?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hur följde ni upp om åtgärden gav effekt? Till exempel antal avvikelser före och efter."),
        error_messages={"required": _("Beskriv vad ni mätte eller följde upp för att se effekten.")},
    )
    effect_result = forms.CharField(
        label=_("Resultat"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beskriv resultatet av mätningen.")},
    )
    conclusion = forms.CharField(
        label=_("Lärdomar och beslut"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Agera: införs arbetssättet som standard, justeras det eller avbryts det?"),
    )


class FilterForm(LotsForm):
    unit = forms.ModelChoiceField(
        label=_("Enhet (med underenheter)"), queryset=Unit.objects.none(), required=False, empty_label=_("Alla")
    )
    stage = forms.ChoiceField(
        label=_("Steg"),
        required=False,
        choices=[("", _("Alla öppna"))] + list(ImprovementAction.Stage.choices) + [("all", _("Alla, även avslutade"))],
    )
    source_kind = forms.ChoiceField(
        label=_("Ursprung"), required=False, choices=[("", _("Alla"))] + list(ImprovementAction.Source.choices)
    )
    overdue = forms.BooleanField(label=_("Bara försenade"), required=False)
    mine = forms.BooleanField(label=_("Bara där jag är ansvarig"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
