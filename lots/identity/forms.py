"""Forms of the sign-in settings pages: a provider with its OIDC settings, a linked identity, a group mapping and the
municipality's switches."""

import ipaddress
import re
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from lots.accounts.models import Role
from lots.core.forms import LotsForm, VersionedFormMixin
from lots.identity.models import IdentityProvider
from lots.identity.oidc import SIGNING_ALGORITHMS, discover

HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_url(value: str) -> str:
    """An https address (plain http only on this machine's loopback, for tests and the demo)."""
    parts = urlsplit(value)
    if parts.scheme == "https" and parts.hostname:
        return value
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return value
    raise forms.ValidationError(_("Ange en adress som börjar med https://, till exempel https://login.exempel.se/."))


def _minutes(seconds) -> int:
    try:
        return max(1, int(seconds or 900) // 60)
    except (TypeError, ValueError):
        return 15


class OidcUrlField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        return _check_url(value) if value else value


class ProviderForm(VersionedFormMixin, LotsForm):
    municipality = forms.ModelChoiceField(label=_("Kommun"), queryset=None, empty_label=_("Välj kommun"))
    name = forms.CharField(label=_("Namn"), max_length=120, help_text=_("Visas på inloggningssidan, t.ex. ”Exempelkommun”."))
    slug = forms.SlugField(
        label=_("Kortnamn"),
        max_length=60,
        help_text=_("Små bokstäver, siffror och bindestreck; ingår i inloggningsadressen."),
        error_messages={"invalid": _("Använd bara små bokstäver a–z, siffror och bindestreck.")},
    )
    protocol = forms.ChoiceField(label=_("Protokoll"), choices=IdentityProvider.Protocol.choices)
    is_active = forms.BooleanField(label=_("Aktiv (visas på inloggningssidan)"), required=False, initial=True)
    host_names = forms.CharField(
        label=_("Värdnamn"), max_length=500, required=False, help_text=IdentityProvider._meta.get_field("host_names").help_text
    )
    subject_attribute = forms.CharField(
        label=_("Identifierande attribut"),
        max_length=120,
        required=False,
        help_text=IdentityProvider._meta.get_field("subject_attribute").help_text,
    )
    groups_attribute = forms.CharField(label=_("Gruppattribut"), max_length=120, required=False)
    mfa_values = forms.CharField(
        label=_("Värden som intygar flerfaktorsinloggning"),
        max_length=500,
        required=False,
        help_text=_("T.ex. mfa otp för amr, eller ett acr-värde; åtskilda med mellanslag. Tomt: inget intygas."),
    )
    issuer = OidcUrlField(label=_("Utfärdare (issuer)"), help_text=_("Krävs för OpenID Connect."))
    client_id = forms.CharField(label=_("Klient-id"), max_length=255, required=False)
    client_secret = forms.CharField(
        label=_("Klienthemlighet"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Visas aldrig igen. Lämna tomt för att behålla den sparade."),
    )
    authorization_endpoint = OidcUrlField(label=_("Auktoriseringsadress"), help_text=_("Tomt: hämtas från utfärdaren."))
    token_endpoint = OidcUrlField(label=_("Tokenadress"), help_text=_("Tomt: hämtas från utfärdaren."))
    jwks_uri = OidcUrlField(label=_("Nyckeladress (JWKS)"), help_text=_("Tomt: hämtas från utfärdaren."))
    userinfo_endpoint = OidcUrlField(label=_("Användarinformationsadress"), help_text=_("Tomt: hämtas från utfärdaren."))
    signing_algorithm = forms.ChoiceField(
        label=_("Signeringsalgoritm"), choices=[(a, a) for a in SIGNING_ALGORITHMS], initial="RS256"
    )
    scopes = forms.CharField(label=_("Scope"), max_length=200, initial="openid profile")
    recheck_minutes = forms.IntegerField(
        label=_("Kontrollera inloggningen mot tjänsten var"),
        min_value=1,
        max_value=1440,
        initial=15,
        help_text=_("Minuter. Godtar tjänsten inte längre personen avslutas sessionen i Lots."),
        error_messages={
            "min_value": _("Ange minst 1 minut."),
            "max_value": _("Ange högst 1440 minuter (ett dygn)."),
            "invalid": _("Ange ett heltal."),
        },
    )

    def __init__(self, *args, municipalities, provider: IdentityProvider | None = None, **kwargs):
        self.provider = provider
        if provider is not None:
            config = provider.config if isinstance(provider.config, dict) else {}
            initial = {
                "municipality": provider.municipality,
                **{f: getattr(provider, f) for f in ("name", "slug", "protocol", "is_active", "host_names")},
                **{f: getattr(provider, f) for f in ("subject_attribute", "groups_attribute", "mfa_values")},
                **{k: config.get(k, "") for k in ("issuer", "client_id", *ENDPOINTS)},
                "signing_algorithm": config.get("signing_algorithm") or "RS256",
                "scopes": config.get("scopes") or "openid profile",
                "recheck_minutes": _minutes(config.get("recheck_seconds")),
            }
            kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if provider is not None:
            self.add_version_field(provider.version)
            self.fields["municipality"].disabled = True
            self.fields["protocol"].disabled = True

    def clean_host_names(self):
        names = self.cleaned_data["host_names"].lower().split()
        bad = [n for n in names if not HOST_NAME.match(n)]
        if bad:
            raise forms.ValidationError(
                _("Ogiltigt värdnamn: %(names)s. Skriv t.ex. lots.exempelkommun.se.") % {"names": ", ".join(bad)}
            )
        others = IdentityProvider.objects.exclude(pk=getattr(self.provider, "pk", None)).filter(is_active=True)
        taken = [n for n in names for p in others if n in p.host_name_list]
        if taken:
            raise forms.ValidationError(
                _("Värdnamnet används redan av en annan identitetstjänst: %(names)s.") % {"names": ", ".join(taken)}
            )
        return " ".join(names)

    def clean_scopes(self):
        scopes = self.cleaned_data["scopes"].split()
        if "openid" not in scopes:
            raise forms.ValidationError(_("Scope måste innehålla openid."))
        return " ".join(scopes)

    def clean(self):
        data = super().clean()
        if data.get("protocol", getattr(self.provider, "protocol", None)) != IdentityProvider.Protocol.OIDC:
            return data
        if self.errors:
            return data
        if not data.get("issuer"):
            self.add_error("issuer", _("Ange utfärdarens adress."))
        if not data.get("client_id"):
            self.add_error("client_id", _("Ange klient-id som identitetstjänsten gav Lots."))
        stored = (self.provider.config or {}).get("client_secret") if self.provider is not None else None
        if not data.get("client_secret") and not stored:
            self.add_error("client_secret", _("Ange klienthemligheten som identitetstjänsten gav Lots."))
        if self.errors:
            return data
        missing = [key for key in ENDPOINTS[:3] if not data.get(key)]
        if data.get("signing_algorithm") == "HS256":
            missing = [key for key in missing if key != "jwks_uri"]
        if missing:
            try:
                found = discover(data["issuer"])
            except ValueError as error:
                self.add_error("issuer", str(error))
                return data
            for key in ENDPOINTS:
                if not data.get(key) and found.get(key):
                    try:
                        data[key] = _check_url(found[key])
                    except forms.ValidationError:
                        self.add_error("issuer", _("Utfärdaren anger en adress utan https: %(url)s.") % {"url": found[key]})
                        return data
            still = [key for key in missing if not data.get(key)]
            if still:
                self.add_error(still[0], _("Utfärdaren anger ingen sådan adress; skriv in den."))
        return data

    def config(self) -> dict:
        """The protocol settings to store: for OIDC from the fields, the stored secret kept when none was typed."""
        if self.provider is not None and self.provider.protocol != IdentityProvider.Protocol.OIDC:
            return dict(self.provider.config or {})
        if self.cleaned_data["protocol"] != IdentityProvider.Protocol.OIDC:
            return {}
        data = self.cleaned_data
        stored = dict(self.provider.config or {}) if self.provider is not None else {}
        config = {
            **stored,
            "issuer": data["issuer"],
            "client_id": data["client_id"],
            "client_secret": data["client_secret"] or stored.get("client_secret", ""),
            **{key: data[key] for key in ENDPOINTS if data.get(key)},
            "signing_algorithm": data["signing_algorithm"],
            "scopes": data["scopes"],
            "recheck_seconds": data["recheck_minutes"] * 60,
        }
        for key in ENDPOINTS:
            if not data.get(key):
                config.pop(key, None)
        return config

    def fields_for_service(self) -> dict:
        data = self.cleaned_data
        names = ("name", "slug", "is_active", "host_names", "subject_attribute", "groups_attribute", "mfa_values")
        fields = {n: data[n].strip() if isinstance(data[n], str) else data[n] for n in names}
        if self.provider is None:
            fields["protocol"] = data["protocol"]
        return fields


class IdentityForm(LotsForm):
    user = forms.ModelChoiceField(label=_("Person"), queryset=None, empty_label=_("Välj person"))
    subject = forms.CharField(
        label=_("Identifierare hos tjänsten"),
        max_length=255,
        help_text=_("Det identitetstjänsten skickar om personen: sub, NameID eller det identifierande attributet."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, prefix="identity", **kwargs)
        self.fields["user"].queryset = people


class GroupMappingForm(LotsForm):
    group = forms.CharField(label=_("Grupp"), max_length=255, help_text=_("Gruppens namn eller id som tjänsten skickar det."))
    role = forms.ChoiceField(label=_("Roll"), choices=[])
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=None, empty_label=_("Välj enhet"))
    include_subunits = forms.BooleanField(label=_("Rollen gäller även underenheterna"), required=False, initial=True)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, prefix="mapping", **kwargs)
        self.fields["role"].choices = [("", _("Välj roll"))] + [c for c in Role.choices if c[0] != Role.EXTERN_UTFORARE]
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: ("– " * u.depth) + u.name


class MunicipalitySignInForm(VersionedFormMixin, LotsForm):
    local_passwords_allowed = forms.BooleanField(
        label=_("Lokala lösenord tillåtna"),
        required=False,
        help_text=_("Av: kommunens personer loggar bara in via kommunens identitetstjänst."),
    )
    second_factor_for_all = forms.BooleanField(
        label=_("Andra faktor för alla roller"),
        required=False,
        help_text=_("På: alla behöver en andra faktor, inte bara de som läser sekretessuppgifter."),
    )

    def __init__(self, *args, municipality, **kwargs):
        initial = {
            "local_passwords_allowed": municipality.local_passwords_allowed,
            "second_factor_for_all": municipality.second_factor_for_all,
        }
        super().__init__(*args, prefix=f"m{municipality.pk}", initial=initial, **kwargs)
        self.add_version_field(municipality.version)
