from django import forms
from django.utils.translation import gettext_lazy as _

from lots import access
from lots.accounts.models import User
from lots.agreements.forms import date_field, person_label
from lots.core.forms import LotsForm, VersionedFormMixin
from lots.goals.models import Activity, GoalAssessment, ResultGoal
from lots.processes.models import Law

REASON_HELP = _(
    "Verksamhetsplanen är fastställd: skriv varför den ändras, till exempel nämndens beslut. Ändringen blir en ny version."
)


def reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Skäl till ändringen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=REASON_HELP,
    )


class GoalAreaForm(VersionedFormMixin, LotsForm):
    number = forms.IntegerField(
        label=_("Nummer"), min_value=1, max_value=99, error_messages={"required": _("Ange målområdets nummer.")}
    )
    name = forms.CharField(label=_("Målområde"), max_length=200, error_messages={"required": _("Skriv vad målområdet heter.")})
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    decided_by = forms.CharField(
        label=_("Beslutat av"), max_length=120, required=False, help_text=_("Till exempel Kommunfullmäktige.")
    )
    decision_date = date_field(_("Beslutsdatum"))
    decision_reference = forms.CharField(label=_("Paragraf"), max_length=60, required=False, help_text=_("Till exempel § 45."))


class GoalForm(VersionedFormMixin, LotsForm):
    area = forms.ModelChoiceField(
        label=_("Målområde"), queryset=None, error_messages={"required": _("Välj målområdet målet hör till.")}
    )
    number = forms.IntegerField(label=_("Nummer"), min_value=1, max_value=999, initial=1)
    title = forms.CharField(
        label=_("Resultatmål"),
        max_length=300,
        error_messages={"required": _("Skriv vad som ska uppnås.")},
        help_text=_("Vad som ska uppnås under året. Gäller målet brukare: skriv kvinnor och män, flickor och pojkar."),
    )
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    concerns_clients = forms.BooleanField(
        label=_("Målet gäller brukare"),
        required=False,
        help_text=_("Nyckeltalen till målet redovisas då för kvinnor och män eller flickor och pojkar."),
    )
    decided_by = forms.CharField(
        label=_("Beslutat av"), max_length=120, required=False, help_text=_("Till exempel Socialnämnden.")
    )
    decision_date = date_field(_("Beslutsdatum"))
    decision_reference = forms.CharField(label=_("Paragraf"), max_length=60, required=False, help_text=_("Till exempel § 45."))

    def __init__(self, *args, areas, established: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        if established:
            self.fields["reason"] = reason_field()


class ActivityForm(VersionedFormMixin, LotsForm):
    title = forms.CharField(label=_("Aktivitet"), max_length=300, error_messages={"required": _("Skriv vad som ska göras.")})
    description = forms.CharField(
        label=_("Beskrivning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Konkret och mätbar: vad görs, av vem, och hur vet vi att det är gjort?"),
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Resultatmål som aktiviteten bidrar till"),
        queryset=ResultGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Varje aktivitet ska bidra till ett beslutat mål eller uppfylla ett lagkrav."),
    )
    laws = forms.ModelMultipleChoiceField(
        label=_("Lagkrav som aktiviteten uppfyller"),
        queryset=Law.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    owner = forms.ModelChoiceField(
        label=_("Ansvarig"), queryset=User.objects.none(), error_messages={"required": _("Välj vem som är ansvarig.")}
    )
    starts_on = date_field(_("Startar"), required=True, required_message=_("Ange när aktiviteten startar."))
    ends_on = date_field(_("Klar senast"), required=True, required_message=_("Ange när aktiviteten ska vara klar."))
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices, initial=Activity.Status.NOT_STARTED)
    budget_amount = forms.DecimalField(
        label=_("Budget (kronor)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=0,
        error_messages={"invalid": _("Skriv beloppet i hela kronor, till exempel 25000.")},
    )

    def __init__(self, *args, unit, goals, established: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals
        self.fields["goals"].label_from_instance = lambda g: f"{g.area.number}.{g.number} {g.title}"
        self.fields["laws"].queryset = Law.objects.filter(municipality_id=unit.municipality_id, repealed_on__isnull=True)
        # The owner answers for the activity: someone who may plan (a manager or the quality coordinator).
        current = getattr(self.initial.get("owner"), "pk", self.initial.get("owner"))
        self.fields["owner"].queryset = access.people_in({unit.municipality_id}, perm="goal.change", also=[current])
        self.fields["owner"].label_from_instance = person_label
        if established:
            self.fields["reason"] = reason_field()

    def clean(self):
        data = super().clean()
        if not data.get("goals") and not data.get("laws") and "goals" not in self.errors:
            self.add_error(
                "goals",
                _(
                    "Koppla aktiviteten till minst ett resultatmål eller ett lagkrav. Verksamheten bedriver inga "
                    "aktiviteter som inte syftar till att uppfylla ett lagkrav eller ett beslutat mål."
                ),
            )
        return data


class AssessmentForm(VersionedFormMixin, LotsForm):
    assessment = forms.ChoiceField(
        label=_("Bedömning"),
        choices=GoalAssessment.Assessment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj uppfyllt, delvis uppfyllt eller ej uppfyllt.")},
    )
    analysis = forms.CharField(
        label=_("Analys"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv en analys: vad bedömningen bygger på och vad som behöver göras.")},
    )


class ActivityReportForm(VersionedFormMixin, LotsForm):
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class EstablishForm(VersionedFormMixin, LotsForm):
    """Only the version: establishing asks for nothing more."""
