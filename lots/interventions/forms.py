"""Forms of the intervention register, its participants and the changed-needs reports; filters of its lists."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm, VersionedFormMixin
from lots.interventions.models import Intervention, NeedsReport, Participant
from lots.organisation.models import Provider, Unit
from lots.requirements.models import Contract

CHOOSE = _("Välj ett av alternativen i listan.")
DATE = forms.DateInput(attrs={"type": "date"})


def _choice(label, choices, *, required=True, initial=None):
    return forms.ChoiceField(
        label=label, choices=choices, required=required, initial=initial, error_messages={"invalid_choice": CHOOSE}
    )


def _model_choice(label, queryset, *, required=True, empty_label="---------", help_text=""):
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        empty_label=empty_label,
        help_text=help_text,
        error_messages={"invalid_choice": CHOOSE, "required": _("Välj ett alternativ.")},
    )


def _integrity_field():
    return forms.BooleanField(
        label=_("Spara texten som den står"),
        help_text=_("Kryssa bara i om du har kontrollerat att texten inte namnger andra personer."),
        required=False,
    )


class InterventionForm(VersionedFormMixin, LotsForm):
    unit = _model_choice(_("Enhet"), Unit.objects.none())
    name = forms.CharField(label=_("Namn"), max_length=160)
    kind = _choice(_("Typ av insats"), Intervention.Kind.choices, initial=Intervention.Kind.GROUP)
    description = forms.CharField(
        label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 4}), help_text=Intervention.description.field.help_text
    )
    target_group = forms.CharField(label=_("Målgrupp"), max_length=200)
    provider = _model_choice(
        _("Extern utförare"),
        Provider.objects.none(),
        required=False,
        empty_label=_("Ingen – enheten ger insatsen själv"),
    )
    contract = _model_choice(
        _("Avtal"),
        Contract.objects.none(),
        required=False,
        empty_label=_("Inget avtal"),
        help_text=_("En extern insats kan bara erbjudas med ett gällande avtal med utföraren."),
    )
    keeps_participant_data = forms.BooleanField(
        label=_("Insatsen för deltagarregister"),
        required=False,
        help_text=Intervention.keeps_participant_data.field.help_text,
    )

    def __init__(self, *args, units, providers, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["provider"].queryset = providers
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = lambda c: f"{c.title} ({c.provider.name})"


class ConfirmForm(VersionedFormMixin, LotsForm):
    """A row action that only carries the version (offer, end, confirm)."""

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(version)


class ParticipantForm(VersionedFormMixin, LotsForm):
    """The participant's reference, the consent and the data fields it covers. A field filled in that the consent does
    not cover is refused by the service at that field; nothing typed is dropped."""

    reference = forms.CharField(label=_("Referens"), max_length=40, help_text=Participant.reference.field.help_text)
    consent_given_on = forms.DateField(label=_("Samtycke lämnat"), widget=DATE)
    consent_method = _choice(_("Hur samtycket lämnades"), Participant.ConsentMethod.choices)
    consent_given_by = _choice(_("Samtycke lämnat av"), Participant.ConsentGiver.choices)
    consent_name = forms.BooleanField(label=_("Samtycket omfattar namn"), required=False)
    consent_contact = forms.BooleanField(label=_("Samtycket omfattar kontaktuppgifter"), required=False)
    consent_notes = forms.BooleanField(label=_("Samtycket omfattar anteckningar"), required=False)
    started_on = forms.DateField(label=_("Började"), widget=DATE)
    name = forms.CharField(label=_("Namn"), max_length=120, required=False)
    contact = forms.CharField(
        label=_("Kontaktuppgifter"), max_length=200, required=False, help_text=Participant.contact.field.help_text
    )
    notes = forms.CharField(label=_("Anteckningar"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    integrity_confirmed = _integrity_field()

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["reference"]
            del self.fields["started_on"]
        else:
            today = timezone.localdate()
            self.fields["consent_given_on"].initial = today
            self.fields["started_on"].initial = today


class EndForm(VersionedFormMixin, LotsForm):
    ended_on = forms.DateField(label=_("Slutade"), widget=DATE)
    end_reason = _choice(
        _("Anledning"), [c for c in Participant.EndReason.choices if c[0] != Participant.EndReason.CHANGED_NEEDS]
    )

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()
        self.add_version_field(version)


class WithdrawForm(LotsForm):
    confirm = forms.BooleanField(
        label=_("Deltagaren har återkallat sitt samtycke. Radera deltagarens uppgifter i insatsen."),
        error_messages={"required": _("Kryssa i rutan för att radera uppgifterna.")},
    )


class NeedsReportForm(VersionedFormMixin, LotsForm):
    to_unit = _model_choice(
        _("Till enhet"),
        Unit.objects.none(),
        help_text=_("Den enhet som utövar myndighet och ska göra den individuella bedömningen."),
    )
    kind = _choice(_("Typ"), NeedsReport.Kind.choices)
    grounds = forms.CharField(
        label=_("Vad som har kommit fram"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=NeedsReport.grounds.field.help_text,
    )
    integrity_confirmed = _integrity_field()

    def __init__(self, *args, units, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units
        self.add_version_field(version)


# --- Filters --------------------------------------------------------------------------------------------------

CONTRACT_FILTER = [("", _("Alla")), ("saknas", _("Extern utan gällande avtal")), ("finns", _("Med avtal eller egen regi"))]
RUN_BY = [("", _("Alla")), ("egen", _("Egen regi")), ("extern", _("Extern utförare"))]


class InterventionFilterForm(LotsForm):
    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    status = _choice(_("Status"), [("", _("Alla")), *Intervention.Status.choices], required=False)
    regi = _choice(_("Utförs av"), RUN_BY, required=False)
    avtal = _choice(_("Avtal"), CONTRACT_FILTER, required=False)
    enhet = _model_choice(_("Enhet"), Unit.objects.none(), required=False, empty_label=_("Alla"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["enhet"].queryset = units


class OfferFilterForm(LotsForm):
    q = forms.CharField(label=_("Sök på namn eller målgrupp"), required=False, max_length=100)
    typ = _choice(_("Typ av insats"), [("", _("Alla")), *Intervention.Kind.choices], required=False)


class ParticipantFilterForm(LotsForm):
    insats = _model_choice(_("Serviceinsats"), Intervention.objects.none(), required=False, empty_label=_("Alla"))
    status = _choice(_("Status"), [("", _("Alla")), *Participant.Status.choices], required=False)

    def __init__(self, *args, interventions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if interventions is not None:
            self.fields["insats"].queryset = interventions


class ReportFilterForm(LotsForm):
    enhet = _model_choice(_("Från enhet"), Unit.objects.none(), required=False, empty_label=_("Alla"))
    visa = _choice(
        _("Visa"),
        [("", _("Alla")), ("obekraftade", _("Väntar på bekräftelse")), ("bekraftade", _("Bekräftade"))],
        required=False,
    )
    ar = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"min_value": _("Ange ett år från 2000."), "max_value": _("Ange ett år till och med 2100.")},
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["enhet"].queryset = units


class CountFilterForm(LotsForm):
    enhet = _model_choice(_("Enhet"), Unit.objects.none(), required=False, empty_label=_("Alla"))
    ar = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"min_value": _("Ange ett år från 2000."), "max_value": _("Ange ett år till och med 2100.")},
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["enhet"].queryset = units
