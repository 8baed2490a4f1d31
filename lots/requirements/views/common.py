from lots.core.pagination import list_query  # noqa: F401


def posted(request):
    """The submitted data, or None for a GET: an empty POST still binds the form and shows what is missing."""
    return request.POST if request.method == "POST" else None
