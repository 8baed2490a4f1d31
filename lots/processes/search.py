"""Full-text search over processes and routines, in Swedish.

On PostgreSQL: full-text search with the 'swedish' configuration (stemming, so
"bedömningar" finds "bedömningen"), ranked with titles weighted highest. Swedish
builds long compounds ("skyddsbedömning"), which a stemmer does not split, so a
plain substring match on the stored case-folded text is OR-ed in. Elsewhere
(SQLite) only the substring match runs, with a crude stem from lots.lib.textsearch.
"""

from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value

from lots.lib.textsearch import query_terms

CONFIG = "swedish"


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def _contains_all(query: str) -> Q | None:
    terms = query_terms(query)
    if not terms:
        return None
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    return condition


def _search(queryset: QuerySet, query: str, title_field: str) -> QuerySet:
    contains = _contains_all(query)
    if contains is None:
        return queryset.none()
    if not uses_postgres_search():
        return queryset.filter(contains).annotate(rank=Value(0.0, output_field=FloatField())).order_by(title_field)
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector(title_field, weight="A", config=CONFIG) + SearchVector("search_text", weight="B", config=CONFIG)
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    return (
        queryset.annotate(document=vector, rank=SearchRank(vector, search_query))
        .filter(Q(document=search_query) | contains)
        .order_by(F("rank").desc(), title_field)
    )


def search_processes(queryset: QuerySet, query: str) -> QuerySet:
    return _search(queryset, query, "name")


def search_routines(queryset: QuerySet, query: str) -> QuerySet:
    return _search(queryset, query, "title")
