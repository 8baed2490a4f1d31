from django import forms
from django.utils.translation import gettext_lazy as _

from lots.access import people_in
from lots.accounts.models import User
from lots.agreements.models import Agreement
from lots.core.forms import LotsForm, VersionedFormMixin, swedish_name
from lots.organisation.models import Unit
from lots.processes.models import Activity, CalendarRule, Collaboration, Law, Phase, Process, Responsibility, RoutineVersion

DATE_ERRORS = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}
MARKUP_HELP = _(
    "Skriv i vanlig text. Tom rad ger nytt stycke. Rubrik: ## Rubrik. Punktlista: - punkt. Numrerad lista: 1. steg. "
    "Fetstil: **ord**. Länk: [text](https://…). Inklistrad HTML rensas från allt som inte är text och enkel formatering."
)
MONTHS = [
    (1, _("januari")),
    (2, _("februari")),
    (3, _("mars")),
    (4, _("april")),
    (5, _("maj")),
    (6, _("juni")),
    (7, _("juli")),
    (8, _("augusti")),
    (9, _("september")),
    (10, _("oktober")),
    (11, _("november")),
    (12, _("december")),
]


def date_field(label, required=False, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )


def unit_label(unit: Unit) -> str:
    return ("– " * unit.depth) + unit.name


class UnitsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return swedish_name(unit_label(obj))


def _unit_queryset(allowed, current):
    ids = {u.pk for u in allowed} | {u.pk for u in current}
    return Unit.objects.filter(pk__in=ids).order_by("municipality__name", "path")


def no_collaboration_reason_field(help_text) -> forms.CharField:
    """Why a process or routine needs no collaboration (*samverkan*); the alternative to listing it (§1.1)."""
    return forms.CharField(
        label=_("Ingen samverkan behövs, därför att"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=help_text,
    )


class ProcessForm(VersionedFormMixin, LotsForm):
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=Process.Kind.choices)
    parent = forms.ModelChoiceField(
        label=_("Huvudprocess"),
        queryset=Process.objects.none(),
        required=False,
        help_text=_("Välj en huvudprocess om det här är en delprocess."),
    )
    purpose = forms.CharField(label=_("Syfte"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    starts_with = forms.CharField(
        label=_("Startar med"), max_length=300, required=False, help_text=_("Vad sätter igång processen?")
    )
    ends_with = forms.CharField(
        label=_("Slutar med"), max_length=300, required=False, help_text=_("Vad är resultatet när processen är klar?")
    )
    owner = forms.ModelChoiceField(
        label=_("Processägare"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Krävs innan processen fastställs."),
    )
    no_collaboration_reason = no_collaboration_reason_field(
        _("Fyll i om processen inte kräver samverkan. Annars lägger du till samverkan på processens sida.")
    )
    units = UnitsField(
        label=_("Enheter som äger processen"),
        queryset=Unit.objects.none(),
        error_messages={"required": _("Välj minst en enhet.")},
    )
    review_date = date_field(
        _("Nästa översyn"), help_text=_("Sätts till ett år fram när processen fastställs, om du inte väljer annat.")
    )

    def __init__(self, *args, allowed_units, current_units=(), parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _unit_queryset(allowed_units, current_units)
        self.fields["parent"].queryset = parents
        municipalities = {u.municipality_id for u in allowed_units} | {u.municipality_id for u in current_units}
        # A process owner is someone who may change processes (a manager or the quality coordinator).
        current = getattr(self.initial.get("owner"), "pk", self.initial.get("owner"))
        self.fields["owner"].queryset = people_in(municipalities, perm="process.change", also=[current])

    def clean_units(self):
        units = list(self.cleaned_data["units"])
        if len({u.municipality_id for u in units}) > 1:
            raise forms.ValidationError(_("Alla enheter måste höra till samma kommun."))
        return units


class EstablishForm(LotsForm):
    review_date = date_field(_("Nästa översyn"), required=True)


class ActivityForm(LotsForm):
    name = forms.CharField(label=_("Aktivitet"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    responsible_role = forms.CharField(
        label=_("Ansvarig roll"), max_length=120, required=False, help_text=_("Till exempel socialsekreterare eller enhetschef.")
    )


class CollaborationForm(LotsForm):
    partner = forms.CharField(
        label=_("Samverkanspart"), max_length=200, help_text=_("Till exempel skolan, polisen eller regionen.")
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=Collaboration.Kind.choices)
    activity = forms.ModelChoiceField(label=_("Gäller aktivitet"), queryset=Activity.objects.none(), required=False)
    purpose = forms.CharField(label=_("Vad samverkan gäller"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    linked_agreement = forms.ModelChoiceField(
        label=_("Skriftlig överenskommelse"),
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=_("Ingen skriftlig överenskommelse ännu"),
        help_text=_("Gällande överenskommelser och utkast i registret som gäller för enheterna."),
    )
    agreement = forms.CharField(
        label=_("Annan överenskommelse eller rutin"),
        max_length=300,
        required=False,
        help_text=_("Till exempel en rutin, om samverkan inte vilar på en skriftlig överenskommelse."),
    )

    def __init__(self, *args, process: Process | None = None, agreements=None, **kwargs):
        """For a process's collaboration, with the step it concerns; without ``process``, a routine's. ``agreements``
        are those it may rest on (lots.agreements.collaborations.linkable)."""
        super().__init__(*args, **kwargs)
        if process is None:
            del self.fields["activity"]
        else:
            self.fields["activity"].queryset = process.activities.order_by("position")
        if agreements is not None:
            self.fields["linked_agreement"].queryset = agreements


class RoutineForm(VersionedFormMixin, LotsForm):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Rutinägare"), queryset=User.objects.none())
    units = UnitsField(
        label=_("Gäller för enheter"),
        queryset=Unit.objects.none(),
        help_text=_("Rutinen gäller även enheterna under dem du väljer."),
        error_messages={"required": _("Välj minst en enhet.")},
    )
    processes = forms.ModelMultipleChoiceField(
        label=_("Processer"), queryset=Process.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Aktiviteter i processkartan"),
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Rutinen visas vid de steg du väljer i processkartan. Stegen visas för de processer som är valda när du sparar."
        ),
    )
    valid_from = date_field(_("Gäller från"))
    valid_until = date_field(_("Gäller till och med"))
    review_interval_months = forms.IntegerField(
        label=_("Översyn var (månader)"),
        min_value=1,
        max_value=60,
        initial=12,
        error_messages={
            "min_value": _("Ange minst en månad."),
            "max_value": _("Ange högst 60 månader."),
            "invalid": _("Skriv ett heltal."),
        },
    )
    no_collaboration_reason = no_collaboration_reason_field(
        _("Fyll i om rutinen inte kräver samverkan. Annars lägger du till samverkan på rutinens sida.")
    )

    def __init__(self, *args, allowed_units, current_units=(), processes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _unit_queryset(allowed_units, current_units)
        municipalities = {u.municipality_id for u in allowed_units} | {u.municipality_id for u in current_units}
        # A routine owner is someone who may change routines (a manager or the quality coordinator).
        current = getattr(self.initial.get("owner"), "pk", self.initial.get("owner"))
        self.fields["owner"].queryset = people_in(municipalities, perm="routine.change", also=[current])
        self.fields["processes"].queryset = processes
        # Steps are offered for the processes chosen (in the submitted form, or already linked).
        if self.is_bound:
            chosen = processes.filter(pk__in=[v for v in self.data.getlist("processes") if str(v).isdigit()])
        else:
            chosen = processes.filter(pk__in=[p.pk for p in self.initial.get("processes", [])])
        self.fields["activities"].queryset = (
            Activity.objects.filter(process__in=chosen).select_related("process").order_by("process__name", "position")
        )
        self.fields["activities"].label_from_instance = lambda a: f"{a.process.name}: {a.position}. {a.name}"

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("Slutdatumet kan inte vara före startdatumet."))
        units = data.get("units") or []
        if len({u.municipality_id for u in units}) > 1:
            self.add_error("units", _("Alla enheter måste höra till samma kommun."))
        return data


class RoutineCreateForm(RoutineForm):
    field_order = [
        "title",
        "body",
        "owner",
        "units",
        "processes",
        "activities",
        "valid_from",
        "valid_until",
        "review_interval_months",
        "no_collaboration_reason",
    ]
    body = forms.CharField(
        label=_("Rutinens text"), widget=forms.Textarea(attrs={"rows": 16}), required=False, help_text=MARKUP_HELP
    )


class RoutineEditForm(RoutineForm):
    review_date = date_field(_("Nästa översyn"))


class DraftForm(VersionedFormMixin, LotsForm):
    body = forms.CharField(
        label=_("Rutinens text"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=MARKUP_HELP,
        error_messages={"required": _("Rutinen behöver en text.")},
    )
    change_summary = forms.CharField(
        label=_("Vad har ändrats"),
        max_length=300,
        required=False,
        help_text=_('En mening som läsarna ser, till exempel "Ny tidsfrist för skyddsbedömning".'),
    )


class LawForm(VersionedFormMixin, LotsForm):
    collection = forms.ChoiceField(label=_("Författningssamling"), choices=Law.Collection.choices)
    number = forms.CharField(label=_("Nummer"), max_length=30, help_text=_("Till exempel 2025:400."))
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    short_name = forms.CharField(label=_("Förkortning"), max_length=40, required=False)
    description = forms.CharField(label=_("Kort beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    units = UnitsField(
        label=_("Gäller för enheter"), queryset=Unit.objects.none(), error_messages={"required": _("Välj minst en enhet.")}
    )
    processes = forms.ModelMultipleChoiceField(
        label=_("Processer"), queryset=Process.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    in_force_from = date_field(_("Gäller från"))
    repealed_on = date_field(_("Upphävd från"))
    replaced_by = forms.ModelChoiceField(label=_("Ersatt av"), queryset=Law.objects.none(), required=False)

    def __init__(self, *args, allowed_units, current_units=(), processes, laws, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _unit_queryset(allowed_units, current_units)
        self.fields["processes"].queryset = processes
        self.fields["replaced_by"].queryset = laws

    def clean(self):
        data = super().clean()
        if data.get("in_force_from") and data.get("repealed_on") and data["repealed_on"] < data["in_force_from"]:
            self.add_error("repealed_on", _("En författning kan inte upphävas innan den börjar gälla."))
        return data


class ResponsibilityForm(VersionedFormMixin, LotsForm):
    role = forms.ChoiceField(label=_("Roll"), choices=Responsibility._meta.get_field("role").choices)
    phase = forms.ChoiceField(label=_("Fas"), choices=Phase.choices)
    text = forms.CharField(label=_("Ansvar"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.CharField(
        label=_("Källa"),
        max_length=200,
        required=False,
        help_text=_("Till exempel ett beslut eller ett avsnitt i ledningssystemet."),
    )


class CalendarRuleForm(VersionedFormMixin, LotsForm):
    title = forms.CharField(label=_("Vad"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    unit = forms.ModelChoiceField(label=_("Gäller för"), queryset=Unit.objects.none())
    per_unit_kind = forms.ChoiceField(
        label=_("En uppgift per"),
        required=False,
        choices=[("", _("Bara enheten ovan"))] + list(Unit.Kind.choices),
        help_text=_("Till exempel en riskanalys per avdelning."),
    )
    month = forms.TypedChoiceField(label=_("Månad"), choices=MONTHS, coerce=int)
    day = forms.IntegerField(
        label=_("Dag"),
        min_value=1,
        max_value=31,
        initial=1,
        help_text=_("Finns inte dagen i månaden blir det månadens sista dag."),
        error_messages={
            "min_value": _("Ange en dag mellan 1 och 31."),
            "max_value": _("Ange en dag mellan 1 och 31."),
            "invalid": _("Skriv ett heltal."),
        },
    )
    recurrence = forms.ChoiceField(label=_("Återkommer"), choices=CalendarRule.Recurrence.choices)
    responsible_role = forms.ChoiceField(
        label=_("Ansvarig roll"), choices=CalendarRule._meta.get_field("responsible_role").choices
    )
    phase = forms.ChoiceField(label=_("Fas i förbättringshjulet"), choices=Phase.choices)
    remind_days_before = forms.IntegerField(
        label=_("Påminn dagar före"),
        min_value=0,
        max_value=120,
        initial=14,
        error_messages={
            "min_value": _("Ange 0–120 dagar."),
            "max_value": _("Ange 0–120 dagar."),
            "invalid": _("Skriv ett heltal."),
        },
    )
    active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)
    source = forms.CharField(label=_("Källa"), max_length=200, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label


class TaskDoneForm(LotsForm):
    note = forms.CharField(label=_("Kommentar"), max_length=500, required=False)


class SearchForm(LotsForm):
    q = forms.CharField(label=_("Sök i processer och rutiner"), max_length=200, required=False)


class RoutineFilterForm(LotsForm):
    q = forms.CharField(label=_("Sök"), max_length=200, required=False)
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none(), required=False, empty_label=_("Alla"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alla")),
            ("established", _("Fastställd")),
            ("draft", _("Bara utkast")),
            ("review", _("Översyn förfaller")),
        ],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label


class LawFilterForm(LotsForm):
    unit = forms.ModelChoiceField(
        label=_("Gäller för enhet"), queryset=Unit.objects.none(), required=False, empty_label=_("Alla")
    )
    repealed = forms.BooleanField(label=_("Visa även upphävda"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label


def draft_initial(draft: RoutineVersion) -> dict:
    return {"body": draft.body_source, "change_summary": draft.change_summary}
