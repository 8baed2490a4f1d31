"""A large export of the deviation list made in the background, with its progress row by row."""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.deviations.lists import DEVIATIONS
from lots.jobs.registry import JobKind, JobRefused, Output
from lots.lib.spreadsheets import CONTENT_TYPES, table_bytes

EXPORT = "deviations.export"


def _export(job, progress) -> Output:
    from lots.deviations.views.lists import HEADERS, _row

    user, fmt = job.user, job.params["fmt"]
    if not access.has_perm_anywhere(user, "deviation.view"):
        raise JobRefused(_("Du har inte längre behörighet att exportera avvikelser."))
    filtered = DEVIATIONS.bind(user, QueryDict(job.params["query"]))
    if not filtered.is_valid:
        raise JobRefused(_("Filtret gäller inte längre. Gör exporten igen från avvikelselistan."))
    found = filtered.rows()
    total = found.count() + 1
    rows = []
    for done, deviation in enumerate(found, start=1):
        rows.append(_row(deviation))
        progress(done, total)
    content = table_bytes(fmt, [str(h) for h in HEADERS], rows, title=_("Avvikelser"))
    audit.record_export(actor=user, what=_("avvikelser"), count=len(rows), query=job.params["query"])
    return Output(content, f"avvikelser-{timezone.localdate():%Y-%m-%d}.{fmt}", CONTENT_TYPES[fmt])


KINDS = [JobKind(EXPORT, _export)]
