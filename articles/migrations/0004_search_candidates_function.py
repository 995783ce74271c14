"""PostgreSQL only: find search candidates in one round trip.

`articles_search_candidates(query, windows, now_key, wanted)` returns the ranking
fields of the newest `wanted` stories matching `query` plus the newest `wanted`
whose headline matches. It tries each recency window in turn (a tsquery of day or
month lexemes ANDed with the query, so GIN intersects them inside the index) and
stops at the first that holds enough matches; the last try is unbounded. It runs
with enable_seqscan off: testing tsvectors outside the GIN index means decompressing
every one of them. SQLite: nothing to do.
"""

from django.db import migrations

CREATE = r"""
CREATE FUNCTION articles_search_candidates(query tsquery, windows tsquery[], now_key bigint, wanted integer)
RETURNS TABLE (article_id bigint, sort_key bigint, headline text, lead text, quotes text)
LANGUAGE plpgsql STABLE
SET enable_seqscan = off
AS $$
#variable_conflict use_column
DECLARE
    tries integer := coalesce(array_length(windows, 1), 0) + 1;
    q tsquery;
    doc_keys bigint[];
    headline_keys bigint[];
BEGIN
    FOR i IN 1..tries LOOP
        q := CASE WHEN i < tries THEN query && windows[i] ELSE query END;
        SELECT array_agg(m.sort_key) INTO doc_keys FROM (
            SELECT v.sort_key FROM articles_search_vector v
            WHERE v.document_tsv @@ q AND v.sort_key <= now_key
            ORDER BY v.sort_key DESC LIMIT wanted
        ) m;
        EXIT WHEN coalesce(array_length(doc_keys, 1), 0) >= wanted;
    END LOOP;
    FOR i IN 1..tries LOOP
        q := CASE WHEN i < tries THEN query && windows[i] ELSE query END;
        SELECT array_agg(m.sort_key) INTO headline_keys FROM (
            SELECT v.sort_key FROM articles_search_vector v
            WHERE v.headline_tsv @@ q AND v.sort_key <= now_key
            ORDER BY v.sort_key DESC LIMIT wanted
        ) m;
        EXIT WHEN coalesce(array_length(headline_keys, 1), 0) >= wanted;
    END LOOP;
    RETURN QUERY
        SELECT e.article_id, e.sort_key, e.headline, e.lead, e.quotes
        FROM articles_search_entry e
        WHERE e.sort_key = ANY (coalesce(doc_keys, '{}') || coalesce(headline_keys, '{}'));
END
$$
"""
DROP = "DROP FUNCTION IF EXISTS articles_search_candidates(tsquery, tsquery[], bigint, integer)"


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_vector_table"),
    ]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
