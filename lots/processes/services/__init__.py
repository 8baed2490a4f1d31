"""Writes to processes, routines, the law list, responsibilities and the yearly calendar.

Every function is keyword-only, atomic and writes its audit rows; views, the API,
the demo loader and management commands all call these.
"""

from lots.processes.services.calendar import (  # noqa: F401
    calendar_generate,
    calendar_seed,
    feed_create,
    feed_revoke,
    feed_user,
    rule_create,
    rule_generate,
    rule_update,
    task_complete,
    task_reopen,
)
from lots.processes.services.laws import law_create, law_list_seed, law_review, law_update  # noqa: F401
from lots.processes.services.processes import (  # noqa: F401
    activity_create,
    activity_delete,
    activity_move,
    activity_update,
    collaboration_create,
    collaboration_delete,
    collaboration_update,
    establish_problems,
    process_create,
    process_establish,
    process_update,
)
from lots.processes.services.responsibilities import (  # noqa: F401
    responsibilities_seed,
    responsibility_create,
    responsibility_delete,
    responsibility_update,
)
from lots.processes.services.routines import (  # noqa: F401
    acknowledge,
    draft_of,
    routine_collaboration_create,
    routine_collaboration_delete,
    routine_collaboration_update,
    routine_create,
    routine_draft_discard,
    routine_draft_start,
    routine_draft_submit,
    routine_draft_update,
    routine_establish,
    routine_establish_problems,
    routine_update,
)
