"""The form the module's yearly plans share: unit and year when a plan is made, a note always."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm, VersionedFormMixin
from lots.risks.forms.common import UnitChoiceField, text_area


class YearlyPlanForm(VersionedFormMixin, LotsForm):
    """A new plan (``units`` and ``years`` given: where and for which year) or a change to one (neither: the unit
    and year stay). ``unit_label`` names the unit as the plan type does."""

    unit_label = _("Enhet")

    unit = UnitChoiceField(label=_("Enhet"), queryset=None, error_messages={"invalid_choice": _("Välj en enhet i listan.")})
    year = forms.TypedChoiceField(label=_("År"), coerce=int, choices=())
    note = text_area(_("Kommentar"), required=False, rows=3)

    def __init__(self, *args, units=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"], self.fields["year"]
        else:
            self.fields["unit"].label = self.unit_label
            self.fields["unit"].queryset = units
            self.fields["year"].choices = years
