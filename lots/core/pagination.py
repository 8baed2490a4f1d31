"""Pagination that stays fast on large lists: ids first, rows second, and late pages read from the end.

``Paginator(queryset, 50)`` asks the database for ``LIMIT 50 OFFSET n`` of the full,
joined rows. On a list of a hundred thousand reports that means joining and sorting
every matching row to keep 50, and on the last page skipping all the others.
``DeferredRows`` keeps Django's Paginator (page numbers, counts, templates) but
changes what a page costs:

1. the page's ids come from a query that selects only the ordering columns and the
   id — an index-only scan and a sort of narrow rows;
2. only those ids are then loaded with their relations (``load``);
3. a page in the second half is read from the other end, in reverse order, so the
   last page costs what the first does instead of skipping every row before it.

The queryset must be ordered by a unique key (end the ordering with the primary key)
so that both directions give the same rows.
"""

from django.db.models import QuerySet


def list_query(request) -> str:
    """A list's GET parameters without ``page``: the active filters, for its page links and its export links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class DeferredRows:
    """A sliceable stand-in for a QuerySet that a Paginator can page through cheaply."""

    ordered = True

    def __init__(self, queryset: QuerySet, load=None, *, from_end: bool = True):
        """``load(queryset) -> queryset`` adds relations to the rows of a page; ``from_end`` reads late pages
        backwards (it needs the count, which a Paginator asks for anyway; an offset/limit API may not)."""
        if not queryset.query.order_by:
            raise ValueError("DeferredRows needs an ordered queryset")
        self.queryset = queryset
        self.load = load or (lambda qs: qs)
        self.from_end = from_end
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _ids(self, start: int, stop: int) -> list:
        if not self.from_end:
            return list(self.queryset.values_list("pk", flat=True)[start:stop])
        total = self.count()
        stop = min(stop, total)
        if start >= stop:
            return []
        if start > total - stop:  # nearer the end: read backwards
            ids = list(self.queryset.reverse().values_list("pk", flat=True)[total - stop : total - start])
            ids.reverse()
            return ids
        return list(self.queryset.values_list("pk", flat=True)[start:stop])

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("DeferredRows supports plain slices only")
        start = index.start or 0
        if index.stop is None:
            raise ValueError("give the slice an end")
        stop = index.stop
        if start < 0 or stop < 0:
            raise ValueError("negative indexing is not supported")
        ids = self._ids(start, stop)
        if not ids:
            return []
        model = self.queryset.model
        found = {obj.pk: obj for obj in self.load(model._default_manager.filter(pk__in=ids))}
        return [found[pk] for pk in ids if pk in found]
