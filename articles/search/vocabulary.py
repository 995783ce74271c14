"""The index's vocabulary: how many stories hold each token, and the names in both scripts.

`articles_search_term` (token, df) is kept by the index itself — every story indexed
adds one to each distinct token it holds, every story removed takes one off — and the
row for "" counts the stories. It is a plain table with the same rows on SQLite and
PostgreSQL, so BM25's document frequencies, a prefix's completions and a typo's
corrections are identical on both. `articles_search_name` maps the consonant skeleton
of each word of a speaker, tag or source name to its token (Putin ↔ بوتين).
"""

from collections import Counter

from articles.text.analysis import MIN_SKELETON, is_arabic, skeleton

TERMS = "articles_search_term"
NAMES = "articles_search_name"
DOCUMENTS = ""  # the row counting the indexed stories
# Completions of a typed prefix: the most frequent ones, so the query stays cheap.
MAX_COMPLETIONS = 24


def add(cursor, token_sets: list[set[str]]):
    _change(cursor, token_sets, +1)


def remove(cursor, token_sets: list[set[str]]):
    _change(cursor, token_sets, -1)


def _change(cursor, token_sets, sign):
    counts = Counter()
    for tokens in token_sets:
        counts.update(tokens)
    if not counts:
        return
    counts[DOCUMENTS] = len(token_sets)
    rows = [(term, sign * n) for term, n in sorted(counts.items())]  # one lock order: no deadlocks
    cursor.executemany(
        f"INSERT INTO {TERMS} (term, df) VALUES (%s, %s) "  # noqa: S608 (constant table name)
        f"ON CONFLICT (term) DO UPDATE SET df = {TERMS}.df + excluded.df",
        rows,
    )
    if sign < 0:  # forget tokens no story holds any more (only those just counted down)
        gone = [term for term, _ in rows if term != DOCUMENTS]
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            cursor.execute(
                f"DELETE FROM {TERMS} WHERE df <= 0 AND term IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
                chunk,
            )


def add_names(cursor, names_: set[tuple[str, str]]):
    """Remember (word as written, its token) of speaker, tag and source names."""
    rows = sorted({(key, term) for word, term in names_ if len(key := skeleton(word)) >= MIN_SKELETON})
    cursor.executemany(
        f"INSERT INTO {NAMES} (skeleton, term) VALUES (%s, %s) ON CONFLICT DO NOTHING",  # noqa: S608
        rows,
    )


def clear(cursor):
    cursor.execute(f"DELETE FROM {TERMS}")  # noqa: S608
    cursor.execute(f"DELETE FROM {NAMES}")  # noqa: S608


def frequencies(cursor, tokens) -> dict[str, int]:
    """df of each token (0 when absent), and of DOCUMENTS: the number of stories."""
    tokens = sorted(set(tokens) | {DOCUMENTS})
    found: dict[str, int] = {}
    for start in range(0, len(tokens), 500):
        chunk = tokens[start : start + 500]
        cursor.execute(
            f"SELECT term, df FROM {TERMS} WHERE term IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
            chunk,
        )
        found.update(cursor.fetchall())
    return {t: found.get(t, 0) for t in tokens}


def completions(cursor, prefixes, limit: int = MAX_COMPLETIONS) -> list[str]:
    """Up to `limit` indexed tokens beginning with one of `prefixes`, most frequent first.

    Each prefix is a range scan of the primary key (which sorts by code point on both
    databases), itself limited, so the cost is bounded however short or common it is.
    """
    found = []
    for prefix in prefixes:
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        cursor.execute(
            f"SELECT term, df FROM {TERMS} WHERE term > %s AND term < %s "  # noqa: S608
            "ORDER BY df DESC, term LIMIT %s",
            [prefix, upper, limit],
        )
        found += cursor.fetchall()
    found.sort(key=lambda row: (-row[1], row[0]))
    return list(dict.fromkeys(term for term, _ in found))[:limit]


def names(cursor, word: str, limit: int = 3) -> list[str]:
    """Tokens of names in the other script that sound like `word`, most frequent first."""
    key = skeleton(word)
    if not key:
        return []
    cursor.execute(
        f"SELECT n.term FROM {NAMES} n JOIN {TERMS} t ON t.term = n.term "  # noqa: S608
        "WHERE n.skeleton = %s ORDER BY t.df DESC, n.term LIMIT 20",
        [key],
    )
    arabic = is_arabic(word)
    return [term for (term,) in cursor.fetchall() if is_arabic(term) != arabic][:limit]
