from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm


class ConfirmReviewForm(LotsForm):
    note = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel vilka ändringar du har gjort eller begärt. Skriv inga uppgifter om enskilda klienter."),
    )


class DeactivateForm(LotsForm):
    people = forms.MultipleChoiceField(
        label=_("Oanvända konton att inaktivera"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Markera minst ett konto."),
            "invalid_choice": _("Kontot går inte att inaktivera härifrån längre. Ladda om sidan."),
        },
    )
    confirm = forms.BooleanField(
        label=_("Jag har kontrollerat att de markerade kontona inte behövs. Personerna kan inte logga in efter detta."),
        error_messages={"required": _("Bekräfta att kontona ska inaktiveras.")},
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(str(p.pk), f"{p.get_full_name() or p.username} ({p.username})") for p in people]


class SignOffForm(LotsForm):
    note = forms.CharField(
        label=_("Vad du har kontrollerat och kommit fram till"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv vad du har kontrollerat och vad du kom fram till.")},
        help_text=_("Signeringen loggas och kan inte ändras efteråt. Skriv inga uppgifter om enskilda klienter."),
    )
