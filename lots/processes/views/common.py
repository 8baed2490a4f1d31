from django.utils.translation import gettext as _

from lots.core.pagination import list_query  # noqa: F401


def nest(items: list, parent_attr: str = "parent_id") -> list[dict]:
    """Items whose parent is in the list become its children; the rest are roots. Keeps the list's order."""
    nodes = {item.pk: {"item": item, "children": []} for item in items}
    roots = []
    for item in items:
        parent = nodes.get(getattr(item, parent_attr))
        (parent["children"] if parent else roots).append(nodes[item.pk])
    return roots



def yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nej")
