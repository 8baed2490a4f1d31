"""A mail is written in its recipient's language: the one the person chose in the interface, else Swedish."""

import datetime

from django.utils import translation

from lots.notifications import digest
from lots.notifications.services import Mail, mail_language, recipient_language, render_mail
from lots.testing.factories import UserFactory

DIGEST = "notifications/mail/digest.txt"
CONTEXT = {"count": 2, "groups": [], "day": datetime.date(2026, 3, 2)}


def test_a_person_who_chose_english_gets_english_mail_and_others_swedish_whatever_the_sender_uses(db):
    english = UserFactory(email="eva@example.invalid", language="en")
    swedish = UserFactory(email="sven@example.invalid")
    with translation.override("sv"):
        assert render_mail(DIGEST, CONTEXT, to=english)[0] == "Lots: 2 things to do"
        assert render_mail(DIGEST, CONTEXT, to="EVA@example.invalid")[0] == "Lots: 2 things to do"
    with translation.override("en"):
        assert render_mail(DIGEST, CONTEXT, to=swedish)[0] == "Lots: 2 saker att göra"
        assert render_mail(DIGEST, CONTEXT, to="okand@example.invalid")[0] == "Lots: 2 saker att göra"
        # Without a recipient the active language is used, as before.
        assert render_mail(DIGEST, CONTEXT)[0] == "Lots: 2 things to do"


def test_the_recipient_language_falls_back_to_swedish_for_an_unknown_or_inactive_address_or_language(db):
    UserFactory(email="gone@example.invalid", language="en", is_active=False)
    odd = UserFactory(email="odd@example.invalid", language="xx")
    assert recipient_language("gone@example.invalid") == "sv"
    assert recipient_language(odd) == "sv"
    assert recipient_language("") == "sv"
    assert recipient_language(None) == "sv"


def test_mail_language_gives_a_citizens_own_language_before_anything_else(db):
    with translation.override("sv"), mail_language(language="en") as chosen:
        assert chosen == "en" and translation.get_language() == "en"
    with translation.override("en"), mail_language(language="") as chosen:
        assert chosen == "sv"
    assert translation.get_language() != "xx"


def test_a_reminder_from_a_template_and_the_days_digest_are_in_the_recipients_language(db):
    UserFactory(email="eva@example.invalid", language="en")
    reminder = Mail(key="k", to="eva@example.invalid", template=DIGEST, context=CONTEXT)
    assert reminder.text()[0] == "Lots: 2 things to do"
    collected = digest.Digest(datetime.date(2026, 3, 2), module="Avvikelser")
    for n in (1, 2):
        collected.add(key=f"k{n}", to="eva@example.invalid", subject=f"Påminnelse {n}", body="", link="")
    subject, body = collected._text(list(collected.items["eva@example.invalid"].values()), "eva@example.invalid")
    assert subject == "Lots: 2 things to do"
    assert "You get at most one such mail a day from Lots." in body
