from django.urls import include, path

from lots.accounts import views as account_views
from lots.api.urls import api

urlpatterns = [
    path("", include("lots.home.urls")),
    path("", include("lots.core.urls")),
    path("konto/sso/", include("lots.identity.urls")),
    path("konto/tvastegs/", include("lots.mfa.urls")),
    path("konto/", include("lots.accounts.urls")),
    path("organisation/", include("lots.organisation.urls")),
    path("", include("lots.oversight.urls")),  # behorigheter/ and logg/uppfoljning/
    path("logg/", include("lots.audit.urls")),
    path("forbattringar/", include("lots.improvements.urls")),
    path("processer/", include("lots.processes.urls")),
    path("avvikelser/", include("lots.deviations.urls")),
    path("synpunkter/", include("lots.feedback.urls")),
    path("risker/", include("lots.risks.urls")),
    path("krav/", include("lots.requirements.urls")),
    path("rapporter/", include("lots.reports.urls")),
    path("arkiv/", include("lots.archive.urls")),
    path("gallring/", include("lots.privacy.urls")),
    path("jobb/", include("lots.jobs.urls")),
    path("personal/", include("lots.staff.urls")),
    path("kompetens/", include("lots.competence.urls")),
    path("arbetsmiljo/", include("lots.workenv.urls")),
    path("ronder/", include("lots.rounds.urls")),
    path("samverkan/", include("lots.agreements.urls")),
    path("serviceinsatser/", include("lots.interventions.urls")),
    path("bevakning/", include("lots.watch.urls")),
    path("egna-medel/", include("lots.ledger.urls")),
    path("mal/", include("lots.goals.urls")),
    path("nyckeltal/", include("lots.indicators.urls")),
    path("lamna-synpunkter/", include("lots.feedback.public_urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("api/v1/", api.urls),
]

handler400 = "lots.core.errors.bad_request"
handler403 = "lots.core.errors.permission_denied"
handler404 = "lots.core.errors.page_not_found"
handler500 = "lots.core.errors.server_error"
