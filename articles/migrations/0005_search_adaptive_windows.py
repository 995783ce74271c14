"""PostgreSQL only: pick the recency window from the match density, not one by one.

0004 tried every window in turn, so a mid-frequency query (two words, a few matches
a day) ran a dozen GIN scans before reaching the unbounded one. Now the last day's
matches tell how many days hold `wanted` matches: one guessed window, then (only if
that falls short) the unbounded query — at most three GIN scans per field. Same result:
a window is only trusted when it holds `wanted` matches, all newer than anything
outside it.
"""

import importlib

from django.db import migrations

NEWEST_IN = r"""
CREATE FUNCTION articles_search_newest_in(in_headline boolean, q tsquery, now_key bigint, wanted integer)
RETURNS bigint[]
LANGUAGE plpgsql STABLE
SET enable_seqscan = off
AS $$
DECLARE
    keys bigint[];
BEGIN
    -- Two static queries, so each keeps its own plan on its own GIN index.
    IF in_headline THEN
        SELECT array_agg(m.sort_key) INTO keys FROM (
            SELECT v.sort_key FROM articles_search_vector v
            WHERE v.headline_tsv @@ q AND v.sort_key <= now_key
            ORDER BY v.sort_key DESC LIMIT wanted
        ) m;
    ELSE
        SELECT array_agg(m.sort_key) INTO keys FROM (
            SELECT v.sort_key FROM articles_search_vector v
            WHERE v.document_tsv @@ q AND v.sort_key <= now_key
            ORDER BY v.sort_key DESC LIMIT wanted
        ) m;
    END IF;
    RETURN coalesce(keys, '{}');
END
$$
"""
NEWEST = r"""
CREATE FUNCTION articles_search_newest(
    in_headline boolean, query tsquery, windows tsquery[], spans integer[], now_key bigint, wanted integer
) RETURNS bigint[]
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    keys bigint[];
    found integer;
    pick integer;
BEGIN
    IF coalesce(array_length(windows, 1), 0) >= 1 THEN
        keys := articles_search_newest_in(in_headline, query && windows[1], now_key, wanted);
        found := coalesce(array_length(keys, 1), 0);
        -- A window holding `wanted` matches holds the newest ones: all else is older.
        IF found >= wanted THEN
            RETURN keys;
        END IF;
        IF found > 0 THEN
            -- The first window's matches per day -> the smallest window likely to hold
            -- half as many again as wanted. None is big enough: go unbounded.
            SELECT min(i) INTO pick FROM generate_subscripts(spans, 1) i
            WHERE i > 1 AND spans[i]::numeric * found >= spans[1]::numeric * wanted * 1.5;
            IF pick IS NOT NULL THEN
                keys := articles_search_newest_in(in_headline, query && windows[pick], now_key, wanted);
                IF coalesce(array_length(keys, 1), 0) >= wanted THEN
                    RETURN keys;
                END IF;
            END IF;
        END IF;
    END IF;
    RETURN articles_search_newest_in(in_headline, query, now_key, wanted);
END
$$
"""
CANDIDATES = r"""
CREATE FUNCTION articles_search_candidates(
    query tsquery, windows tsquery[], spans integer[], now_key bigint, wanted integer
) RETURNS TABLE (article_id bigint, sort_key bigint, headline text, lead text, quotes text)
LANGUAGE sql STABLE
SET enable_seqscan = off
AS $$
    SELECT e.article_id, e.sort_key, e.headline, e.lead, e.quotes
    FROM articles_search_entry e
    WHERE e.sort_key = ANY (
        articles_search_newest(false, query, windows, spans, now_key, wanted)
        || articles_search_newest(true, query, windows, spans, now_key, wanted)
    )
$$
"""
DROP_NEW = [
    "DROP FUNCTION IF EXISTS articles_search_candidates(tsquery, tsquery[], integer[], bigint, integer)",
    "DROP FUNCTION IF EXISTS articles_search_newest(boolean, tsquery, tsquery[], integer[], bigint, integer)",
    "DROP FUNCTION IF EXISTS articles_search_newest_in(boolean, tsquery, bigint, integer)",
]
DROP_OLD = "DROP FUNCTION IF EXISTS articles_search_candidates(tsquery, tsquery[], bigint, integer)"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in (DROP_OLD, NEWEST_IN, NEWEST, CANDIDATES):
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP_NEW:
            schema_editor.execute(sql)
        schema_editor.execute(importlib.import_module("articles.migrations.0004_search_candidates_function").CREATE)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_search_candidates_function"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
