"""The daily run clears background jobs older than a week, with the files they made. It sends no mail."""

import datetime

from lots.jobs import services


def send_reminders(today: datetime.date) -> int:
    services.jobs_clear(today=today)
    return 0
