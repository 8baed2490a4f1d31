"""Fetch key figures from Kolada's public API (v2) and import them. Needs a network; never run by the tests."""

import json
import urllib.request

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lots.organisation.models import Municipality
from lots.reports import services
from lots.reports.comparisons import NATION

API = "https://api.kolada.se/v2/data/kpi/{kpis}/municipality/{municipalities}/year/{years}"
MAX_PAGES = 50


def kolada_url(kpis: list[str], municipalities: list[str], years: list[int]) -> str:
    return API.format(kpis=",".join(kpis), municipalities=",".join(municipalities), years=",".join(str(y) for y in years))


def fetch_all(url: str, opener=urllib.request.urlopen, timeout: int = 30) -> dict:
    """Every page of a Kolada answer merged into one ``{"values": [...]}`` (Kolada pages with ``next_page``)."""
    values = []
    for _page in range(MAX_PAGES):
        with opener(url, timeout=timeout) as response:
            data = json.loads(response.read())
        values.extend(data.get("values", []))
        url = data.get("next_page")
        if not url:
            break
    return {"values": values}


class Command(BaseCommand):
    help = "Hämtar nyckeltal från Koladas öppna API (version 2) och läser in dem. Kräver nätverk."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kpi", required=True, help="Ett eller flera nyckeltal, kommaseparerade, till exempel N00945,U33400."
        )
        parser.add_argument("--year", required=True, help="Ett eller flera år, kommaseparerade.")
        parser.add_argument(
            "--municipality",
            default="",
            help="Kommunkoder, kommaseparerade. Standard: alla kommuner i Lots som har kommunkod, och riket (0000).",
        )

    def handle(self, *args, kpi, year, municipality, **options):
        kpis = [k.strip().upper() for k in kpi.split(",") if k.strip()]
        try:
            years = [int(y) for y in year.split(",") if y.strip()]
        except ValueError:
            raise CommandError("Ange år som siffror, till exempel 2024 eller 2023,2024.") from None
        codes = [c.strip() for c in municipality.split(",") if c.strip()]
        if not codes:
            codes = sorted(set(Municipality.objects.exclude(code="").values_list("code", flat=True)) | {NATION})
        url = kolada_url(kpis, codes, years)
        self.stdout.write(f"Hämtar {url}")
        try:
            data = fetch_all(url)
        except (OSError, ValueError) as error:
            raise CommandError(f"Kunde inte hämta från Kolada: {error}") from None
        try:
            result = services.comparisons_import(actor=None, raw=json.dumps(data), source="Kolada API")
        except ValidationError as error:
            raise CommandError("Svaret kunde inte läsas in:\n" + "\n".join(error.messages)) from None
        self.stdout.write(
            f"Inläst: {result['values_created']} nya och {result['values_updated']} uppdaterade värden, "
            f"{result['indicators_created']} nya nyckeltal."
        )
