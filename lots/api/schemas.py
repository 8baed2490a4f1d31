from ninja import Schema
from pydantic import ConfigDict, field_validator

from lots.lib.text import clean_input


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
