from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.deviations.models import DeviationCategory, DeviationSettings

SETTINGS = {
    "receive_days": "2",
    "handling_days": "30",
    "close_days": "14",
    "escalation_days": "5",
    "ivo_target_days": "10",
    "provider_name": "Socialnämnden",
    "organisation_number": "2120999004",
    "address": "",
    "legal_reference": "SOSFS 2011:5",
}


def test_the_settings_page_starts_with_the_defaults(world, client_for):
    response = client_for(world.persona("kvalitetssamordnare")).get(reverse("deviations:settings"))
    form = response.context["form"]
    assert form.initial["ivo_target_days"] == 14 and form.initial["receive_days"] == 2
    assert [c.name for c in response.context["categories"]][0] == "Bemötande"


def test_settings_are_saved_per_municipality_and_audited(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.post(reverse("deviations:settings"), {**SETTINGS, "version": 1})
    assert response.status_code == 302
    config = DeviationSettings.objects.get(municipality=world.m1)
    assert (config.ivo_target_days, config.organisation_number) == (10, "212099-9004")
    assert AuditEntry.objects.filter(content_type__model="deviationsettings", action="update").exists()
    assert not DeviationSettings.objects.filter(municipality=world.m2).exists()


def test_a_bad_organisation_number_is_refused_at_the_field(world, client_for):
    response = client_for(world.persona("kvalitetssamordnare")).post(
        reverse("deviations:settings"), {**SETTINGS, "organisation_number": "123", "version": 1}
    )
    assert response.status_code == 422
    assert "Organisationsnumret är inte giltigt" in response.content.decode()


def test_a_concurrent_save_is_not_overwritten(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    client.post(reverse("deviations:settings"), {**SETTINGS, "version": 1})
    stale = client.post(reverse("deviations:settings"), {**SETTINGS, "ivo_target_days": "3", "version": 1})
    assert stale.status_code == 409
    assert "Någon annan har sparat" in stale.content.decode()
    assert DeviationSettings.objects.get(municipality=world.m1).ivo_target_days == 10


def test_categories_can_be_added_renamed_and_retired(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    client.get(reverse("deviations:settings"))
    response = client.post(reverse("deviations:category_create", args=[world.m1.slug]), {"new-name": "Läkemedel"})
    assert response.status_code == 302
    category = DeviationCategory.objects.get(municipality=world.m1, name="Läkemedel")
    response = client.post(reverse("deviations:category_edit", args=[category.pk]), {"name": "Läkemedelshantering"})
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.is_active) == ("Läkemedelshantering", False)
    duplicate = client.post(reverse("deviations:category_create", args=[world.m1.slug]), {"new-name": "bemötande"})
    assert duplicate.status_code == 422
    assert "finns redan" in duplicate.content.decode()


def test_another_municipalitys_category_cannot_be_edited(world, client_for):
    from lots.deviations import services

    services.categories_ensure(municipality=world.m2)
    foreign = DeviationCategory.objects.filter(municipality=world.m2).first()
    assert (
        client_for(world.persona("kvalitetssamordnare")).get(reverse("deviations:category_edit", args=[foreign.pk])).status_code
        == 404
    )
