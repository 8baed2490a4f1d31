from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm, VersionedFormMixin
from lots.risks.forms.common import PersonChoiceField, date_field, text_area
from lots.risks.forms.plans import YearlyPlanForm
from lots.risks.models import Assessment, ControlPoint


class InspectionPlanForm(YearlyPlanForm):
    """A self-inspection plan: the unit, the year and a note."""


class ControlPointForm(VersionedFormMixin, LotsForm):
    title = forms.CharField(label=_("Vad kontrolleras"), max_length=200)
    purpose = text_area(_("Syfte"), required=False, rows=2)
    method = forms.ChoiceField(label=_("Metod"), choices=ControlPoint.Method.choices)
    frequency = forms.TypedChoiceField(label=_("Hur ofta"), coerce=int, choices=ControlPoint.Frequency.choices)
    sample_size = forms.IntegerField(
        label=_("Urval (antal akter per gång)"),
        required=False,
        min_value=1,
        max_value=200,
        help_text=_("Krävs för granskning av journaler och akter."),
        error_messages={
            "invalid": _("Skriv ett heltal."),
            "min_value": _("Urvalet ska vara minst 1 akt."),
            "max_value": _("Urvalet kan vara högst 200 akter."),
        },
    )
    responsible = PersonChoiceField(label=_("Ansvarig"), queryset=None, empty_label=_("Välj person"))
    first_due = date_field(
        _("Första tillfället klart senast"),
        help_text=_("Följande tillfällen under året räknas fram utifrån hur ofta kontrollen görs."),
    )
    criteria = forms.CharField(
        label=_("Kriterier"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ett kriterium per rad. Vid journalgranskning bedöms varje akt mot varje kriterium."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people

    def criteria_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["criteria"].splitlines() if line.strip()]


class AssessmentFormMixin:
    """One radio group per criterion (``criterion_<id>``) with an optional comment (``comment_<id>``)."""

    def add_criteria(self, criteria):
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.text,
                choices=Assessment.Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Välj uppfyllt, ej uppfyllt eller ej tillämpligt.")},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Kommentar till ”%(criterion)s”") % {"criterion": criterion.text},
                required=False,
                max_length=1000,
            )

    def criterion_rows(self):
        return [(c, self[f"criterion_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def answers(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}

    @staticmethod
    def initial_from(assessments) -> dict:
        initial = {}
        for a in assessments:
            initial[f"criterion_{a.criterion_id}"] = a.answer
            initial[f"comment_{a.criterion_id}"] = a.comment
        return initial


class RecordReviewForm(AssessmentFormMixin, VersionedFormMixin, LotsForm):
    reference = forms.CharField(
        label=_("Aktens referens"),
        max_length=40,
        error_messages={"required": _("Skriv aktens referens.")},
        help_text=_("En pseudonym referens, till exempel ”A-07”. Skriv aldrig personnummer, födelsedatum eller namn."),
    )
    note = text_area(_("Anteckning"), required=False, rows=2)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_criteria(criteria)


class ChecklistForm(AssessmentFormMixin, VersionedFormMixin, LotsForm):
    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_criteria(criteria)


class RoundCompleteForm(VersionedFormMixin, LotsForm):
    performed_on = date_field(_("Genomförd den"))
    summary = text_area(_("Resultat och analys"), rows=5, help_text=_("Vad visar resultatet? Jämför gärna med förra gången."))
    conclusion = text_area(_("Slutsats"), required=False, rows=3, help_text=_("Vad behöver göras? Lägg till åtgärder nedan."))
