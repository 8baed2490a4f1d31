from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots import access
from lots.accounts.models import Role, User
from lots.core.forms import LotsForm, SwedishNamesSelect, VersionedFormMixin
from lots.deviations.guard import IntegrityConfirmationForm
from lots.organisation.models import Municipality, Provider, Unit
from lots.requirements.importer.extract import FORMATS
from lots.requirements.models import Assessment, Catalogue, CatalogueVersion, Contract, FollowUp, Requirement

DATE_ERRORS = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}
ALLOWED_SUFFIXES = ".md, .markdown, .docx, .pdf, .txt, .yaml, .yml"


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )


# The roles that follow a contract up (lots.requirements.forms.ContractForm).
CONTRACT_FOLLOWERS = frozenset({Role.KVALITETSSAMORDNARE, Role.FORVALTNINGSCHEF, Role.AVDELNINGSCHEF, Role.ENHETSCHEF})


def leads_of(municipality: Municipality, also=()):
    """Who leads a follow-up or follows a contract up: a line manager or the quality coordinator (and ``also``, the
    one already chosen)."""
    return access.people_in([municipality], roles=CONTRACT_FOLLOWERS, also=[getattr(p, "pk", p) for p in also])


def staff_of(municipality: Municipality):
    """People with a role on a unit in the municipality: those who can lead or join a follow-up."""
    return access.people_in([municipality])


class MunicipalityChoiceMixin:
    def add_municipality_field(self, municipalities: list[Municipality]) -> None:
        if len(municipalities) > 1:
            self.fields["municipality"] = forms.ModelChoiceField(
                label=_("Kommun"), queryset=Municipality.objects.filter(pk__in=[m.pk for m in municipalities])
            )


# --- Import --------------------------------------------------------------------------


class ImportUploadForm(MunicipalityChoiceMixin, LotsForm):
    document = forms.FileField(
        label=_("Kravdokument"),
        help_text=_("Markdown, Word (.docx), PDF eller text. Du får granska och rätta resultatet innan något sparas."),
        error_messages={"required": _("Välj dokumentet som ska läsas in."), "empty": _("Filen är tom.")},
        widget=forms.ClearableFileInput(attrs={"accept": ALLOWED_SUFFIXES}),
    )

    def __init__(self, *args, municipalities: list[Municipality], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_municipality_field(municipalities)


class ImportPreviewForm(LotsForm):
    """The parsed document as fields: catalogue facts, each section's title and each requirement, all editable."""

    NEW = "new"

    title = forms.CharField(label=_("Titel"), max_length=200)
    issuer = forms.CharField(label=_("Utfärdare"), max_length=200, required=False)
    version_label = forms.CharField(label=_("Version"), max_length=40, required=False)
    issued_on = _date_field(_("Datum"), required=False)
    target = forms.ChoiceField(label=_("Spara som"))

    def __init__(self, *args, data_tree: dict, catalogues: list[Catalogue], suggested: Catalogue | None, **kwargs):
        self.tree = data_tree
        initial = {
            "title": data_tree.get("title", ""),
            "issuer": data_tree.get("issuer", ""),
            "version_label": data_tree.get("version", ""),
            "issued_on": data_tree.get("date") or None,
            "target": str(suggested.pk) if suggested else self.NEW,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["target"].choices = [(self.NEW, _("En ny kravkatalog"))] + [
            (str(c.pk), _("Ny version av ”%(title)s”") % {"title": c.title}) for c in catalogues
        ]
        self.sections: list[dict] = []
        counter = {"section": 0, "requirement": 0}
        for section in data_tree.get("sections", []):
            self._add_section(section, 0, counter)

    def _add_section(self, section: dict, depth: int, counter: dict) -> None:
        index = counter["section"]
        counter["section"] += 1
        name = f"s{index}-title"
        self.fields[name] = forms.CharField(
            label=_("Avsnitt %(n)s, rubrik") % {"n": index + 1}, max_length=255, initial=section["title"]
        )
        entry = {
            "field": name,
            "depth": depth,
            "number": section.get("number", ""),
            "description": section.get("description", ""),
            "requirements": [],
            "source": section,
            "children": [],
        }
        for position, requirement in enumerate(section.get("requirements", []), start=1):
            r = counter["requirement"]
            counter["requirement"] += 1
            prefix = f"r{r}"
            self.fields[f"{prefix}-text"] = forms.CharField(
                label=_("Kravtext"), widget=forms.Textarea(attrs={"rows": 3}), initial=requirement["text"], required=False
            )
            self.fields[f"{prefix}-strength"] = forms.ChoiceField(
                label=_("Styrka"), choices=Requirement.Strength.choices, initial=requirement["strength"]
            )
            self.fields[f"{prefix}-binds"] = forms.ChoiceField(
                label=_("Gäller"), choices=Requirement.Binds.choices, initial=requirement.get("binds", "both")
            )
            self.fields[f"{prefix}-references"] = forms.CharField(
                label=_("Hänvisningar"),
                required=False,
                max_length=500,
                initial="; ".join(requirement.get("references", [])),
                help_text=_("Skilj flera med semikolon."),
            )
            self.fields[f"{prefix}-delete"] = forms.BooleanField(label=_("Ta bort kravet"), required=False)
            entry["requirements"].append({"prefix": prefix, "position": position})
        self.sections.append(entry)
        for child in section.get("sections", []):
            self._add_section(child, depth + 1, counter)

    def rows(self):
        """Sections in order with their bound fields, for the template."""
        for entry in self.sections:
            yield {
                "index": entry["field"].split("-")[0][1:],
                "title": self[entry["field"]],
                "depth": entry["depth"],
                "number": entry["number"],
                "description": entry["description"],
                "requirements": [
                    {
                        "index": r["prefix"][1:],
                        "position": r["position"],
                        "text": self[f"{r['prefix']}-text"],
                        "strength": self[f"{r['prefix']}-strength"],
                        "binds": self[f"{r['prefix']}-binds"],
                        "references": self[f"{r['prefix']}-references"],
                        "delete": self[f"{r['prefix']}-delete"],
                    }
                    for r in entry["requirements"]
                ],
            }

    def clean(self):
        cleaned = super().clean()
        for entry in self.sections:
            for r in entry["requirements"]:
                prefix = r["prefix"]
                if not cleaned.get(f"{prefix}-delete") and not (cleaned.get(f"{prefix}-text") or "").strip():
                    self.add_error(f"{prefix}-text", _("Skriv kravets text eller markera att kravet ska tas bort."))
        return cleaned

    def _typed(self, name: str, fallback):
        """What the person typed in a field, checked by the field when it can be; else the value it had."""
        if not self.is_bound:
            return fallback
        field = self.fields[name]
        raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        try:
            value = field.clean(raw)
        except forms.ValidationError:
            return raw if isinstance(raw, str) and name.endswith(("-text", "-title", "-references")) else fallback
        if isinstance(value, str) and name.endswith("-text"):
            return raw.replace("\r\n", "\n") if isinstance(raw, str) else value  # line breaks mark where to split
        return value

    def typed_tree(self) -> dict:
        """The document's dictionary with everything typed so far, valid or not, for a structure repair."""
        counter = {"section": 0, "requirement": 0}

        def section(raw: dict) -> dict:
            index = counter["section"]
            counter["section"] += 1
            requirements = []
            for original in raw.get("requirements", []):
                prefix = f"r{counter['requirement']}"
                counter["requirement"] += 1
                if self._typed(f"{prefix}-delete", False):
                    continue
                references = self._typed(f"{prefix}-references", "; ".join(original.get("references", [])))
                requirements.append(
                    {
                        "text": self._typed(f"{prefix}-text", original["text"]) or "",
                        "strength": self._typed(f"{prefix}-strength", original["strength"]),
                        "binds": self._typed(f"{prefix}-binds", original.get("binds", "both")),
                        "references": [part.strip() for part in (references or "").split(";") if part.strip()],
                    }
                )
            return {
                "number": raw.get("number", ""),
                "title": self._typed(f"s{index}-title", raw["title"]) or raw["title"],
                "description": raw.get("description", ""),
                "references": raw.get("references") or [],
                "requirements": requirements,
                "sections": [section(child) for child in raw.get("sections", [])],
            }

        tree = dict(self.tree)
        issued_on = self._typed("issued_on", None)
        tree.update(
            title=self._typed("title", self.tree.get("title", "")),
            issuer=self._typed("issuer", self.tree.get("issuer", "")),
            version=self._typed("version_label", self.tree.get("version", "")),
            date=issued_on.isoformat() if issued_on else self.tree.get("date"),
            sections=[section(s) for s in self.tree.get("sections", [])],
        )
        return tree

    def corrected_tree(self) -> dict:
        """The document's dictionary with the person's corrections applied (for the services)."""
        data = self.cleaned_data
        counter = {"section": 0, "requirement": 0}

        def section(raw: dict) -> dict:
            index = counter["section"]
            counter["section"] += 1
            requirements = []
            for _raw_requirement in raw.get("requirements", []):
                prefix = f"r{counter['requirement']}"
                counter["requirement"] += 1
                if data.get(f"{prefix}-delete"):
                    continue
                references = [part.strip() for part in (data.get(f"{prefix}-references") or "").split(";") if part.strip()]
                requirements.append(
                    {
                        "text": data[f"{prefix}-text"],
                        "strength": data[f"{prefix}-strength"],
                        "binds": data[f"{prefix}-binds"],
                        "references": references,
                    }
                )
            out = {
                "number": raw.get("number", ""),
                "title": data[f"s{index}-title"],
                "description": raw.get("description", ""),
                "references": raw.get("references"),
                "requirements": requirements,
            }
            out["sections"] = [section(child) for child in raw.get("sections", [])]
            return out

        tree = dict(self.tree)
        tree.update(
            title=data["title"],
            issuer=data["issuer"],
            version=data["version_label"],
            date=data["issued_on"],
            sections=[section(s) for s in self.tree.get("sections", [])],
        )
        return tree


def format_label(fmt: str) -> str:
    return FORMATS.get(fmt, fmt)


# --- Contracts -----------------------------------------------------------------------


class ContractForm(VersionedFormMixin, LotsForm):
    provider = forms.ModelChoiceField(label=_("Utförare"), queryset=Provider.objects.none())
    title = forms.CharField(
        label=_("Avtal"), max_length=200, help_text=_("Till exempel ”Stöd till barn och familj som service”.")
    )
    reference = forms.CharField(label=_("Avtalsnummer"), max_length=60, required=False)
    scope = forms.CharField(
        label=_("Omfattning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vilka insatser avtalet gäller, för vilka och i vilken volym."),
    )
    starts_on = _date_field(_("Gäller från"))
    ends_on = _date_field(_("Gäller till och med"), required=False)
    annual_cost = forms.DecimalField(
        label=_("Kostnad per år (kr)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=0,
        error_messages={"invalid": _("Skriv beloppet i hela kronor, utan mellanslag.")},
    )
    cost_terms = forms.CharField(
        label=_("Ersättning"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Till exempel pris per timme, indexering och fakturering."),
    )
    quality_levels = forms.CharField(
        label=_("Kvalitetsnivåer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nivåer som avtalet utlovar, till exempel bemanning, tillgänglighet och svarstider."),
        error_messages={"required": _("Ange de kvalitetsnivåer som avtalet utlovar.")},
    )
    responsible_unit = forms.ModelChoiceField(label=_("Beställande enhet"), queryset=Unit.objects.none())
    follow_up_by = forms.ModelChoiceField(
        label=_("Följs upp av"),
        queryset=User.objects.none(),
        help_text=_("En chef eller kvalitetssamordnare i kommunen."),
        error_messages={"required": _("Välj vem som följer upp avtalet.")},
    )
    catalogue = forms.ModelChoiceField(
        label=_("Kravkatalog"),
        queryset=Catalogue.objects.none(),
        required=False,
        help_text=_("De kvalitetskrav som gäller enligt avtalet."),
    )
    police_check_on = _date_field(
        _("Senaste kontroll i belastningsregistret"),
        required=False,
        help_text=_("Gäller idéburna utförare: när personalens utdrag senast kontrollerades."),
    )
    social_check_on = _date_field(
        _("Senaste kontroll i socialtjänstens register"), required=False, help_text=_("Gäller idéburna utförare.")
    )
    check_interval_months = forms.IntegerField(label=_("Kontroll med intervall (månader)"), min_value=1, max_value=60, initial=12)

    def __init__(self, *args, municipality: Municipality, providers, catalogues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["responsible_unit"].queryset = Unit.objects.open().filter(municipality=municipality)
        self.fields["responsible_unit"].label_from_instance = lambda u: ("– " * u.depth) + u.name
        # Who follows a contract up: a line manager or the quality coordinator, not every person in the municipality;
        # the present one stays choosable when editing.
        self.fields["follow_up_by"].queryset = leads_of(municipality, also=[self.initial.get("follow_up_by")])
        self.fields["catalogue"].queryset = catalogues

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            self.add_error("ends_on", _("Avtalet kan inte sluta innan det börjar."))
        if cleaned.get("annual_cost") is None and not cleaned.get("cost_terms", "").strip() and "annual_cost" not in self.errors:
            self.add_error("cost_terms", _("Ange vad avtalet kostar: kostnad per år eller ersättningen."))
        return cleaned


# --- Follow-ups ------------------------------------------------------------------------


class FollowUpFilterForm(LotsForm):
    """The follow-up list's filter; ``providers`` are the providers the person may choose among."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla")), *FollowUp.Status.choices],
        error_messages={"invalid_choice": _("Välj ett av alternativen i listan.")},
    )
    provider = forms.ModelChoiceField(
        label=_("Utförare"),
        required=False,
        queryset=Provider.objects.none(),
        empty_label=_("Alla"),
        error_messages={"invalid_choice": _("Välj ett av alternativen i listan.")},
    )

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is not None:
            self.fields["provider"].queryset = providers


class DemandedActionFilterForm(LotsForm):
    """The demanded-action list's choice: the open ones (the default) or all of them."""

    visa = forms.ChoiceField(
        label=_("Visa"),
        required=False,
        choices=[("oppna", _("Bara öppna")), ("alla", _("Även stängda"))],
        error_messages={"invalid_choice": _("Välj ett av alternativen i listan.")},
    )


class FollowUpForm(VersionedFormMixin, LotsForm):
    target = forms.ChoiceField(
        label=_("Vem följs upp"),
        error_messages={"invalid_choice": _("Välj en utförare eller enhet i listan."), "required": _("Välj vem som följs upp.")},
    )
    contract = forms.ModelChoiceField(label=_("Avtal"), queryset=Contract.objects.none(), required=False)
    catalogue_version = forms.ModelChoiceField(label=_("Kravkatalog"), queryset=CatalogueVersion.objects.none())
    title = forms.CharField(label=_("Rubrik"), max_length=200, help_text=_("Till exempel ”Kvalitetsuppföljning 2026”."))
    period_start = _date_field(_("Period från"))
    period_end = _date_field(_("Period till"))
    methods = forms.MultipleChoiceField(
        label=_("Metoder"),
        choices=FollowUp.Method.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en metod.")},
    )
    self_assessment_due = _date_field(
        _("Självskattning senast"),
        required=False,
        help_text=_("Om utföraren gör en självskattning: sista dag att skicka in den."),
    )
    lead = forms.ModelChoiceField(label=_("Ansvarig"), queryset=User.objects.none())
    team = forms.ModelMultipleChoiceField(
        label=_("Uppföljningsgrupp"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Övriga som deltar. Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )
    responsible_unit = forms.ModelChoiceField(
        label=_("Ansvarig enhet"), queryset=Unit.objects.none(), help_text=_("Den enhet i kommunen som gör uppföljningen.")
    )

    def __init__(
        self,
        *args,
        municipality: Municipality,
        providers=None,
        units=None,
        contracts=None,
        versions=None,
        editing: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        staff = staff_of(municipality)
        # The lead of a follow-up is a manager or the quality coordinator; anyone may join its group.
        self.fields["lead"].queryset = leads_of(municipality, also=[self.initial.get("lead")])
        self.fields["team"].queryset = staff
        self.fields["responsible_unit"].queryset = Unit.objects.open().filter(municipality=municipality)
        self.fields["responsible_unit"].label_from_instance = lambda u: ("– " * u.depth) + u.name
        if editing:
            for name in ("target", "contract", "catalogue_version"):
                del self.fields[name]
            return
        # Providers' and units' names are Swedish on every page (lang="sv" on English ones).
        self.fields["target"].widget = SwedishNamesSelect()
        self.fields["target"].choices = [("", "–")] + [
            (str(_("Externa utförare")), [(f"p{p.pk}", p.name) for p in providers]),
            (str(_("Egen regi")), [(f"u{u.pk}", ("– " * u.depth) + u.name) for u in units]),
        ]
        self.fields["contract"].queryset = contracts
        self.fields["catalogue_version"].queryset = versions
        self.fields["catalogue_version"].label_from_instance = lambda v: f"{v.catalogue.title}, {v.display_label}"
        self._providers = {p.pk: p for p in providers}
        self._units = {u.pk: u for u in units}

    def clean_target(self):
        value = self.cleaned_data["target"]
        kind, pk = value[:1], value[1:]
        pool = self._providers if kind == "p" else self._units if kind == "u" else {}
        try:
            return pool[int(pk)]
        except (KeyError, ValueError):
            raise forms.ValidationError(_("Välj en utförare eller enhet i listan.")) from None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Perioden kan inte sluta innan den börjar."))
        methods = cleaned.get("methods") or []
        if cleaned.get("self_assessment_due") and FollowUp.Method.SELF_ASSESSMENT not in methods:
            self.add_error("self_assessment_due", _("Behövs bara när utföraren gör en självskattning."))
        target = cleaned.get("target")
        if FollowUp.Method.SELF_ASSESSMENT in methods and isinstance(target, Unit):
            self.add_error("methods", _("Självskattning görs av externa utförare; välj en annan metod för en enhet i egen regi."))
        contract = cleaned.get("contract")
        if (
            contract is not None
            and target is not None
            and (not isinstance(target, Provider) or contract.provider_id != target.pk)
        ):
            self.add_error("contract", _("Avtalet gäller en annan utförare."))
        return cleaned


class ReFollowUpForm(LotsForm):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    period_start = _date_field(_("Period från"))
    period_end = _date_field(_("Period till"))
    methods = forms.MultipleChoiceField(
        label=_("Metoder"),
        choices=[c for c in FollowUp.Method.choices if c[0] != FollowUp.Method.SELF_ASSESSMENT],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en metod.")},
    )
    lead = forms.ModelChoiceField(label=_("Ansvarig"), queryset=User.objects.none())

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads_of(municipality)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period_start") and cleaned.get("period_end") and cleaned["period_end"] < cleaned["period_start"]:
            self.add_error("period_end", _("Perioden kan inte sluta innan den börjar."))
        return cleaned


ASSESS_CHOICES = list(Assessment.Status.choices)


class AssessmentForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    """The municipality's assessment of one requirement (prefixed per requirement on the section page)."""

    status = forms.ChoiceField(label=_("Bedömning"), choices=ASSESS_CHOICES)
    comment = forms.CharField(
        label=_("Underlag och motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Vad ni har sett och varför kravet bedöms så. Står i rapporten."),
    )
    interview_notes = forms.CharField(
        label=_("Anteckningar från intervju eller observation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Arbetsanteckningar; de står inte i rapporten."),
    )
    action_text = forms.CharField(
        label=_("Krav på åtgärd"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Behövs när kravet är delvis eller inte uppfyllt."),
    )
    action_due = _date_field(_("Åtgärdat senast"), required=False)
    attachment = forms.FileField(
        label=_("Bifoga underlag"),
        required=False,
        help_text=_("PDF, Word, Excel, OpenDocument, bild eller text. Typen kontrolleras."),
    )

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        text = (cleaned.get("action_text") or "").strip()
        if status in Assessment.UNFULFILLED:
            if not text:
                self.add_error("action_text", _("Skriv vilken åtgärd som krävs när kravet inte är uppfyllt."))
            if not cleaned.get("action_due"):
                self.add_error("action_due", _("Ange när åtgärden ska vara klar."))
            elif "action_due" in self.changed_data and cleaned["action_due"] < timezone.localdate():
                self.add_error("action_due", _("Datumet har redan passerat."))
        elif text:
            self.add_error("action_text", _("Bara krav som är delvis eller inte uppfyllda får krav på åtgärd. Töm fältet."))
        return cleaned


class SelfAssessmentForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    """The provider's answer for one requirement."""

    self_status = forms.ChoiceField(label=_("Er bedömning"), choices=ASSESS_CHOICES)
    self_comment = forms.CharField(
        label=_("Hur ni uppfyller kravet"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Beskriv arbetssätt, rutiner och var underlaget finns."),
    )
    attachment = forms.FileField(
        label=_("Bifoga underlag"),
        required=False,
        help_text=_("Till exempel en rutin eller plan: PDF, Word, Excel, bild eller text."),
    )


class CompleteForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    summary = forms.CharField(
        label=_("Sammanfattande bedömning"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Inleder rapporten: helhetsintrycket, styrkor och vad som måste bli bättre."),
        error_messages={"required": _("Skriv en sammanfattande bedömning för rapporten.")},
    )
    completed_on = _date_field(_("Rapportdatum"))


class ActionReportForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    response = forms.CharField(
        label=_("Vad har ni gjort?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Beskriv vad ni har gjort.")},
    )


class ActionCloseForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    note = forms.CharField(
        label=_("Kommunens bedömning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv kommunens bedömning av åtgärden.")},
    )
    closed_on = _date_field(_("Datum"))


class ActionReopenForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    reopen_note = forms.CharField(
        label=_("Varför räcker åtgärden inte?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv varför åtgärden inte räcker.")},
    )


class ImprovementForm(LotsForm):
    owner = forms.ModelChoiceField(label=_("Ansvarig för förbättringsåtgärden"), queryset=User.objects.none())

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = access.people_in([municipality], perm="improvement.propose")
