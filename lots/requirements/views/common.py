from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError, *, field_map: dict | None = None) -> None:
    """Put a service's ValidationError on the form: at the field it names, otherwise at the top."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            name = field_map.get(field, field)
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def status_for(form) -> int:
    return 422 if form.errors else 200


def posted(request):
    """The submitted data, or None for a GET: an empty POST still binds the form and shows what is missing."""
    return request.POST if request.method == "POST" else None
