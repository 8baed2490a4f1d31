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


def _person(value):
    """A form's initial person, given as a User or its id."""
    return getattr(value, "pk", value)


def owners_for(units, also=()) -> "forms.QuerySet":
    """Who may be made responsible for an improvement action: the staff and managers of the municipalities of
    ``units`` (those who take part in improvement work, ``improvement.propose``), not board members, auditors,
    registrators or external providers; and ``also`` (the one already chosen)."""
    return access.people_in({u.municipality_id for u in units}, perm="improvement.propose", also=also)


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
        self.fields["owner"].queryset = owners_for(units, also=[_person(self.initial.get("owner"))])
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


class MoveForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    """Moving forward asks for the content of the stage being left (ImprovementAction.STAGE_CONTENT)."""

    LABELS = {
        "description": (_("Vad ska ni göra?"), _("Planera: åtgärden, steg för steg, och vem som gör vad.")),
        "expected_effect": (_("Vilken effekt väntar ni er?"), _("Hur märks det att det blivit bättre, och hur ska ni mäta det?")),
        "done_notes": (_("Vad har ni gjort?"), _("Göra: vad som genomfördes, när, och vad som blev annorlunda än planen.")),
        "effect_measure": (_("Vad mättes?"), _("Studera: hur ni följde upp om åtgärden gav effekt.")),
        "effect_result": (_("Resultat"), _("Vad mätningen visade, jämfört med den effekt ni väntade er.")),
    }

    def __init__(self, *args, fields: tuple[str, ...], messages: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name in fields:
            label, help_text = self.LABELS[name]
            self.fields[name] = forms.CharField(
                label=label,
                help_text=help_text,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": messages[name]},
            )
        # The guard's confirmation comes last, after the texts it is about.
        self.fields["integrity_confirmed"] = self.fields.pop("integrity_confirmed")


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
