from ninja import Schema
from pydantic import ConfigDict


class StrictSchema(Schema):
    """Input schemas reject unknown fields with 422 instead of ignoring them."""

    model_config = ConfigDict(extra="forbid")
