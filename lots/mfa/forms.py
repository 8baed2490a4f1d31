from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm


class CodeForm(LotsForm):
    """A six-digit code from the authenticator app."""

    code = forms.CharField(
        label=_("Kod från appen"),
        max_length=12,
        help_text=_("Sex siffror. Koden byts var 30:e sekund."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": _("Skriv koden som appen visar.")},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Koden är sex siffror."))
        return code


class RecoveryCodeForm(LotsForm):
    recovery_code = forms.CharField(
        label=_("Reservkod"),
        max_length=40,
        help_text=_("En av de reservkoder du sparade, t.ex. abcde-fghjk. Varje kod fungerar en gång."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}),
        error_messages={"required": _("Skriv en av dina reservkoder.")},
    )
