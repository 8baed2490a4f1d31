"""The daily run culls what has passed its retention period (lots.privacy.services.retention_cull).

It sends no mail; the culled records are counted in the audit log, not in the run's reminder count.
"""

import datetime

from lots.privacy import services


def send_reminders(today: datetime.date) -> int:
    services.retention_cull(today=today)
    return 0
