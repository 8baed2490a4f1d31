"""Every write in the requirements module: catalogues, contracts, follow-ups and demanded actions."""

from lots.requirements.services.catalogues import (  # noqa: F401
    catalogue_create,
    catalogue_files,
    catalogue_import,
    catalogue_load_file,
    catalogue_version_create,
    clean_catalogue_data,
    import_draft_create,
    import_draft_delete,
    import_draft_update,
    read_catalogue_file,
    version_data,
)
from lots.requirements.services.contracts import contract_create, contract_update  # noqa: F401
from lots.requirements.services.follow_ups import (  # noqa: F401
    AssessmentEntry,
    SelfEntry,
    assessments_save,
    attachment_add,
    demanded_action_close,
    demanded_action_improvement,
    demanded_action_reopen,
    demanded_action_report,
    follow_up_complete,
    follow_up_create,
    follow_up_start_assessment,
    follow_up_start_self_assessment,
    follow_up_update,
    re_follow_up_create,
    self_assessment_save,
    self_assessment_submit,
    unfulfilled_requirements,
)
