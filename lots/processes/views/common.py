from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: at the field when it names one, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def status_for(form) -> int:
    return 422 if form.errors else 200


def nest(items: list, parent_attr: str = "parent_id") -> list[dict]:
    """Items whose parent is in the list become its children; the rest are roots. Keeps the list's order."""
    nodes = {item.pk: {"item": item, "children": []} for item in items}
    roots = []
    for item in items:
        parent = nodes.get(getattr(item, parent_attr))
        (parent["children"] if parent else roots).append(nodes[item.pk])
    return roots
