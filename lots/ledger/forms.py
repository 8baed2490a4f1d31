from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.forms import LotsForm, VersionedFormMixin
from lots.ledger.amounts import KronorField
from lots.ledger.models import RECEIPT_REQUIRED_ABOVE, LedgerTask
from lots.lib.integrity import CODE as INTEGRITY_CODE

DATE = {"type": "date"}
DATE_ERRORS = {"required": _("Skriv ett datum."), "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}


class IntegrityAnswerMixin:
    """The answer to the integrity guard: a hidden field that becomes a checkbox once the guard has warned."""

    def add_integrity_field(self) -> None:
        self.fields["integrity_confirmed"] = forms.BooleanField(
            label=_("Spara texten som den står"),
            help_text=_("Texten kan innehålla namn eller personnummer. Kryssa i bara om uppgifterna behövs där."),
            required=False,
            widget=forms.HiddenInput,
        )

    def add_error(self, field, error):
        super().add_error(field, error)
        if "integrity_confirmed" in self.fields and any(
            e.code == INTEGRITY_CODE for errors in self.errors.as_data().values() for e in errors
        ):
            self.fields["integrity_confirmed"].widget = forms.CheckboxInput()


class LedgerFilterForm(LotsForm):
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=None, required=False, empty_label=_("Alla enheter"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Pågående")), ("closed", _("Avslutade")), ("all", _("Alla"))],
    )
    attention = forms.ChoiceField(
        label=_("Visa bara"),
        required=False,
        choices=[
            ("", _("Alla förmedlingar")),
            ("unattested", _("Med poster att attestera")),
            ("overdue", _("Med försenad avstämning")),
            ("tasks", _("Med öppna uppgifter")),
        ],
    )
    year = forms.IntegerField(label=_("Pågick under år"), required=False, min_value=2000, max_value=2999)
    q = forms.CharField(label=_("Klientreferens"), required=False, max_length=40)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class LedgerForm(IntegrityAnswerMixin, LotsForm):
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=None, error_messages={"required": _("Välj en enhet.")})
    reference = forms.CharField(
        label=_("Klientreferens"),
        max_length=40,
        help_text=_("En pseudonym ärendereferens, t.ex. EM-2026-014. Aldrig namn eller personnummer."),
    )
    purpose = forms.CharField(
        label=_("Vad medlen används till"),
        max_length=300,
        required=False,
        help_text=_("T.ex. fickpengar, hyra och räkningar."),
    )
    opened_on = forms.DateField(label=_("Förvaltningen började"), widget=forms.DateInput(attrs=DATE), error_messages=DATE_ERRORS)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["opened_on"].initial = timezone.localdate()
        self.add_integrity_field()


class LedgerEditForm(IntegrityAnswerMixin, VersionedFormMixin, LotsForm):
    reference = LedgerForm.base_fields["reference"]
    purpose = LedgerForm.base_fields["purpose"]

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(version)
        self.add_integrity_field()


class CloseForm(VersionedFormMixin, LotsForm):
    closed_on = forms.DateField(label=_("Avslutades"), widget=forms.DateInput(attrs=DATE), error_messages=DATE_ERRORS)

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(version)
        self.fields["closed_on"].initial = timezone.localdate()


class EntryForm(IntegrityAnswerMixin, LotsForm):
    direction = forms.ChoiceField(
        label=_("Pengar"),
        choices=[("in", _("In (insättning)")), ("out", _("Ut (utbetalning eller inköp)"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om pengarna kommer in eller går ut.")},
    )
    amount = KronorField(label=_("Belopp i kronor"), help_text=_("T.ex. 1 250,50."))
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs=DATE), error_messages=DATE_ERRORS)
    description = forms.CharField(
        label=_("Beskrivning"), max_length=200, help_text=_("T.ex. fickpengar vecka 23, inköp av kläder.")
    )
    receipt = forms.FileField(
        label=_("Kvitto"),
        required=False,
        help_text=_("PDF eller bild. Krävs för utbetalningar över %(limit)s kr.") % {"limit": RECEIPT_REQUIRED_ABOVE // 100},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.add_integrity_field()

    def signed_amount(self) -> int:
        amount = self.cleaned_data["amount"]
        return -amount if self.cleaned_data["direction"] == "out" else amount


class ReconciliationForm(IntegrityAnswerMixin, LotsForm):
    period = forms.DateField(
        label=_("Månad"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        error_messages={"required": _("Välj månaden."), "invalid": _("Skriv månaden som ÅÅÅÅ-MM.")},
    )
    counted_on = forms.DateField(label=_("Räknat den"), widget=forms.DateInput(attrs=DATE), error_messages=DATE_ERRORS)
    counted = KronorField(label=_("Räknat belopp i kronor"), allow_zero=True, help_text=_("Kontanterna eller kontots saldo."))
    explanation = forms.CharField(
        label=_("Förklaring av differensen"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs när det räknade beloppet skiljer sig från saldot."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["counted_on"].initial = today
        self.fields["period"].initial = today.replace(day=1)
        self.add_integrity_field()


class TaskResolveForm(IntegrityAnswerMixin, LotsForm):
    outcome = forms.CharField(
        label=_("Vad som gjordes"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv vad som gjordes.")},
    )

    def __init__(self, *args, task: LedgerTask, **kwargs):
        kwargs.setdefault("prefix", f"task{task.pk}")
        super().__init__(*args, **kwargs)
        self.add_integrity_field()


class PeriodForm(LotsForm):
    start = forms.DateField(label=_("Från"), widget=forms.DateInput(attrs=DATE), error_messages=DATE_ERRORS)
    end = forms.DateField(label=_("Till"), widget=forms.DateInput(attrs=DATE), error_messages=DATE_ERRORS)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("Slutdatumet ska vara samma dag som startdatumet eller senare."))
        return data


class BaseAmountForm(LotsForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2999)
    amount = forms.IntegerField(label=_("Prisbasbelopp (hela kronor)"), min_value=1, max_value=10_000_000)
