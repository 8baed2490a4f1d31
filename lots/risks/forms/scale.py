from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm, VersionedFormMixin
from lots.risks.models.scale import COLOUR_RE, MAX_LEVELS, MAX_SIZE, MIN_SIZE


class ScaleForm(VersionedFormMixin, LotsForm):
    size = forms.IntegerField(
        label=_("Antal steg"),
        min_value=MIN_SIZE,
        max_value=MAX_SIZE,
        help_text=_("Lika många steg för allvarlighetsgrad och sannolikhet, till exempel 4 för en matris med 4 × 4 rutor."),
        error_messages={
            "required": _("Ange antalet steg."),
            "invalid": _("Skriv ett heltal."),
            "min_value": _("Skalan måste ha minst %(limit_value)s steg."),
            "max_value": _("Skalan kan ha högst %(limit_value)s steg."),
        },
    )
    severity_labels = forms.CharField(
        label=_("Allvarlighetsgrader"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("En per rad, från den lindrigaste till den allvarligaste."),
    )
    probability_labels = forms.CharField(
        label=_("Sannolikhetsnivåer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("En per rad, från den minst till den mest sannolika."),
    )

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]


class LevelForm(LotsForm):
    """One risk level. A row without a name is an unused row and is left out."""

    name = forms.CharField(label=_("Namn"), max_length=40, required=False)
    min = forms.IntegerField(
        label=_("Från riskvärde"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("Skriv ett heltal."), "min_value": _("Riskvärdet börjar på 1.")},
    )
    colour = forms.CharField(
        label=_("Färg"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "color"}),
        help_text=_("Texten i matrisen blir svart eller vit beroende på vad som syns bäst."),
    )
    requirement = forms.CharField(
        label=_("Krav på utredning"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Hur omfattande utredningen måste vara."),
    )
    action_days = forms.IntegerField(
        label=_("Åtgärd inom (dagar)"),
        required=False,
        min_value=0,
        error_messages={"invalid": _("Skriv ett heltal."), "min_value": _("Antalet dagar kan inte vara negativt.")},
    )
    high = forms.BooleanField(label=_("Hög risk: tas med i konsekvensbeskrivningen"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("name") or "").strip():
            return data
        if data.get("min") is None and "min" not in self.errors:
            self.add_error("min", _("Ange från vilket riskvärde nivån gäller."))
        if not COLOUR_RE.match(data.get("colour") or ""):
            self.add_error("colour", _("Välj en färg (skriv den som #rrggbb)."))
        if not (data.get("requirement") or "").strip():
            self.add_error("requirement", _("Beskriv vad nivån kräver i form av utredning."))
        if data.get("action_days") is None and "action_days" not in self.errors:
            self.add_error("action_days", _("Ange inom hur många dagar en åtgärd ska vara klar."))
        return data

    @property
    def is_used(self) -> bool:
        return bool((self.cleaned_data.get("name") or "").strip())


LevelFormSet = forms.formset_factory(LevelForm, extra=0, max_num=MAX_LEVELS, absolute_max=MAX_LEVELS, validate_max=True)


def level_initial(scale) -> list[dict]:
    rows = [
        {
            "name": level.name,
            "min": level.min_value,
            "colour": level.colour,
            "requirement": level.requirement,
            "action_days": level.action_days,
            "high": level.high,
        }
        for level in scale.ordered_levels(as_stored=True)
    ]
    return rows + [{"colour": "#9e9e9e"} for _row in range(MAX_LEVELS - len(rows))]
