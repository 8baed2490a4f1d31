import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, field_validator

from lots.lib.text import clean_input

FIRST_YEAR = 1900
LAST_YEAR = 2999


# Bounds on what a client may send, so that no value reaches a query or a date calculation it cannot survive:
# primary keys fit every database's bigint, years and dates stay within what the domain and Python's dates handle.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Counts, scale values and versions fit PostgreSQL's integer.
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Day = Annotated[datetime.date, Field(ge=datetime.date(FIRST_YEAR, 1, 1), le=datetime.date(LAST_YEAR, 12, 31))]


def _within_years(moment: datetime.datetime) -> datetime.datetime:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(_("Året ska ligga mellan %(first)s och %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR})
    return moment


Moment = Annotated[datetime.datetime, AfterValidator(_within_years)]
# A list of ids is as long as a person could mean it: one for each unit of a large municipality.
MAX_IDS = 1000
Ids = Annotated[list[Id], Field(max_length=MAX_IDS)]
# The answer to the integrity guard (lots.lib.integrity): a text it warns about is refused with 422 unless confirmed.
IntegrityConfirmed = Annotated[
    bool,
    Field(
        description=(
            "Sätt till true för att spara text som integritetskontrollen varnade för (namn eller personnummer). "
            "Utan den ger en sådan text 422 med varningen vid fältet."
        )
    ),
]


class StrictSchema(Schema):
    """Input schemas reject unknown fields with 422 instead of ignoring them, and clean every text they take
    (control and bidirectional characters dropped, lots.lib.text) like the forms do."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _clean_text(cls, value):
        if isinstance(value, str):
            return clean_input(value)
        if isinstance(value, list):
            return [clean_input(v) if isinstance(v, str) else v for v in value]
        return value
