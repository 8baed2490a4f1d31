import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lots.accounts.models import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, ApiToken
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


class ChoosePasswordForm(AccessibleFormMixin, SetPasswordForm):
    pass


class ApiTokenForm(LotsForm):
    name = forms.CharField(
        label=_("Namn på nyckeln"), max_length=80, help_text=_("Till exempel vad nyckeln ska användas till: ”Statistikuttag”.")
    )
    scope = forms.ChoiceField(
        label=_("Behörighet"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("En nyckel som bara får läsa kan inte ändra något, även om du själv får det."),
        error_messages={"required": _("Välj om nyckeln bara får läsa eller också ändra.")},
    )
    expires_on = forms.DateField(
        label=_("Gäller till och med"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=format_lazy(_("Högst {days} dagar från i dag."), days=TOKEN_MAX_DAYS),
        error_messages={
            "required": _("Välj hur länge nyckeln ska gälla."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-31."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["expires_on"].initial = today + datetime.timedelta(days=TOKEN_DEFAULT_DAYS)
        self.fields["expires_on"].widget.attrs.update(
            min=(today + datetime.timedelta(days=1)).isoformat(),
            max=(today + datetime.timedelta(days=TOKEN_MAX_DAYS)).isoformat(),
        )

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(_("Välj ett datum efter i dag."))
        if day > today + datetime.timedelta(days=TOKEN_MAX_DAYS):
            raise forms.ValidationError(
                _("En API-nyckel gäller högst %(days)s dagar. Välj ett tidigare datum.") % {"days": TOKEN_MAX_DAYS}
            )
        return day


class PersonForm(LotsForm):
    first_name = forms.CharField(label=_("Förnamn"), max_length=150)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150)
    username = forms.RegexField(
        label=_("Användarnamn"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Det personen loggar in med, till exempel fornamn.efternamn."),
        error_messages={"invalid": _("Använd bara bokstäver, siffror och tecknen . @ + - _.")},
    )
    email = forms.EmailField(
        label=_("E-post"),
        help_text=_("Hit skickas länken där personen väljer sitt lösenord."),
        error_messages={"invalid": _("Skriv en giltig e-postadress, till exempel namn@exempel.se.")},
    )
    title = forms.CharField(label=_("Titel"), max_length=120, required=False)


class RoleForm(LotsForm):
    role = forms.ChoiceField(label=_("Roll"), choices=[])
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=None, required=False, empty_label=_("Välj enhet"))
    provider = forms.ModelChoiceField(
        label=_("Extern utförare"), queryset=None, required=False, help_text=_("Bara för rollen extern utförare.")
    )
    include_subunits = forms.BooleanField(label=_("Rollen gäller även underenheterna"), required=False, initial=True)

    def __init__(self, *args, units, providers, **kwargs):
        from lots.accounts.models import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Välj roll"))] + list(Role.choices)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: ("– " * u.depth) + u.name
        self.fields["provider"].queryset = providers

    def clean(self):
        from lots.accounts.models import Role

        data = super().clean()
        role = data.get("role")
        if role == Role.EXTERN_UTFORARE and not data.get("provider"):
            self.add_error("provider", _("Välj vilken utförare personen företräder."))
        elif role and role != Role.EXTERN_UTFORARE and not data.get("unit"):
            self.add_error("unit", _("Välj den enhet rollen gäller."))
        return data


class AuditGrantForm(LotsForm):
    auditor = forms.ModelChoiceField(label=_("Granskare"), queryset=None, empty_label=_("Välj granskare"))
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=None,
        empty_label=_("Välj enhet"),
        help_text=_("Läsrätten gäller enheten och alla enheter under den."),
    )
    purpose = forms.CharField(
        label=_("Granskning"),
        max_length=200,
        help_text=_("Vilken granskning läsrätten gäller, till exempel ”Granskning av lex Sarah 2026”."),
    )
    valid_from = forms.DateField(label=_("Gäller från"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Gäller till och med"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, auditors, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = auditors
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: ("– " * u.depth) + u.name

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Slutdatumet kan inte ligga före startdatumet."))
        elif end and end < timezone.localdate():
            self.add_error("valid_until", _("Slutdatumet har redan passerat."))
        return data
