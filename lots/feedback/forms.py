import datetime

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.accounts.models import User
from lots.core.forms import LotsForm, SwedishNamesSelect, VersionedFormMixin
from lots.deviations.forms import DATETIME_ERROR, DATETIME_FORMATS, DateTimeLocalInput
from lots.deviations.guard import IntegrityConfirmationForm
from lots.feedback.models import DelegationRequest, FeedbackAttachment, FeedbackCase, FeedbackSettings
from lots.organisation.models import Municipality, Unit

C = FeedbackCase
MAX_DESCRIPTION = 5000
DATE_ERRORS = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}
EMAIL_ERRORS = {"invalid": _("Skriv en e-postadress i rätt format, till exempel namn@exempel.se.")}
UNKNOWN_UNIT = "vet-inte"
DELEGATION = "klagomalsdelegationen"


def date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ``MAX_FILES`` files, each within the size limit and of an allowed type judged from its content."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > FeedbackAttachment.MAX_FILES:
            raise ValidationError(
                _("Du kan bifoga högst %(n)s filer. Välj färre filer.") % {"n": FeedbackAttachment.MAX_FILES}, code="too_many"
            )
        limit = settings.LOTS_MAX_ATTACHMENT_BYTES
        allowed = ", ".join(label for _ext, label in FeedbackAttachment.ALLOWED_TYPES.values())
        cleaned = []
        for upload in files:
            upload = super().clean(upload, initial)
            if upload.size > limit:
                raise ValidationError(
                    _("Filen %(name)s är för stor (%(size)s). Största tillåtna storlek är %(limit)s.")
                    % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                    code="too_large",
                )
            head = upload.read(65536)
            upload.seek(0)
            kind = filetype.guess(head)
            if kind is None or kind.mime not in FeedbackAttachment.ALLOWED_TYPES:
                raise ValidationError(
                    _("Filen %(name)s kan inte tas emot. Tillåtna filtyper är %(allowed)s.")
                    % {"name": upload.name, "allowed": allowed},
                    code="type",
                )
            upload.detected_type = kind.mime
            cleaned.append(upload)
        return cleaned


class OriginalField(AttachmentsField):
    """One file, the complaint as it arrived, under the same size and type checks as every attachment."""

    widget = forms.FileInput

    def clean(self, data, initial=None):
        files = super().clean(data, initial)
        return files[0] if files else None


def attachments_field() -> AttachmentsField:
    return AttachmentsField(
        label=_("Bifoga filer (frivilligt)"),
        required=False,
        help_text=_(
            "Högst %(n)s filer på högst %(size)s var. Tillåtna filtyper: PDF, JPEG, PNG, HEIC, Word (docx) och "
            "OpenDocument-text (odt)."
        )
        % {"n": FeedbackAttachment.MAX_FILES, "size": filesizeformat(settings.LOTS_MAX_ATTACHMENT_BYTES)},
        error_messages={"empty": _("Filen är tom."), "invalid": _("Det gick inte att läsa filen. Välj den igen.")},
    )


class ContactMixin:
    """The reply choice decides which contact details are needed; anonymous means none at all."""

    def check_contact(self, data: dict, *, anonymous_when_none: bool) -> None:
        reply = data.get("reply")
        filled = [f for f in ("contact_name", "contact_email", "contact_phone", "contact_address") if data.get(f)]
        if reply == C.Reply.NONE and anonymous_when_none:
            for name in filled:
                self.add_error(name, _("Du har valt att vara anonym. Ta bort uppgiften eller välj hur du vill få svar."))
        elif reply == C.Reply.EMAIL and not data.get("contact_email") and "contact_email" not in self.errors:
            self.add_error("contact_email", _("Skriv din e-postadress så att vi kan svara dig."))
        elif reply == C.Reply.LETTER:
            if not data.get("contact_name"):
                self.add_error("contact_name", _("Skriv ditt namn så att vi kan skicka svaret med post."))
            if not data.get("contact_address"):
                self.add_error("contact_address", _("Skriv din postadress så att vi kan skicka svaret med post."))
        elif reply == C.Reply.PHONE and not data.get("contact_phone"):
            self.add_error("contact_phone", _("Skriv ditt telefonnummer så att vi kan ringa dig."))


def contact_fields(form: forms.Form) -> None:
    form.fields["contact_name"] = forms.CharField(
        label=_("Namn"), max_length=120, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    form.fields["contact_email"] = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        required=False,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    form.fields["contact_phone"] = forms.CharField(
        label=_("Telefonnummer"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    form.fields["contact_address"] = forms.CharField(
        label=_("Postadress"),
        max_length=300,
        required=False,
        help_text=_("Gatuadress, postnummer och ort."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        error_messages={"max_length": _("Adressen får vara högst %(limit_value)d tecken.")},
    )


def description_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Beskriv vad som hände, när och var. Skriv inte personnummer eller fler känsliga uppgifter än som behövs. "
            "Högst 5 000 tecken."
        ),
        error_messages={
            "required": _("Skriv vad det gäller."),
            "max_length": _("Texten får vara högst %(limit_value)d tecken. Nu är den %(show_value)d tecken."),
        },
    )


class PublicFeedbackForm(ContactMixin, IntegrityConfirmationForm, LotsForm):
    """The public e-service. Radio groups are rendered as fieldsets with legends by the template."""

    integrity_confirmed = forms.BooleanField(
        label=_("Skicka texten som den står"),
        help_text=_("Kryssa bara i om namnen eller personnumren behövs för att vi ska förstå vad det gäller."),
        required=False,
        widget=forms.HiddenInput,
    )

    RADIO_FIELDS = ("kind", "sender_role", "reply")
    PUBLIC_REPLIES = [
        (C.Reply.EMAIL, _("Ja, med e-post")),
        (C.Reply.LETTER, _("Ja, med brev")),
        (C.Reply.PHONE, _("Ja, per telefon")),
        (C.Reply.NONE, _("Nej, jag vill vara anonym. Jag förstår att jag då inte kan få något svar.")),
    ]

    kind = forms.ChoiceField(
        label=_("Vad vill du lämna?"),
        choices=C.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om det är ett klagomål, en synpunkt, ett förslag eller beröm.")},
    )
    unit = forms.ChoiceField(
        label=_("Vilken verksamhet gäller det?"),
        widget=SwedishNamesSelect(translated=[UNKNOWN_UNIT]),
        error_messages={"required": _("Välj vilken verksamhet det gäller."), "invalid_choice": _("Välj en verksamhet i listan.")},
    )
    sender_role = forms.ChoiceField(
        label=_("Vem är du?"),
        choices=[(r.value, r.label) for r in C.PUBLIC_SENDER_ROLES],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj det som stämmer bäst in på dig.")},
    )
    reply = forms.ChoiceField(
        label=_("Vill du ha svar?"),
        choices=PUBLIC_REPLIES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om du vill ha svar och i så fall hur, eller om du vill vara anonym.")},
    )
    # Honeypot: hidden from people (by CSS, not in the tab order); automated senders tend to fill it in.
    website = forms.CharField(
        label=_("Lämna det här fältet tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.rules = FeedbackSettings.for_municipality(municipality)
        self.fields["description"] = description_field(_("Berätta vad det gäller"))
        self.fields["attachments"] = attachments_field()
        contact_fields(self)
        self.units = {str(u.pk): u for u in public_units(municipality)}
        choices = [("", _("Välj verksamhet"))] + [(pk, u.display_public_name) for pk, u in self.units.items()]
        if self.rules.fallback_unit_id and self.rules.fallback_unit.is_open:
            choices.append((UNKNOWN_UNIT, _("Jag vet inte vilken verksamhet det gäller")))
        self.fields["unit"].choices = choices
        self.order_fields(
            [
                "kind",
                "unit",
                "sender_role",
                "description",
                "attachments",
                "reply",
                "contact_name",
                "contact_email",
                "contact_phone",
                "contact_address",
            ]
        )

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        if value == UNKNOWN_UNIT:
            return self.rules.fallback_unit
        return self.units[value]

    def clean(self):
        data = super().clean()
        self.check_contact(data, anonymous_when_none=True)
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def error_links(self) -> list[dict]:
        """For the error summary: each field error with the id of the control it should move focus to."""
        links = []
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue
            anchor = f"{self[name].auto_id}_0" if name in self.RADIO_FIELDS else self[name].auto_id
            for error in errors:
                links.append({"anchor": anchor, "message": error})
        return links


def public_units(municipality: Municipality) -> list[Unit]:
    """The services the public can choose among: open units serving the municipality, by their public names."""
    units = Unit.objects.serving(municipality).open().filter(kind__in=[Unit.Kind.ENHET, Unit.Kind.SEKTION])
    return sorted(units, key=lambda u: u.display_public_name.lower())


def staff_units(user) -> list[Unit]:
    """Where staff may register feedback: any open unit in the municipalities where they hold feedback.register."""
    from lots import access

    return list(
        Unit.objects.open()
        .filter(municipality_id__in=access.municipality_ids_with(user, "feedback.register"))
        .select_related("municipality")
        .order_by("municipality__name", "path")
    )


def unit_label(unit: Unit) -> str:
    return ("– " * unit.depth) + unit.name


class RegisterForm(ContactMixin, IntegrityConfirmationForm, LotsForm):
    unit = forms.ModelChoiceField(
        label=_("Ansvarig enhet"),
        queryset=Unit.objects.none(),
        empty_label=_("Välj enhet"),
        error_messages={"required": _("Välj vilken enhet ärendet gäller.")},
    )
    kind = forms.ChoiceField(
        label=_("Typ"), choices=[("", _("Välj typ"))] + C.Kind.choices, error_messages={"required": _("Välj typ av ärende.")}
    )
    channel = forms.ChoiceField(
        label=_("Hur kom det in?"),
        choices=[("", _("Välj kanal"))] + [c for c in C.Channel.choices if c[0] != C.Channel.E_SERVICE],
        error_messages={"required": _("Välj hur synpunkten kom in.")},
    )
    received_on = forms.DateField(label=_("Inkom"), widget=date_widget(), error_messages=DATE_ERRORS)
    authority = forms.ChoiceField(
        label=_("Rapport från myndighet"),
        required=False,
        choices=[("", _("Nej, från en enskild person eller organisation"))] + C.Authority.choices,
        help_text=_("Beslut från IVO, iakttagelser från revisorerna och liknande följs upp på samma sätt."),
    )
    external_reference = forms.CharField(label=_("Myndighetens diarienummer"), max_length=60, required=False)
    sender_role = forms.ChoiceField(
        label=_("Avsändare"),
        required=False,
        help_text=_("Behövs inte för rapporter från myndigheter."),
        choices=[("", _("Välj avsändare"))] + [(r.value, r.label) for r in C.PUBLIC_SENDER_ROLES],
    )
    category = forms.ChoiceField(
        label=_("Vad gäller det?"), required=False, choices=[("", _("Bestäm senare"))] + C.Category.choices
    )
    reply = forms.ChoiceField(label=_("Hur vill avsändaren få svar?"), choices=C.Reply.choices, initial=C.Reply.NONE)

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("municipality__name", "path")
        self.fields["unit"].label_from_instance = unit_label
        self.fields["description"] = description_field(_("Vad framförde avsändaren?"))
        self.fields["description"].help_text = _("Skriv ner det avsändaren framförde, med avsändarens ord. Högst 5 000 tecken.")
        contact_fields(self)
        self.fields["attachments"] = attachments_field()
        self.fields["attachments"].label = _("Bilagor, till exempel ett inskannat brev (frivilligt)")
        self.order_fields(
            [
                "unit",
                "kind",
                "channel",
                "received_on",
                "authority",
                "external_reference",
                "sender_role",
                "category",
                "description",
                "attachments",
                "reply",
            ]
        )

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Datumet kan inte vara i framtiden."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("authority") and not data.get("sender_role") and "sender_role" not in self.errors:
            self.add_error("sender_role", _("Välj vem synpunkten kommer från."))
        self.check_contact(data, anonymous_when_none=False)
        return data


ORIGINAL_CHANNEL_CHOICES = [(c.value, c.label) for c in C.ORIGINAL_CHANNELS]


class RegisterOriginalForm(ContactMixin, IntegrityConfirmationForm, LotsForm):
    """The registrator's registration of a complaint as it arrived, with the original (Katrineholm §5.2)."""

    unit = forms.ModelChoiceField(
        label=_("Ansvarig enhet"),
        queryset=Unit.objects.none(),
        empty_label=_("Välj enhet"),
        error_messages={"required": _("Välj vilken enhet det gäller."), "invalid_choice": _("Välj en enhet i listan.")},
    )
    kind = forms.ChoiceField(
        label=_("Typ"), choices=[("", _("Välj typ"))] + C.Kind.choices, error_messages={"required": _("Välj typ av ärende.")}
    )
    channel = forms.ChoiceField(
        label=_("Hur kom det in?"),
        choices=[("", _("Välj"))] + ORIGINAL_CHANNEL_CHOICES,
        error_messages={"required": _("Välj om det kom som brev, e-post eller per telefon.")},
    )
    received_on = forms.DateField(
        label=_("Datum då det kom in"),
        widget=date_widget(),
        help_text=_("Dagen då brevet, e-postmeddelandet eller samtalet kom in, inte dagen du registrerar."),
        error_messages={**DATE_ERRORS, "required": _("Skriv datumet då det kom in.")},
    )
    sender_role = forms.ChoiceField(
        label=_("Avsändare"),
        choices=[("", _("Välj avsändare"))] + [(r.value, r.label) for r in C.PUBLIC_SENDER_ROLES],
        error_messages={"required": _("Välj vem det kommer från.")},
    )
    original = OriginalField(
        label=_("Originalet"),
        required=False,
        help_text=_(
            "Det inskannade brevet eller e-postmeddelandet som det kom in. Krävs för brev och e-post. "
            "Tillåtna filtyper: PDF, JPEG, PNG, HEIC, Word (docx) och OpenDocument-text (odt)."
        ),
        error_messages={"empty": _("Filen är tom."), "invalid": _("Det gick inte att läsa filen. Välj den igen.")},
    )
    reply = forms.ChoiceField(label=_("Hur vill avsändaren få svar?"), choices=C.Reply.choices, initial=C.Reply.NONE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("path")
        self.fields["unit"].label_from_instance = unit_label
        self.fields["description"] = description_field(_("Vad det gäller"))
        self.fields["description"].help_text = _(
            "Skriv av det väsentliga i brevet eller e-postmeddelandet, eller din anteckning från samtalet. Högst 5 000 tecken."
        )
        contact_fields(self)
        self.order_fields(["unit", "kind", "channel", "received_on", "sender_role", "description", "original", "reply"])

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Datumet kan inte vara i framtiden."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("channel") in C.ORIGINAL_DOCUMENT_REQUIRED and not data.get("original") and "original" not in self.errors:
            self.add_error("original", _("Bifoga originalet: det inskannade brevet eller e-postmeddelandet."))
        self.check_contact(data, anonymous_when_none=False)
        return data


def reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Varför är du inte nöjd med svaret?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Skriv inte personnummer eller namn på andra än dig själv. Högst 5 000 tecken."),
        error_messages={
            "required": _("Skriv varför du inte är nöjd med svaret."),
            "max_length": _("Texten får vara högst %(limit_value)d tecken. Nu är den %(show_value)d tecken."),
        },
    )


class PublicDelegationForm(IntegrityConfirmationForm, LotsForm):
    """The complainant's request, on their status page, that the complaint delegation handles the complaint."""

    integrity_confirmed = forms.BooleanField(
        label=_("Skicka texten som den står"),
        help_text=_("Kryssa bara i om namnen eller personnumren behövs för att vi ska förstå vad det gäller."),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = reason_field()
        self.order_fields(["reason", "integrity_confirmed"])

    def error_links(self) -> list[dict]:
        return [
            {"anchor": self[name].auto_id, "message": error}
            for name, errors in self.errors.items()
            if name in self.fields
            for error in errors
        ]


class DelegationRequestForm(IntegrityConfirmationForm, LotsForm):
    """Staff register the complainant's request that the complaint delegation handles the complaint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = reason_field()
        self.fields["reason"].label = _("Varför är avsändaren inte nöjd med svaret?")
        self.fields["reason"].help_text = _("Med avsändarens ord, utan namn på andra. Högst 5 000 tecken.")
        self.fields["reason"].error_messages["required"] = _("Skriv varför avsändaren inte är nöjd med svaret.")
        self.order_fields(["reason", "integrity_confirmed"])


class DelegationDecisionForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    basis = forms.ChoiceField(
        label=_("Vem beslutade?"),
        choices=[("", _("Välj"))] + DelegationRequest.Basis.choices,
        error_messages={"required": _("Välj vem som beslutade.")},
    )
    reference = forms.CharField(
        label=_("Protokollsparagraf eller delegationspunkt"),
        max_length=120,
        help_text=_("Till exempel klagomålsdelegationens protokoll § 12 eller punkt 5.2 i delegationsordningen."),
        error_messages={"required": _("Skriv protokollsparagrafen eller delegationspunkten.")},
    )
    decision = forms.CharField(
        label=_("Beslut"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Vad klagomålsdelegationen beslutade och varför."),
        error_messages={"required": _("Skriv beslutet.")},
    )
    answer = forms.CharField(
        label=_("Svar till avsändaren"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Skickas med e-post om avsändaren har lämnat en e-postadress och visas på avsändarens statussida."),
        error_messages={"required": _("Skriv svaret till avsändaren.")},
    )


class CaseEditForm(VersionedFormMixin, IntegrityConfirmationForm, LotsForm):
    category = forms.ChoiceField(
        label=_("Vad gäller det?"), required=False, choices=[("", _("Inte bestämt ännu"))] + C.Category.choices
    )
    sender_role = forms.ChoiceField(label=_("Avsändare"), choices=C.SenderRole.choices)
    unit = forms.ModelChoiceField(
        label=_("Ansvarig enhet"),
        queryset=Unit.objects.none(),
        help_text=_("Byt enhet om ärendet hör till en annan verksamhet. Den enhetens chef tar då över."),
    )
    investigation = forms.CharField(
        label=_("Utredning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Vad har du tagit reda på, med vem har du talat, vad blev resultatet?"),
    )

    def __init__(self, *args, case: FeedbackCase, **kwargs):
        super().__init__(*args, **kwargs)
        serving = Unit.objects.open().filter(Q(municipality=case.unit.municipality) | Q(pk=case.unit_id)).order_by("path")
        self.fields["unit"].queryset = serving
        self.fields["unit"].label_from_instance = unit_label
        if not case.authority:
            self.fields["sender_role"].choices = [(r.value, r.label) for r in C.PUBLIC_SENDER_ROLES]


class AnswerForm(VersionedFormMixin, LotsForm):
    method = forms.ChoiceField(label=_("Svara med"), error_messages={"required": _("Välj hur svaret ska lämnas.")})
    answer = forms.CharField(
        label=_("Svar"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=10000,
        help_text=_(
            "Skriv så att avsändaren förstår utan att känna till ärendet: vad ni har kommit fram till och vad som händer nu."
        ),
        error_messages={"required": _("Skriv svaret.")},
    )

    def __init__(self, *args, case: FeedbackCase, **kwargs):
        super().__init__(*args, **kwargs)
        available = []
        if case.contact_email:
            available.append(C.AnswerMethod.EMAIL)
        if case.contact_address:
            available.append(C.AnswerMethod.LETTER)
        if case.contact_phone:
            available.append(C.AnswerMethod.PHONE)
        available.append(C.AnswerMethod.MEETING)
        self.fields["method"].choices = [(m.value, m.label) for m in available]
        preferred = {
            C.Reply.EMAIL: C.AnswerMethod.EMAIL,
            C.Reply.LETTER: C.AnswerMethod.LETTER,
            C.Reply.PHONE: C.AnswerMethod.PHONE,
        }
        self.fields["method"].initial = preferred.get(case.preferred_reply, available[0])


class CloseForm(VersionedFormMixin, LotsForm):
    category = forms.ChoiceField(
        label=_("Vad gällde ärendet?"),
        choices=[("", _("Välj"))] + C.Category.choices,
        error_messages={"required": _("Välj vad ärendet gäller innan du avslutar det.")},
    )
    closing_note = forms.CharField(
        label=_("Sammanfattning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Kort om resultatet, till exempel vilka åtgärder som beslutades."),
    )


class LexSarahForm(LotsForm):
    occurred_at = forms.DateTimeField(
        label=_("När hände det?"),
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_FORMATS,
        help_text=_("Tidpunkten för händelsen som klagomålet beskriver, inte när klagomålet kom in."),
        error_messages={"required": _("Ange när det hände."), "invalid": DATETIME_ERROR},
    )


class ImprovementForm(LotsForm):
    title = forms.CharField(label=_("Åtgärd"), max_length=200, error_messages={"required": _("Skriv vad som ska göras.")})
    owner = forms.ModelChoiceField(
        label=_("Ansvarig"), queryset=User.objects.none(), error_messages={"required": _("Välj vem som är ansvarig.")}
    )
    due_date = forms.DateField(label=_("Klart senast"), required=False, widget=date_widget(), error_messages=DATE_ERRORS)
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, case: FeedbackCase, **kwargs):
        super().__init__(*args, **kwargs)
        from lots import access

        self.fields["owner"].queryset = access.people_in([case.unit.municipality_id], perm="improvement.propose")

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value and value < timezone.localdate():
            raise ValidationError(_("Datumet har redan passerat."))
        return value


class SettingsForm(VersionedFormMixin, LotsForm):
    deadline_days = forms.IntegerField(
        label=_("Dagar till avslutat ärende"),
        min_value=1,
        max_value=90,
        help_text=_("Ett ärende ska vara avslutat inom så många dagar från att det kom in."),
    )
    reminder_days_before = forms.IntegerField(label=_("Påminnelse så många dagar före sista dagen"), min_value=0, max_value=30)
    delegation_deadline_days = forms.IntegerField(
        label=_("Dagar för klagomålsdelegationen"),
        min_value=1,
        max_value=180,
        help_text=_("Klagomålsdelegationen ska ha beslutat och svarat inom så många dagar från att prövningen begärdes."),
    )
    fallback_unit = forms.ModelChoiceField(
        label=_("Mottagare när avsändaren inte vet verksamheten"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Lämna tomt för att inte visa valet ”Jag vet inte” i e-tjänsten."),
    )
    contact_email = forms.EmailField(label=_("E-post för frågor om e-tjänsten"), required=False, error_messages=EMAIL_ERRORS)
    contact_phone = forms.CharField(label=_("Telefon för frågor om e-tjänsten"), max_length=40, required=False)
    secrecy_law = forms.CharField(label=_("Sekretesslag som nämns i e-tjänsten"), max_length=200)
    accessibility_law = forms.CharField(label=_("Tillgänglighetslag som nämns i redogörelsen"), max_length=200)
    accessibility_reviewed_on = forms.DateField(
        label=_("Tillgängligheten granskades senast"), required=False, widget=date_widget(), error_messages=DATE_ERRORS
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fallback_unit"].queryset = Unit.objects.open().filter(municipality=municipality).order_by("path")
        self.fields["fallback_unit"].label_from_instance = unit_label

    def clean(self):
        data = super().clean()
        days, before = data.get("deadline_days"), data.get("reminder_days_before")
        if days is not None and before is not None and before >= days:
            self.add_error("reminder_days_before", _("Påminnelsen måste komma före sista dagen."))
        return data


class CaseFilterForm(LotsForm):
    q = forms.CharField(label=_("Sök"), required=False, help_text=_("Diarienummer eller ord i texten."))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla")), ("oppna", _("Alla öppna"))] + C.Status.choices + [(DELEGATION, _("Hos klagomålsdelegationen"))],
    )
    kind = forms.ChoiceField(label=_("Typ"), required=False, choices=[("", _("Alla"))] + C.Kind.choices)
    category = forms.ChoiceField(
        label=_("Gäller"), required=False, choices=[("", _("Alla")), ("-", _("Inte klassificerat"))] + C.Category.choices
    )
    channel = forms.ChoiceField(label=_("Kanal"), required=False, choices=[("", _("Alla"))] + C.Channel.choices)
    sender_role = forms.ChoiceField(label=_("Avsändare"), required=False, choices=[("", _("Alla"))] + C.SenderRole.choices)
    origin = forms.ChoiceField(
        label=_("Ursprung"),
        required=False,
        choices=[
            ("", _("Alla")),
            ("enskild", _("Från enskilda och organisationer")),
            ("myndighet", _("Rapporter från myndigheter")),
        ],
    )
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("Alla mina enheter"),
        help_text=_("Med underenheter."),
    )
    date_from = forms.DateField(label=_("Inkom från och med"), required=False, widget=date_widget(), error_messages=DATE_ERRORS)
    date_to = forms.DateField(label=_("Inkom till och med"), required=False, widget=date_widget(), error_messages=DATE_ERRORS)
    overdue = forms.BooleanField(
        label=_("Bara försenade"),
        required=False,
        help_text=_("Också klagomål som klagomålsdelegationen inte har beslutat om i tid."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Slutdatumet kan inte vara före startdatumet."))
        return data


class CompilationForm(LotsForm):
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=Unit.objects.none(),
        help_text=_("Med underenheter."),
        error_messages={"required": _("Välj en enhet.")},
    )
    date_from = forms.DateField(label=_("Från och med"), widget=date_widget(), error_messages=DATE_ERRORS)
    date_to = forms.DateField(label=_("Till och med"), widget=date_widget(), error_messages=DATE_ERRORS)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Slutdatumet kan inte vara före startdatumet."))
        return data

    @staticmethod
    def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The last twelve months, today included."""
        return today - datetime.timedelta(days=364), today


class AccessibilityReportForm(LotsForm):
    description = forms.CharField(
        label=_("Beskriv problemet"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Vad försökte du göra, och vad fungerade inte? Högst 3 000 tecken."),
        error_messages={
            "required": _("Beskriv problemet."),
            "max_length": _("Texten får vara högst %(limit_value)d tecken. Nu är den %(show_value)d tecken."),
        },
    )
    page = forms.CharField(label=_("Vilken sida gäller det? (frivilligt)"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=_("Din e-postadress (frivilligt)"),
        required=False,
        error_messages=EMAIL_ERRORS,
        help_text=_("Om du vill att vi hör av oss."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(
        label=_("Lämna det här fältet tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def error_links(self) -> list[dict]:
        return [
            {"anchor": self[name].auto_id, "message": error}
            for name, errors in self.errors.items()
            if name in self.fields
            for error in errors
        ]
