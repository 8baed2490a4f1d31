from django import forms
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm, VersionedFormMixin
from lots.privacy import registry
from lots.privacy.models import MAX_YEARS, MIN_YEARS, LegalHold, SubjectRequest


class PeriodsForm(LotsForm):
    """One field per record type the modules declare (lots.privacy.registry)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for rule in registry.rules():
            self.fields[rule.key] = forms.IntegerField(
                label=_("%(type)s: år efter avslut") % {"type": rule.label_plural},
                min_value=MIN_YEARS,
                max_value=MAX_YEARS,
                help_text=_("Standard enligt dokumenthanteringsplanen: %(years)s år.") % {"years": rule.default_years},
            )


class HoldForm(LotsForm):
    record_type = forms.ChoiceField(label=_("Posttyp"))
    record_id = forms.IntegerField(label=_("Postens nummer"), min_value=1)
    reason = forms.ChoiceField(label=_("Skäl"), choices=LegalHold.Reason.choices)
    reference = forms.CharField(label=_("Diarienummer"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [(rule.key, rule.label) for rule in registry.rules()]


class ExtractForm(LotsForm):
    person = forms.ModelChoiceField(label=_("Medarbetare"), queryset=None, required=False)
    reference = forms.CharField(label=_("Ärendereferens"), max_length=60, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("person")) == bool(data.get("reference", "").strip()):
            raise forms.ValidationError(_("Välj en medarbetare eller skriv en ärendereferens, inte båda."))
        return data


class SubjectRequestForm(LotsForm):
    kind = forms.ChoiceField(label=_("Begäran om"), choices=SubjectRequest.Kind.choices)
    received_on = forms.DateField(label=_("Kom in"), widget=forms.DateInput(attrs={"type": "date"}))
    requester = forms.CharField(
        label=_("Den registrerade"), max_length=200, help_text=SubjectRequest._meta.get_field("requester").help_text
    )
    concerns = forms.CharField(
        label=_("Vad begäran gäller"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=SubjectRequest._meta.get_field("concerns").help_text,
    )


class ExtendForm(VersionedFormMixin, LotsForm):
    reason = forms.CharField(
        label=_("Skäl för förlängd tid"),
        max_length=500,
        help_text=_("Den registrerade ska få veta skälet inom den första månaden."),
    )

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(version)


class DecideForm(VersionedFormMixin, LotsForm):
    outcome = forms.ChoiceField(
        label=_("Beslut"),
        choices=SubjectRequest.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om begäran bifalls, bifalls delvis eller avslås.")},
    )
    reason = forms.CharField(
        label=_("Motivering"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när begäran avslås helt eller delvis."),
    )
    measures = forms.CharField(
        label=_("Vad som gjordes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när begäran bifalls, helt eller delvis."),
    )

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(version)


class AnswerForm(VersionedFormMixin, LotsForm):
    answered_on = forms.DateField(
        label=_("Svaret skickades"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Skriv vilken dag svaret skickades."), "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    )

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(version)
