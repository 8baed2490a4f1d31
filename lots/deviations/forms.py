import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.forms import CachedChoiceIterator, LotsForm, SwedishNamesSelect, VersionedFormMixin
from lots.deviations.guard import IntegrityConfirmationForm
from lots.deviations.models import Deviation, DeviationCategory, IvoNotification, LexSarahInvestigation
from lots.organisation.models import Unit

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]
DATE_ERROR = _("Skriv datumet som ÅÅÅÅ-MM-DD.")
DATETIME_ERROR = _("Skriv datum och tid som ÅÅÅÅ-MM-DD TT:MM.")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def unit_label(unit: Unit) -> str:
    """Indented by depth with em spaces (not read aloud, unlike dashes), from the department level down."""
    return "\u2003" * max(unit.depth - 2, 0) + unit.name


class ReportForm(LotsForm):
    description = forms.CharField(
        label=_("Vad hände?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Beskriv händelsen kort. Skriv inte namn eller personnummer – använd ärendereferensen."),
        error_messages={"required": _("Beskriv vad som hände.")},
    )
    category = forms.ModelChoiceField(
        widget=SwedishNamesSelect,
        label=_("Vad gäller det?"),
        queryset=DeviationCategory.objects.none(),
        empty_label=_("Välj kategori"),
        error_messages={"required": _("Välj en kategori."), "invalid_choice": _("Välj en av kategorierna i listan.")},
    )
    occurred_at = forms.DateTimeField(
        label=_("När hände det?"),
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_FORMATS,
        error_messages={"required": _("Ange när det hände."), "invalid": DATETIME_ERROR},
    )
    unit = forms.ModelChoiceField(
        label=_("Var hände det?"),
        queryset=Unit.objects.none(),
        error_messages={"required": _("Välj enheten där det hände."), "invalid_choice": _("Välj en enhet i listan.")},
    )
    immediate_action = forms.CharField(
        label=_("Vad gjorde du direkt?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    possible_lex_sarah = forms.BooleanField(
        label=_("Det kan vara ett missförhållande eller en påtaglig risk för ett missförhållande (lex Sarah)"),
        required=False,
        help_text=_(
            "Kryssa i om någons liv, säkerhet eller hälsa har hotats eller skadats, eller riskerar att göra det. "
            "Då utreds rapporten enligt lex Sarah direkt."
        ),
    )
    case_reference = forms.CharField(
        label=_("Ärendereferens"),
        required=False,
        max_length=60,
        help_text=_("Till exempel ärendets nummer eller en kod. Aldrig namn eller personnummer."),
    )
    attachment = forms.FileField(
        label=_("Bifoga en fil"),
        required=False,
        help_text=_("PDF, bild eller Office-dokument. Om något blir fel när du skickar behöver filen väljas igen."),
    )

    field_order = [
        "description",
        "category",
        "occurred_at",
        "unit",
        "immediate_action",
        "possible_lex_sarah",
        "case_reference",
        "attachment",
    ]

    def __init__(self, *args, units, categories, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit", "category"):
            self.fields[name].iterator = CachedChoiceIterator  # before the queryset, which hands the widget its choices
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
        self.fields["category"].queryset = categories

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value is not None and value > timezone.now() + datetime.timedelta(minutes=10):
            raise forms.ValidationError(_("Tidpunkten ligger i framtiden. Ange när det hände."))
        return value

    def clean(self):
        cleaned = super().clean()
        unit, category = cleaned.get("unit"), cleaned.get("category")
        if unit is not None and category is not None and category.municipality_id != unit.municipality_id:
            self.add_error("category", _("Kategorin hör till en annan kommun. Välj en av enhetens kategorier."))
        return cleaned


class TransitionForm(VersionedFormMixin, LotsForm):
    to_state = forms.ChoiceField(choices=Deviation.State.choices, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, comment_required: bool = False, reopening: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if comment_required:
            field = self.fields["comment"]
            field.required = True
            field.label = _("Varför öppnas den igen?") if reopening else _("Vad har gjorts?")
            field.error_messages["required"] = (
                _("Skriv varför avvikelsen öppnas igen.") if reopening else _("Skriv en kommentar om vad som har gjorts.")
            )


class AnalysisForm(VersionedFormMixin, LotsForm):
    causes = forms.MultipleChoiceField(
        label=_("Orsaker"),
        required=False,
        choices=Deviation.Cause.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    cause_description = forms.CharField(
        label=_("Orsaksanalys"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Varför hände det? Fråga varför flera gånger tills grundorsaken syns."),
    )
    severity = forms.TypedChoiceField(label=_("Konsekvens"), required=False, coerce=int, empty_value=None)
    probability = forms.TypedChoiceField(label=_("Sannolikhet att det händer igen"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        severity = [("", _("Inte bedömd"))] + [
            (i, f"{i} – {label}") for i, label in enumerate(scale.severity_labels[: scale.size], start=1)
        ]
        probability = [("", _("Inte bedömd"))] + [
            (i, f"{i} – {label}") for i, label in enumerate(scale.probability_labels[: scale.size], start=1)
        ]
        self.fields["severity"].choices = severity
        self.fields["probability"].choices = probability


class ActionForm(LotsForm):
    title = forms.CharField(label=_("Åtgärd"), max_length=200, error_messages={"required": _("Skriv vad som ska göras.")})
    owner = forms.ModelChoiceField(
        label=_("Ansvarig"), queryset=None, error_messages={"required": _("Välj vem som ansvarar för åtgärden.")}
    )
    due_date = forms.DateField(
        label=_("Klart senast"), required=False, widget=DateInput(), error_messages={"invalid": DATE_ERROR}
    )
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("Datumet har redan passerat."))
        return value


class AttachmentForm(LotsForm):
    file = forms.FileField(label=_("Fil"), error_messages={"required": _("Välj en fil att bifoga.")})


class InvestigationForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    what_happened = forms.CharField(label=_("Vad har hänt?"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    when_where = forms.CharField(label=_("När och var hände det?"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    affected = forms.CharField(
        label=_("Vem drabbades, och hur?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Beskriv konsekvenserna för den enskilde. Använd ärendereferensen, inte namn."),
    )
    informed = forms.ChoiceField(
        label=_("Har den enskilde eller företrädaren informerats?"),
        required=False,
        choices=[("", _("Inte angivet"))] + list(LexSarahInvestigation.Informed.choices),
    )
    informed_details = forms.CharField(
        label=_("Hur informerades de, och vad har de sagt?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Den enskilde eller företrädaren ska få möjlighet att lämna synpunkter."),
    )
    causes = forms.CharField(label=_("Orsaker"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    actions_taken = forms.CharField(
        label=_("Åtgärder som har vidtagits"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    actions_planned = forms.CharField(
        label=_("Åtgärder som planeras för att avhjälpa och förebygga"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    final_assessment = forms.CharField(label=_("Slutlig bedömning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    classification = forms.ChoiceField(
        label=_("Bedömning"),
        required=False,
        choices=[("", _("Inte bedömd ännu"))] + list(LexSarahInvestigation.Classification.choices),
        help_text=_("Bedöms händelsen som allvarlig påbörjas anmälan till IVO direkt. Utredningen fortsätter ändå."),
    )


class EarlyCloseForm(VersionedFormMixin, LotsForm):
    early_close_position = forms.CharField(
        label=_("Ställningstagande"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Förklara varför det uppenbart inte är ett missförhållande eller en påtaglig risk för ett."),
        error_messages={"required": _("Skriv ert ställningstagande: varför det uppenbart inte är ett missförhållande.")},
    )


class IvoForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    contact_name = forms.CharField(label=_("Kontaktperson"), max_length=120, required=False)
    contact_phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    contact_email = forms.EmailField(
        label=_("E-post"),
        required=False,
        error_messages={"invalid": _("Skriv en giltig e-postadress, till exempel namn@exempel.se.")},
    )
    activity_area = forms.CharField(label=_("Verksamhetsområde"), max_length=120)
    other_notifications = forms.CharField(
        label=_("Anmälan till andra myndigheter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=IvoNotification._meta.get_field("other_notifications").help_text,
    )
    investigation_expected = forms.DateField(
        label=_("Utredningen beräknas vara klar"), required=False, widget=DateInput(), error_messages={"invalid": DATE_ERROR}
    )


class IvoSentForm(VersionedFormMixin, LotsForm):
    sent_at = forms.DateTimeField(
        label=_("Skickad till IVO"),
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_FORMATS,
        error_messages={"required": _("Ange när anmälan skickades."), "invalid": DATETIME_ERROR},
    )
    ivo_reference = forms.CharField(label=_("IVO:s diarienummer"), required=False, max_length=60)


class IvoDecisionForm(VersionedFormMixin, LotsForm):
    decision_basis = forms.ChoiceField(
        label=_("Vem beslutade?"),
        choices=IvoNotification.Basis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vem som beslutade."), "invalid_choice": _("Välj vem som beslutade.")},
    )
    decision_reference = forms.CharField(
        label=_("Protokollsparagraf eller delegationspunkt"),
        max_length=120,
        error_messages={"required": _("Ange protokollsparagraf eller delegationspunkt.")},
    )
    decided_at = forms.DateTimeField(
        label=_("Beslutet fattades"),
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_FORMATS,
        error_messages={"required": _("Ange när beslutet fattades."), "invalid": DATETIME_ERROR},
    )


class FilterForm(LotsForm):
    LEX_SARAH = [("", _("Alla")), ("ja", _("Bara lex Sarah")), ("nej", _("Utan lex Sarah"))]
    SERIOUSNESS = [
        ("", _("Alla")),
        ("allvarligt", _("Allvarliga (anmäls till IVO)")),
        ("missforhallande", _("Missförhållande eller risk")),
        ("inte", _("Inte ett missförhållande")),
        ("obedomd", _("Lex Sarah, inte bedömd ännu")),
    ]

    unit = forms.ModelChoiceField(
        label=_("Enhet med underenheter"), required=False, queryset=Unit.objects.none(), empty_label=_("Alla")
    )
    start = forms.DateField(
        label=_("Rapporterad från"), required=False, widget=DateInput(), error_messages={"invalid": DATE_ERROR}
    )
    end = forms.DateField(label=_("till och med"), required=False, widget=DateInput(), error_messages={"invalid": DATE_ERROR})
    category = forms.ModelChoiceField(
        widget=SwedishNamesSelect,
        label=_("Kategori"),
        required=False,
        queryset=DeviationCategory.objects.none(),
        empty_label=_("Alla"),
    )
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alla")), ("open", _("Alla öppna"))] + list(Deviation.State.choices)
    )
    lex_sarah = forms.ChoiceField(label=_("Lex Sarah"), required=False, choices=LEX_SARAH)
    seriousness = forms.ChoiceField(label=_("Bedömning"), required=False, choices=SERIOUSNESS)
    overdue = forms.BooleanField(label=_("Endast försenade"), required=False)

    def __init__(self, *args, units, categories, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit", "category"):
            self.fields[name].iterator = CachedChoiceIterator  # before the queryset, which hands the widget its choices
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
        self.fields["category"].queryset = categories
        self.fields["category"].label_from_instance = lambda c: (
            c.name if c.is_active else _("%(name)s (används inte)") % {"name": c.name}
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Slutdatumet ligger före startdatumet."))
        return cleaned


class CompilationForm(LotsForm):
    unit = forms.ModelChoiceField(label=_("Enhet med underenheter"), queryset=Unit.objects.none(), empty_label=None)
    start = forms.DateField(
        label=_("Från"), widget=DateInput(), error_messages={"invalid": DATE_ERROR, "required": _("Ange startdatum.")}
    )
    end = forms.DateField(
        label=_("Till och med"), widget=DateInput(), error_messages={"invalid": DATE_ERROR, "required": _("Ange slutdatum.")}
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Slutdatumet ligger före startdatumet."))
        return cleaned


class SettingsForm(VersionedFormMixin, LotsForm):
    receive_days = forms.IntegerField(label=_("Dagar att ta emot en rapport"), min_value=1, max_value=30)
    handling_days = forms.IntegerField(label=_("Dagar att utreda och åtgärda"), min_value=1, max_value=365)
    close_days = forms.IntegerField(label=_("Dagar att följa upp och avsluta efter åtgärd"), min_value=1, max_value=365)
    escalation_days = forms.IntegerField(
        label=_("Dagar försenad innan nästa chefsnivå får besked"),
        min_value=1,
        max_value=90,
    )
    ivo_target_days = forms.IntegerField(
        label=_("Mål för anmälan till IVO (dagar från rapporten)"),
        min_value=1,
        max_value=90,
        help_text=_("Lagen säger att anmälan ska göras snarast. Förvalt mål är 14 dagar."),
    )
    provider_name = forms.CharField(
        label=_("Vårdgivare eller nämnd"),
        required=False,
        max_length=160,
        help_text=_("Som det ska stå på anmälan till IVO. Tomt = nämnden i organisationsträdet."),
    )
    organisation_number = forms.CharField(label=_("Organisationsnummer"), required=False, max_length=13)
    address = forms.CharField(label=_("Postadress"), required=False, max_length=200)
    legal_reference = forms.CharField(
        label=_("Hänvisning till regelverket"),
        max_length=300,
        help_text=_("Visas på rapportsidan och på IVO-anmälan. Uppdatera när lag eller föreskrift ändras."),
    )


class CategoryForm(LotsForm):
    name = forms.CharField(label=_("Namn"), max_length=80, error_messages={"required": _("Skriv kategorins namn.")})
    is_active = forms.BooleanField(label=_("Används när man rapporterar"), required=False, initial=True)


class UnitSettingsForm(VersionedFormMixin, LotsForm):
    responsible = forms.ModelChoiceField(
        label=_("Ansvarig för avvikelser"),
        required=False,
        queryset=None,
        empty_label=_("Enhetschefen (förvalt)"),
        help_text=_("Den som tar emot och utreder rapporter från enheten."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people


class ImportUploadForm(LotsForm):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_("Exportera från det andra systemet som CSV (semikolon- eller kommaseparerad, UTF-8)."),
        error_messages={"required": _("Välj en CSV-fil.")},
    )
