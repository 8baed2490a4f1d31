"""Which feedback cases are culled: closed ones, the municipality's period after closing (lots.privacy.registry)."""

from django.utils.translation import gettext_lazy as _

from lots.feedback.models import FeedbackCase
from lots.privacy.registry import RetentionRule

RULES = [
    RetentionRule(
        key="feedback",
        label=_("Synpunkt eller klagomål"),
        label_plural=_("Synpunkter och klagomål"),
        model=FeedbackCase,
        default_years=5,
    ),
]
