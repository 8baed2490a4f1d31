"""Daily reminders and escalations from every module. Meant for cron; safe to run twice a day.

With ``LOTS_REMINDER_DIGEST`` on (the default) each person gets one mail with everything due (lots.notifications.digest).
A module that fails is logged and the others still run; the command then ends with an error, so cron reports it.
"""

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lots.core.discovery import app_modules
from lots.notifications import digest

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Skickar påminnelser och eskaleringar för det som förfaller eller har passerat sitt datum."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Kör som om dagens datum vore YYYY-MM-DD (för test och efterkörning).")

    def handle(self, *args, **options):
        try:
            today = datetime.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date ska vara ett datum som YYYY-MM-DD, inte {options['date']!r}.") from error
        if settings.LOTS_REMINDER_DIGEST:
            with digest.collecting(today) as collected:
                total, failed = self._run_modules(today, collected)
            mails = collected.send()
            done = f"Skickade {total} påminnelser för {today.isoformat()} i {mails} brev, högst ett per person."
        else:
            total, failed = self._run_modules(today, None)
            done = f"Skickade {total} påminnelser för {today.isoformat()}."
        self.stdout.write(self.style.SUCCESS(done))
        if failed:
            raise CommandError(f"Påminnelserna misslyckades för: {', '.join(str(name) for name in failed)} (se loggen).")

    def _run_modules(self, today: datetime.date, collected: digest.Digest | None) -> tuple[int, list[str]]:
        total, failed = 0, []
        for module in app_modules("reminders"):
            config = apps.get_containing_app_config(module.__name__)
            if collected is not None:
                collected.module = config.verbose_name
            try:
                sent = module.send_reminders(today=today)
            except Exception:
                logger.exception("Reminders of %s failed", config.label)
                failed.append(config.verbose_name)
                continue
            total += sent
            self.stdout.write(f"{config.verbose_name}: {sent}")
        return total, failed
