import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.accounts import services
from lots.accounts.passwords import BreachedPasswordValidator, GuessablePatternValidator
from lots.testing.factories import MunicipalityFactory, UserFactory


def refusal(validator, password, user=None) -> str:
    with pytest.raises(ValidationError) as refused:
        validator.validate(password, user)
    return refused.value.messages[0]


@pytest.mark.parametrize(
    "password",
    [
        "Sommar2026",
        "Vinter2025!",
        "hösten24",
        "hosten24",
        "Januari2026",
        "Summer2026",
        "S0mmar2026",
        "V1nter-2025",
        "2026Sommar!",
        "Midsommar2026",
        "Fredag13",
        "December2025!!",
        "minsommar2026",
    ],
)
def test_a_season_month_or_weekday_with_a_year_is_refused(password):
    assert "årstid, månad eller veckodag" in refusal(GuessablePatternValidator(), password)


def test_the_municipalitys_name_with_a_year_is_refused(db):
    MunicipalityFactory(name="Katrineholms kommun")
    assert "kommuns namn" in refusal(GuessablePatternValidator(), "Katrineholm2026!")
    assert "kommuns namn" in refusal(GuessablePatternValidator(), "katrineholmskommun2026")


def test_the_persons_own_name_with_a_year_is_refused(db):
    person = UserFactory.build(first_name="Åsa", last_name="Lindqvist", username="asa.l")
    assert "ditt namn" in refusal(GuessablePatternValidator(), "Lindqvist1985", person)
    assert "ditt namn" in refusal(GuessablePatternValidator(), "åsa1985!", person)


@pytest.mark.parametrize("password", ["Sommarängens-bästa-kaffe-26", "Vinterkräksjukan är över", "tåg-fönster-lampa-1982"])
def test_longer_passwords_that_only_contain_such_a_word_are_accepted(db, password):
    GuessablePatternValidator().validate(password, UserFactory.build(first_name="Åsa", last_name="Lindqvist"))
    BreachedPasswordValidator().validate(password)


@pytest.mark.parametrize(
    "password",
    ["password123", "qwertyuiop", "Hemligt", "hemligt12345!", "L0senord2024", "kanelbulle", "Djurgården1891", "iloveyou"],
)
def test_common_and_breached_passwords_are_refused_from_the_local_lists(password):
    assert "vanliga eller läckta" in refusal(BreachedPasswordValidator(), password)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort-fras-1", "minst 12 tecken"),
        ("Sommar2026!!", "årstid"),
        ("hemligt-hemligt", None),
        ("Lösenord12345", "vanliga eller läckta"),
    ],
)
def test_the_site_applies_the_rules_and_a_minimum_of_twelve_characters(db, password, message):
    if message is None:
        validate_password(password, UserFactory.build())
        return
    with pytest.raises(ValidationError) as refused:
        validate_password(password, UserFactory.build())
    assert any(message in text for text in refused.value.messages)


def test_changing_the_password_refuses_a_season_and_year_with_a_swedish_message(client, db):
    person = UserFactory(username="emma")
    client.force_login(person)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "test-password-123", "new_password1": "Sommaren2026!", "new_password2": "Sommaren2026!"},
    )
    assert response.status_code == 422
    assert "årstid, månad eller veckodag med ett årtal" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password("test-password-123")


def test_choosing_a_password_from_an_invitation_applies_the_rules(client, db):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    person = UserFactory(username="nina")
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    page = client.get(reverse("accounts:choose_password", args=[uid, default_token_generator.make_token(person)]), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": "Vinter2025!!", "new_password2": "Vinter2025!!"})
    assert response.status_code == 422
    assert "årstid" in response.content.decode()


def test_creating_a_person_with_a_password_applies_the_rules(db):
    with pytest.raises(ValidationError) as refused:
        services.person_create(actor=None, username="ny", first_name="Ny", last_name="Person", password="Summer2026!!")
    assert "password" in refused.value.message_dict
    person = services.person_create(
        actor=None, username="ny", first_name="Ny", last_name="Person", password="tåg-fönster-lampa-1982"
    )
    assert person.check_password("tåg-fönster-lampa-1982")


def test_where_local_passwords_are_off_there_is_no_password_to_change(client, world):
    world.m1.local_passwords_allowed = False
    world.m1.save()
    person = world.persona("enhetschef")
    client.force_login(person)
    assert "Byt lösenord" not in client.get(reverse("accounts:profile")).content.decode()
    data = {
        "old_password": "test-password-123",
        "new_password1": "tåg-fönster-lampa-1982",
        "new_password2": "tåg-fönster-lampa-1982",
    }
    response = client.post(reverse("accounts:password_change"), data, follow=True)
    assert "stängt av lösenord" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password("test-password-123")
