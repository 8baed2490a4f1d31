"""Risk analysis, self-inspection, internal control and follow-up plans. The risk scale is shared with deviations."""

from lots.risks.models.analysis import GUIDING_QUESTIONS, QUESTION_FIELDS, Risk, RiskAnalysis  # noqa: F401
from lots.risks.models.control import (  # noqa: F401
    ControlActivity,
    FollowUpItem,
    FollowUpPlan,
    InternalControlPlan,
)
from lots.risks.models.inspection import (  # noqa: F401
    Assessment,
    ControlPoint,
    ControlRound,
    Criterion,
    InspectionPlan,
    ReviewedRecord,
)
from lots.risks.models.scale import (  # noqa: F401
    RiskLevel,
    RiskScale,
    default_levels,
    default_probability_labels,
    default_severity_labels,
)
