"""Daily reminders and escalations from every module. Meant for cron; safe to run twice a day."""

import datetime
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Skickar påminnelser och eskaleringar för det som förfaller eller har passerat sitt datum."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Kör som om dagens datum vore YYYY-MM-DD (för test och efterkörning).")

    def handle(self, *args, **options):
        today = datetime.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        total = 0
        for config in apps.get_app_configs():
            module_name = f"{config.name}.reminders"
            if not config.name.startswith("lots.") or importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            sent = module.send_reminders(today=today)
            total += sent
            self.stdout.write(f"{config.verbose_name}: {sent}")
        self.stdout.write(self.style.SUCCESS(f"Skickade {total} påminnelser för {today.isoformat()}."))
