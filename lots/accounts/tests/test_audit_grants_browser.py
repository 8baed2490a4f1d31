"""The quality coordinator grants and revokes an auditor's read access in Chromium; axe-core on every state."""

import pytest
from django.urls import reverse

from lots.accounts.models import AuditGrant, Role
from lots.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_granting_with_an_error_then_revoking(world, new_page, live_server):
    page = new_page(user=world.persona(Role.KVALITETSSAMORDNARE))
    page.goto(live_server.url + reverse("accounts:audit_grants"))
    assert_accessible(page, "läsrätt")
    page.get_by_label("Granskare").select_option(label=str(world.persona(Role.GRANSKARE)))
    page.get_by_label("Enhet").select_option(value=str(world.own.pk))
    page.get_by_label("Granskning").fill("Granskning av lex Sarah 2026")
    page.get_by_label("Gäller till och med").fill("2000-01-01")
    page.get_by_role("button", name="Ge läsrätt").click()
    assert "Slutdatumet" in page.content()
    assert page.get_by_label("Granskning").input_value() == "Granskning av lex Sarah 2026"
    assert_accessible(page, "läsrätt med fel")
    assert not AuditGrant.objects.exists()
    page.get_by_label("Gäller till och med").fill("2099-12-31")
    page.get_by_role("button", name="Ge läsrätt").click()
    assert "kan läsa ärendena för Egna avdelningen" in page.content()
    grant = AuditGrant.objects.get()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Återkalla").click()
    page.wait_for_url("**" + reverse("accounts:audit_grants"))
    assert_accessible(page, "läsrätt återkallad")
    grant.refresh_from_db()
    assert grant.revoked_at is not None
