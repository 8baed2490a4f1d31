from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from lots.core.forms import AccessibleFormMixin, LotsForm


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Fel användarnamn eller lösenord. Kontrollera stavningen och försök igen."),
        "inactive": _("Kontot är inaktiverat. Kontakta kvalitetssamordnaren."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Användarnamn")
        self.fields["password"].label = _("Lösenord")
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class ChangePasswordForm(AccessibleFormMixin, PasswordChangeForm):
    pass


class ApiTokenForm(LotsForm):
    name = forms.CharField(
        label=_("Namn på nyckeln"), max_length=80, help_text=_("Till exempel vad nyckeln ska användas till: ”Statistikuttag”.")
    )
