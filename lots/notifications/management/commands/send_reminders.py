"""Daily reminders and escalations from every module. Meant for cron; safe to run twice a day."""

import datetime

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lots.core.discovery import app_modules


class Command(BaseCommand):
    help = "Skickar påminnelser och eskaleringar för det som förfaller eller har passerat sitt datum."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Kör som om dagens datum vore YYYY-MM-DD (för test och efterkörning).")

    def handle(self, *args, **options):
        try:
            today = datetime.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date ska vara ett datum som YYYY-MM-DD, inte {options['date']!r}.") from error
        total = 0
        for module in app_modules("reminders"):
            sent = module.send_reminders(today=today)
            total += sent
            config = apps.get_containing_app_config(module.__name__)
            self.stdout.write(f"{config.verbose_name}: {sent}")
        self.stdout.write(self.style.SUCCESS(f"Skickade {total} påminnelser för {today.isoformat()}."))
