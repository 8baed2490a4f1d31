from django.db import models


class VersionedModel(models.Model):
    """A record edited in forms: `version` guards against silent overwrites.

    Services compare the version the user saw with the stored one and refuse the
    write when someone else saved in between (see lots.audit.versioning).
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
