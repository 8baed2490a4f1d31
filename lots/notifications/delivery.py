"""The one place mail leaves Lots: a task in the queue (Django's tasks API, database backend) that a worker runs.

``deliver`` hands one mail to the mail server. When the server refuses it, is down or does not answer within
``EMAIL_TIMEOUT``, the task queues itself again for later (1, 2, 4 … minutes, at most
``LOTS_MAIL_RETRY_MAX_SECONDS`` apart) until ``LOTS_MAIL_ATTEMPTS`` attempts have been made; then it gives up, logs
an error and fails, which the health figures count (lots.notifications.queue). The reminder keys a mail carries are
marked sent only once the server has taken it; a mail given up on releases its keys, so the next reminder run tries
them again.
"""

import datetime
import logging
import smtplib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template import Context, engines
from django.utils import timezone, translation
from django.utils.text import capfirst
from django_tasks import task

from lots.notifications.models import SentNotification

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long to wait after failed attempt number ``attempt`` (1 for the first)."""
    seconds = settings.LOTS_MAIL_RETRY_SECONDS * 2 ** min(attempt - 1, 20)
    return datetime.timedelta(seconds=min(seconds, settings.LOTS_MAIL_RETRY_MAX_SECONDS))


@task()
def deliver(*, to: str, subject: str, body: str, keys: list[str] | None = None, attempt: int = 1) -> str:
    """Send one mail; answers ``"sent"``, or ``"retry"`` when a later attempt was queued. Raises when it gives up."""
    keys = keys or []
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= settings.LOTS_MAIL_ATTEMPTS:
            SentNotification.objects.waiting().filter(key__in=keys).delete()
            # Neither the address nor the keys (some name one) are logged: the failed task in the queue holds them.
            logger.error(
                "Mail given up after %d attempts (%s); %d reminder keys released", attempt, type(error).__name__, len(keys)
            )
            raise
        later = deliver.using(run_after=timezone.now() + retry_delay(attempt))
        later.enqueue(to=to, subject=subject, body=body, keys=keys, attempt=attempt + 1)
        logger.warning("Mail attempt %d failed (%s); tried again in the queue", attempt, type(error).__name__)
        return "retry"
    if keys:
        SentNotification.objects.waiting().filter(key__in=keys).update(sent_at=timezone.now())
    return "sent"


def queue_mail(*, to: str, subject: str, body: str, keys: Iterable[str] = ()) -> None:
    """Put one mail in the queue once the surrounding transaction commits; ``keys`` are marked sent when it has gone.

    An enqueue that fails after the commit is logged and does not undo or fail the write that asked for the mail.
    The subject starts with a capital letter whatever its first placeholder held ("%(kind)s från …").
    """
    keys = list(keys)
    subject = capfirst(str(subject))
    transaction.on_commit(lambda: deliver.enqueue(to=to, subject=subject, body=body, keys=keys), robust=True)


def recipient_language(to) -> str:
    """The language mail to ``to`` (a person, or an address) is written in: the language the person last chose in
    the interface (``User.language``, set by the language switch). An address is looked up among the active
    accounts (the one signed in last, if several share it); an unknown address or a person who never chose gets
    the default language, Swedish."""
    from lots.accounts.models import User

    available = {code for code, _name in settings.LANGUAGES}
    if isinstance(to, User):
        language = to.language
    elif isinstance(to, str) and to.strip():
        language = (
            User.objects.filter(email__iexact=to.strip(), is_active=True)
            .order_by(F("last_login").desc(nulls_last=True), "pk")
            .values_list("language", flat=True)
            .first()
        )
    else:
        language = None
    return language if language in available else settings.LANGUAGE_CODE


@contextmanager
def mail_language(*, to=None, language: str | None = None) -> Iterator[str]:
    """Write a mail's text inside this block to have it in the recipient's language: ``language`` when given (a
    citizen's, the language they used on the form), else ``recipient_language(to)``.

        with mail_language(to=person):
            notify(to=person.email, subject=_("…"), body=render_to_string(…))
    """
    chosen = language if language in {code for code, _name in settings.LANGUAGES} else recipient_language(to)
    with translation.override(chosen):
        yield chosen


def render_mail(template_name: str, context: dict, *, to=None, language: str | None = None) -> tuple[str, str]:
    """``(subject, body)`` from a plain-text mail template whose first line is the subject.

    Rendered without HTML escaping, since the mail is plain text. With ``to`` (a person or an address) or
    ``language`` it is written in the recipient's language (``mail_language``); without, in the active language.
    """
    template = engines["django"].engine.get_template(template_name)
    if to is None and language is None:
        text = template.render(Context(context, autoescape=False))
    else:
        with mail_language(to=to, language=language):
            text = template.render(Context(context, autoescape=False))
    subject, _newline, body = text.partition("\n")
    return subject.strip(), body
