"""A demo organisation that signs in through a local OpenID Provider: `make demo` starts the certified oidc-provider
(lots/identity/tests/oidc_provider.mjs) on 127.0.0.1 with the client and accounts in demo_op.json, and this links two
demo people to their accounts there. Anna's account signs in with a second factor, so Lots asks her for none."""

import json
from pathlib import Path

from lots.identity import services
from lots.identity.models import IdentityProvider

DEPENDS_ON = ("lots.accounts",)

SLUG = "exempelkommun-oidc"
SETUP = json.loads((Path(__file__).with_name("demo_op.json")).read_text())
# subject at the provider → demo username in Lots
LINKS = {"emma": "medarbetare", "anna": "enhetschef"}


def load(ctx) -> None:
    issuer = f"http://127.0.0.1:{SETUP['port']}"
    client = SETUP["clients"][0]
    if not IdentityProvider.objects.filter(slug=SLUG).exists():
        provider = services.provider_create(
            actor=ctx.actor,
            municipality=ctx.municipality,
            config={
                "issuer": issuer,
                "client_id": client["client_id"],
                "client_secret": client["client_secret"],
                "authorization_endpoint": f"{issuer}/auth",
                "token_endpoint": f"{issuer}/token",
                "jwks_uri": f"{issuer}/jwks",
                "userinfo_endpoint": f"{issuer}/me",
            },
            name=f"{ctx.municipality.name} (lokal inloggningstjänst)",
            slug=SLUG,
            protocol=IdentityProvider.Protocol.OIDC,
            is_active=True,
            host_names="",
            subject_attribute="",
            groups_attribute="groups",
            mfa_values="otp",
        )
        for subject, username in LINKS.items():
            services.identity_link(actor=ctx.actor, provider=provider, user=ctx.person(username), subject=subject)
    accounts = SETUP["accounts"]
    ctx.notes.append(
        "Inloggning via organisationen (lokal OpenID-tjänst på "
        f"{issuer}): emma / {accounts['emma']['password']} (medarbetare), "
        f"anna / {accounts['anna']['password']} (enhetschef, med andra faktor hos tjänsten)"
    )
