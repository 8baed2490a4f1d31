from django.urls import path

from lots.reports.views import analysis, data, overview, reports

app_name = "reports"
urlpatterns = [
    path("", reports.index, name="index"),
    path("oversikt/", overview.dashboard, name="dashboard"),
    path("oversikt/export.<str:fmt>", overview.dashboard_export, name="dashboard_export"),
    path("forsenade-avvikelser/", overview.overdue, name="overdue"),
    path("forsenade-avvikelser/export.<str:fmt>", overview.overdue_export, name="overdue_export"),
    path("styrdiagram/", analysis.trends_page, name="trends"),
    path("styrdiagram/data.<str:fmt>", analysis.trend_table, name="trend_table"),
    path("styrdiagram/<slug:chart>.<str:fmt>", analysis.trend_chart, name="trend_chart"),
    path("teman/", analysis.themes_page, name="themes"),
    path("teman/export.<str:fmt>", analysis.themes_export, name="themes_export"),
    path("jamforelser/", data.comparisons, name="comparisons"),
    path("jamforelser/export.<str:fmt>", data.comparisons_export, name="comparisons_export"),
    path("jamforelser/import/", data.comparisons_upload, name="comparisons_upload"),
    path("jamforelser/nyckeltal/<int:pk>/", data.indicator_edit, name="indicator_edit"),
    path("namnare/", data.denominators, name="denominators"),
    path("kvalitetsberattelser/ny/", reports.report_create, name="report_create"),
    path("kvalitetsberattelser/<int:pk>/", reports.report_detail, name="report"),
    path("kvalitetsberattelser/<int:pk>/avsnitt/<slug:key>/", reports.section_edit, name="section_edit"),
    path("kvalitetsberattelser/<int:pk>/faststall/", reports.establish, name="establish"),
    path("kvalitetsberattelser/<int:pk>/kvalitetsberattelse.pdf", reports.report_pdf, name="report_pdf"),
    path("kvalitetsberattelser/<int:pk>/ta-fram-pdf/", reports.report_pdf_job, name="report_pdf_job"),
    path("kvalitetsberattelser/<int:pk>/kvalitetsberattelse.docx", reports.report_docx, name="report_docx"),
    path(
        "kvalitetsberattelser/<int:pk>/tabell/<slug:key>/<slug:block_id>.<str:fmt>",
        reports.report_table,
        name="report_table",
    ),
    path(
        "kvalitetsberattelser/<int:pk>/diagram/<slug:key>/<slug:block_id>.<str:fmt>",
        reports.report_chart,
        name="report_chart",
    ),
]
