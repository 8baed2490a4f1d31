"""The prisbasbelopp decided by law hold even when the table has lost its rows (a database emptied and filled again
without the seeding migration), and an entered row still decides for its year."""

from lots.ledger.models import KNOWN_AMOUNTS, BaseAmount


def test_the_known_amounts_hold_without_rows_and_an_entered_row_overrides_its_year(db):
    BaseAmount.objects.all().delete()
    assert BaseAmount.for_year(2026).amount == KNOWN_AMOUNTS[2026]
    assert BaseAmount.for_year(2030).amount == KNOWN_AMOUNTS[max(KNOWN_AMOUNTS)]
    assert BaseAmount.for_year(2024) is None
    BaseAmount.objects.create(year=2026, amount=60_000)
    assert BaseAmount.for_year(2026).amount == 60_000
    BaseAmount.objects.create(year=2027, amount=61_000)
    assert BaseAmount.for_year(2028).amount == 61_000
