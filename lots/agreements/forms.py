from django import forms
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lots import access
from lots.accounts.models import User
from lots.agreements.models import Agreement, AgreementParty, AgreementReview
from lots.core.forms import LotsForm, VersionedFormMixin
from lots.organisation.models import Unit

DATE_ERRORS = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}


def date_field(label, *, required=False, help_text="", required_message=None):
    errors = dict(DATE_ERRORS)
    if required_message:
        errors["required"] = required_message
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=errors,
    )


def unit_label(unit: Unit) -> str:
    return ("– " * unit.depth) + unit.name


def person_label(user: User) -> str:
    return f"{user} ({user.title})" if user.title else str(user)


def people_for(units) -> "forms.QuerySet":
    """People with a current role in the municipalities of ``units``."""
    return access.people_in({u.municipality_id for u in units})


class UnitsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        label = unit_label(obj)
        if (get_language() or "sv").split("-")[0] == "sv":
            return label
        # A unit's name is Swedish whatever the page's language; a checkbox's label carries no lang of its own.
        return format_html('<span lang="sv">{}</span>', label)


class AgreementForm(VersionedFormMixin, LotsForm):
    title = forms.CharField(
        label=_("Överenskommelse"),
        max_length=200,
        error_messages={"required": _("Skriv vad överenskommelsen heter.")},
        help_text=_("Till exempel Samverkansöverenskommelse barn och unga med skolan."),
    )
    area = forms.CharField(
        label=_("Område"),
        max_length=200,
        error_messages={"required": _("Skriv vilket område överenskommelsen gäller.")},
        help_text=_("Till exempel barn och unga, missbruk, våld i nära relationer."),
    )
    purpose = forms.CharField(
        label=_("Syfte"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv vad överenskommelsen ska åstadkomma.")},
    )
    units = UnitsField(
        label=_("Berörda enheter"),
        queryset=Unit.objects.none(),
        help_text=_("Överenskommelsen gäller även enheterna under dem du väljer."),
        error_messages={"required": _("Välj minst en enhet.")},
    )
    owner = forms.ModelChoiceField(
        label=_("Ansvarig"),
        queryset=User.objects.none(),
        help_text=_("Följer upp överenskommelsen och får påminnelse inför översynen."),
        error_messages={"required": _("Välj vem som är ansvarig.")},
    )
    follow_up = forms.CharField(
        label=_("Hur och när den följs upp"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Till exempel i samverkansgruppen varje halvår, med statistik över ärenden."),
    )
    follow_up_by = forms.CharField(label=_("Vem som följer upp"), max_length=200, required=False)
    make_known = forms.BooleanField(
        label=_("Personalen på berörda enheter ska läsa och bekräfta den"),
        required=False,
        help_text=_("Överenskommelser mellan nämnden och andra nämnder ska göras kända för personalen."),
    )
    valid_from = date_field(_("Gäller från"))
    valid_until = date_field(_("Gäller till och med"), help_text=_("Tomt: tills vidare."))
    review_date = date_field(_("Nästa översyn"), help_text=_("Behövs innan överenskommelsen börjar gälla."))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        owners = people_for(units)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = person_label

    def clean(self):
        data = super().clean()
        units = data.get("units")
        if units and len({u.municipality_id for u in units}) > 1:
            self.add_error("units", _("Alla enheter måste höra till samma kommun."))
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Slutdatumet kan inte ligga före startdatumet."))
        return data


class PartyForm(VersionedFormMixin, LotsForm):
    name = forms.CharField(
        label=_("Part"),
        max_length=200,
        error_messages={"required": _("Skriv vem parten är.")},
        help_text=_("Till exempel Region Exempel, Polisområde Exempel eller utbildningsnämnden."),
    )
    kind = forms.ChoiceField(label=_("Typ av part"), choices=AgreementParty.Kind.choices)
    role = forms.CharField(
        label=_("Roll i samverkan"),
        max_length=200,
        required=False,
        help_text=_("Till exempel sammankallande, utförare eller remissinstans."),
    )
    responsibility = forms.CharField(
        label=_("Ansvar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv vad parten ansvarar för.")},
    )


class LegalAssessmentForm(VersionedFormMixin, LotsForm):
    assessed_by = forms.ModelChoiceField(
        label=_("Bedömningen gjord av"),
        queryset=User.objects.none(),
        help_text=_("Till exempel förvaltningens jurist."),
        error_messages={"required": _("Välj den som gjorde bedömningen.")},
    )
    assessed_on = date_field(_("Bedömningen gjord"), required=True, required_message=_("Ange när bedömningen gjordes."))
    conclusion = forms.ChoiceField(
        label=_("Slutsats"),
        choices=[c for c in Agreement.LegalConclusion.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj bedömningens slutsats.")},
    )
    reasoning = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Vilka regler har prövats: sekretessen (OSL 26 kap.) och möjligheten att lämna uppgifter, samtycke, "
            "ansvarsfördelningen mellan huvudmännen."
        ),
        error_messages={"required": _("Skriv motiveringen: vilka regler som prövats, sekretessen först.")},
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_by"].queryset = access.people_in([municipality])
        self.fields["assessed_by"].label_from_instance = person_label


class ReviewForm(VersionedFormMixin, LotsForm):
    reviewed_on = date_field(_("Översynen gjord"), required=True, required_message=_("Ange när översynen gjordes."))
    reviewed_by = forms.ModelChoiceField(
        label=_("Gjord av"), queryset=User.objects.none(), error_messages={"required": _("Välj vem som gjorde översynen.")}
    )
    outcome = forms.ChoiceField(label=_("Utfall"), choices=AgreementReview.Outcome.choices, widget=forms.RadioSelect)
    conclusion = forms.CharField(
        label=_("Slutsats"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Har överenskommelsen följts? Vad fungerar, vad behöver ändras?"),
        error_messages={"required": _("Skriv vad översynen kom fram till.")},
    )
    next_review_date = date_field(_("Nästa översyn"), help_text=_("Behövs om överenskommelsen fortsätter att gälla."))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed_by"].queryset = access.people_in([municipality])
        self.fields["reviewed_by"].label_from_instance = person_label


class DocumentForm(LotsForm):
    document = forms.FileField(
        label=_("Den undertecknade överenskommelsen"),
        help_text=_("PDF, Word, OpenDocument, bild eller text. Typen kontrolleras."),
        error_messages={"required": _("Välj filen med överenskommelsen."), "empty": _("Filen är tom.")},
    )


class FilterForm(LotsForm):
    STATES = [
        ("", _("Utkast och gällande")),
        ("in_force", _("Gäller i dag")),
        ("review_overdue", _("Översynen är försenad")),
        ("no_assessment", _("Saknar rättslig bedömning")),
        ("draft", _("Utkast")),
        ("ended", _("Avslutade")),
        ("all", _("Alla, även avslutade")),
    ]

    q = forms.CharField(label=_("Sök"), max_length=100, required=False, help_text=_("I namn, område och parter."))
    unit = forms.ModelChoiceField(label=_("Gäller enhet"), queryset=Unit.objects.none(), required=False, empty_label=_("Alla"))
    state = forms.ChoiceField(label=_("Status"), choices=STATES, required=False)
    party_kind = forms.ChoiceField(
        label=_("Typ av part"), choices=[("", _("Alla"))] + list(AgreementParty.Kind.choices), required=False
    )
    mine = forms.BooleanField(label=_("Bara där jag är ansvarig"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label


class CollaborationFilterForm(LotsForm):
    unit = forms.ModelChoiceField(label=_("Gäller enhet"), queryset=Unit.objects.none(), required=False, empty_label=_("Alla"))
    missing = forms.BooleanField(label=_("Bara samverkan utan skriftlig överenskommelse"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
