"""The two index backends: SQLite FTS5 and PostgreSQL tsvector, over the same tokens.

Both keep `articles_search_entry` (article id, sort key, and the short fields the
ranker reads) and answer one question the same way: the newest matching stories,
at most `limit` of them, plus the newest stories matching in the headline. Ranking
happens afterwards in Python (ranking.py), identically for both.

The tables are created by migrations 0002-0003, PostgreSQL's candidate function by
0004-0005 and its phrase pairs by 0017 (raw SQL: FTS5 and tsvector are not model
fields). Query strings are built from normalized tokens (letters, digits, "_"), and
are still quoted and escaped so nothing a reader types reaches the query syntax.
"""

import itertools
from datetime import UTC, date, datetime, timedelta

from articles.text.analysis import STOP, SURFACE

from .document import FIELDS, SORT_KEY_SCALE, SearchDocument
from .query import Term
from .vocabulary import NAMES, TERMS

ENTRY = "articles_search_entry"
FTS = "articles_search_fts"
VECTORS = "articles_search_vector"
_ENTRY_COLUMNS = "article_id, sort_key, headline, lead, quotes"


def _chunks(items, size=500):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


class SqliteBackend:
    vendor = "sqlite"

    def delete(self, cursor, article_ids):
        for chunk in _chunks(article_ids):
            marks = _placeholders(len(chunk))
            cursor.execute(
                f"DELETE FROM {FTS} WHERE rowid IN "  # noqa: S608 (placeholders only)
                f"(SELECT sort_key FROM {ENTRY} WHERE article_id IN ({marks}))",
                chunk,
            )
            cursor.execute(f"DELETE FROM {ENTRY} WHERE article_id IN ({marks})", chunk)  # noqa: S608

    def insert(self, cursor, docs: list[SearchDocument]):
        cursor.executemany(
            f"INSERT INTO {ENTRY} ({_ENTRY_COLUMNS}) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
            [(d.article_id, d.sort_key, d.text("headline"), d.text("lead"), d.text("quotes")) for d in docs],
        )
        cursor.executemany(
            f"INSERT INTO {FTS} (rowid, {', '.join(FIELDS)}) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
            [(d.sort_key, *(d.text(f) for f in FIELDS)) for d in docs],
        )

    def stored_tokens(self, cursor, article_ids) -> list[set[str]]:
        """The distinct tokens each of these stories is indexed under (for the vocabulary)."""
        found = []
        for chunk in _chunks(article_ids):
            cursor.execute(
                f"SELECT f.headline, f.lead, f.quotes, f.rest FROM {FTS} f JOIN {ENTRY} e "  # noqa: S608
                f"ON f.rowid = e.sort_key WHERE e.article_id IN ({_placeholders(len(chunk))})",
                chunk,
            )
            found += [set(" ".join(fields).split()) for fields in cursor.fetchall()]
        return found

    def clear(self, cursor):
        cursor.execute(f"DELETE FROM {FTS}")  # noqa: S608
        cursor.execute(f"DELETE FROM {ENTRY}")  # noqa: S608

    def analyze(self, cursor):
        cursor.execute(f"ANALYZE {ENTRY}")
        cursor.execute(f"ANALYZE {TERMS}")

    def maintain(self, cursor):
        """After a bulk load: merge FTS5's segments into one b-tree, refresh statistics."""
        cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")  # noqa: S608
        self.analyze(cursor)

    def candidates(self, cursor, terms: list[Term], now_key: int, limit: int, df=None):
        expression = " AND ".join(_fts_term(t) for t in terms)
        newest = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s AND rowid <= %s ORDER BY rowid DESC LIMIT %s"  # noqa: S608
        cursor.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM {ENTRY} WHERE sort_key IN "  # noqa: S608
            f"(SELECT * FROM ({newest}) UNION SELECT * FROM ({newest}))",
            [expression, now_key, limit, f"{{headline}} : ({expression})", now_key, limit],
        )
        return cursor.fetchall()


def _fts_string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts_term(term: Term) -> str:
    if term.is_phrase:
        return _fts_string(" ".join(term.stems))
    return "(" + " OR ".join(_fts_string(t) for t in term.tokens) + ")"


class PostgresBackend:
    vendor = "postgresql"
    WEIGHTS = dict(zip(FIELDS, "ABCD", strict=True))

    def delete(self, cursor, article_ids):
        for chunk in _chunks(article_ids):
            marks = _placeholders(len(chunk))
            cursor.execute(f"DELETE FROM {VECTORS} WHERE article_id IN ({marks})", chunk)  # noqa: S608
            cursor.execute(f"DELETE FROM {ENTRY} WHERE article_id IN ({marks})", chunk)  # noqa: S608

    def insert(self, cursor, docs: list[SearchDocument]):
        cursor.executemany(
            f"INSERT INTO {ENTRY} ({_ENTRY_COLUMNS}) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
            [(d.article_id, d.sort_key, d.text("headline"), d.text("lead"), d.text("quotes")) for d in docs],
        )
        cursor.executemany(
            f"INSERT INTO {VECTORS} (article_id, sort_key, headline_tsv, document_tsv) "  # noqa: S608
            "VALUES (%s, %s, %s::tsvector, %s::tsvector)",
            [
                (d.article_id, d.sort_key, self.tsvector(d, ("headline",)), self.tsvector(d, FIELDS))
                for d in docs
            ],
        )

    def stored_tokens(self, cursor, article_ids) -> list[set[str]]:
        """The distinct tokens each of these stories is indexed under (for the vocabulary)."""
        found = []
        for chunk in _chunks(article_ids):
            cursor.execute(
                f"SELECT tsvector_to_array(document_tsv) FROM {VECTORS} "  # noqa: S608
                f"WHERE article_id IN ({_placeholders(len(chunk))})",
                chunk,
            )
            found += [{t for t in lexemes if not t.startswith("~")} for (lexemes,) in cursor.fetchall()]
        return found

    def clear(self, cursor):
        # DELETE, not TRUNCATE: readers keep searching the old index until the rebuild commits.
        cursor.execute(f"DELETE FROM {VECTORS}")  # noqa: S608
        cursor.execute(f"DELETE FROM {ENTRY}")  # noqa: S608

    def analyze(self, cursor):
        """Fresh statistics after a bulk load, so the planner knows how common each word is.

        The articles table too: with stale statistics after an import, the result list's
        "id IN (search ids)" count ran as a sequential scan (120 ms instead of 13 ms at 100k).
        """
        cursor.execute(f"ANALYZE {ENTRY}, {VECTORS}, {TERMS}, {NAMES}, articles_article")

    def maintain(self, cursor):
        """After a bulk load (outside a transaction): drop dead rows, refresh statistics."""
        cursor.execute(f"VACUUM ANALYZE {ENTRY}, {VECTORS}, {TERMS}, {NAMES}")

    # Recency windows: (lexeme kind, how many days/months back). A common word's newest
    # matches all lie in the last day or so, and GIN intersects the word with the
    # window's day lexemes inside the index, so PostgreSQL visits a few hundred rows
    # instead of every story containing "في". The database function (migrations
    # 0004-0005) tries the last day, guesses the window that holds enough matches
    # from their density, and falls back to the unbounded query, cheap for rare words.
    # Few lexemes per window (GIN unions their postings): days up to a week, then months.
    WINDOWS = (("d", 1), ("d", 2), ("d", 4), ("d", 7), ("m", 1), ("m", 2), ("m", 3), ("m", 6), ("m", 12))

    # A term held by at most this many stories drives the query: its stories are read
    # (one GIN lookup) and the whole query is checked on them alone, instead of GIN
    # looking up every alternative of every term (a prefix's 24 completions, a typo's
    # corrections) once per recency window. Same stories: the query implies the term.
    DRIVER_MAX = 400

    def candidates(self, cursor, terms: list[Term], now_key: int, limit: int, df=None):
        query = tsquery(terms)
        driver = _driver(terms, df, self.DRIVER_MAX) if df else None
        if driver is not None:
            newest = "SELECT sort_key FROM c WHERE {tsv} @@ %s::tsquery ORDER BY sort_key DESC LIMIT %s"
            cursor.execute(
                f"WITH c AS MATERIALIZED (SELECT sort_key, headline_tsv, document_tsv FROM {VECTORS} "  # noqa: S608
                "WHERE document_tsv @@ %s::tsquery AND sort_key <= %s) "
                f"SELECT {_ENTRY_COLUMNS} FROM {ENTRY} WHERE sort_key IN "
                f"(({newest.format(tsv='document_tsv')}) UNION ({newest.format(tsv='headline_tsv')}))",
                [driver, now_key, query, limit, query, limit],
            )
            return cursor.fetchall()
        windows = recency_windows(now_key, self.WINDOWS)
        cursor.execute(
            "SELECT article_id, sort_key, headline, lead, quotes "
            "FROM articles_search_candidates(%s::tsquery, %s::tsquery[], %s::integer[], %s, %s)",
            [
                query,
                [" | ".join(lexemes) for _, lexemes in windows],
                [span for span, _ in windows],
                now_key,
                limit,
            ],
        )
        return cursor.fetchall()

    @classmethod
    def tsvector(cls, doc: SearchDocument, fields) -> str:
        """A tsvector literal of exactly our tokens (no parser, no dictionary).

        Stems carry positions (one position of gap between fields, so a phrase never
        spans two fields, as in FTS5's columns) and their field's weight; surface
        forms are only for prefix matching and carry none; each two stems at adjacent
        positions are a pair lexeme too (a phrase's filter inside GIN: _ts_term).
        """
        positions: dict[str, list[tuple[int, str]]] = {}
        surfaces: set[str] = set()
        position = 0
        for field in fields:
            weight = cls.WEIGHTS[field]
            for token in doc.fields[field]:
                if token.startswith(SURFACE) and not token.startswith(STOP):
                    surfaces.add(token)
                    continue
                position += 1
                positions.setdefault(token, []).append((min(position, 16383), weight))
            position += 1
        # PostgreSQL keeps at most 256 positions of a lexeme; phrases match only those.
        stored = {t: p[:256] for t, p in positions.items()}
        lexemes = [f"{_ts_string(t)}:{','.join(f'{n}{w}' for n, w in p)}" for t, p in stored.items()]
        lexemes += [_ts_string(t) for t in surfaces - positions.keys()]
        lexemes += [_ts_string(t) for t in recency_lexemes(doc.sort_key)]
        lexemes += [_ts_string(t) for t in sorted(adjacent_pairs(stored))]
        return " ".join(lexemes)


def pair_lexeme(first: str, second: str) -> str:
    """The lexeme of two stems at adjacent positions («~a~b»: no typed word has a "~")."""
    return f"~{first}~{second}"


def adjacent_pairs(stored: dict[str, list[tuple[int, str]]]) -> set[str]:
    """A pair lexeme for every two lexemes at adjacent stored positions.

    Exactly the adjacencies PostgreSQL's <-> can see, so a story matching a phrase
    always holds the phrase's pairs (migration 0017 derives the same set in SQL).
    """
    at: dict[int, list[str]] = {}
    for token, spots in stored.items():
        for n, _ in spots:
            at.setdefault(n, []).append(token)
    return {pair_lexeme(a, b) for n, firsts in at.items() for a in firsts for b in at.get(n + 1, ())}


def _published_date(sort_key: int):
    return datetime.fromtimestamp(sort_key // SORT_KEY_SCALE, UTC).date()


def recency_lexemes(sort_key: int) -> list[str]:
    """The day and month a story was published, as lexemes no typed word can produce."""
    day = _published_date(sort_key)
    return [f"~d{day:%Y%m%d}", f"~m{day:%Y%m}"]


def recency_windows(now_key: int, specs) -> list[tuple[int, list[str]]]:
    """(days the window surely covers, its lexemes) for each spec, growing spans only.

    ("d", n): the last n days. ("m", n): this month and the n-1 before it, which
    surely covers the days since the first of the earliest month.
    """
    today = _published_date(now_key)
    windows: list[tuple[int, list[str]]] = []
    for kind, count in specs:
        if kind == "d":
            span = count
            lexemes = [_ts_string(f"~d{today - timedelta(days=n):%Y%m%d}") for n in range(count)]
        else:
            lexemes, year, month = [], today.year, today.month
            for _ in range(count):
                lexemes.append(_ts_string(f"~m{year:04d}{month:02d}"))
                first = date(year, month, 1)
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            span = (today - first).days + 1
        if not windows or span > windows[-1][0]:
            windows.append((span, lexemes))
    return windows


def _ts_string(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _driver(terms: list[Term], df: dict[str, int], most: int) -> str | None:
    """The tsquery of the query's rarest term (a phrase: its rarest word), if at most
    `most` stories hold it and checking the query on them is worth it."""
    if len(terms) < 2 and not any(len(t.tokens) > 1 for t in terms):
        return None  # one plain word: its own GIN lookup is the cheapest there is
    best = None
    for term in terms:
        if term.is_phrase:
            stem = min(term.stems, key=lambda s: (df.get(s, 0), s))
            cost, tokens = df.get(stem, 0), (stem,)
        else:
            cost, tokens = sum(df.get(t, 0) for t in term.tokens), term.tokens
        if best is None or cost < best[0]:
            best = (cost, tokens)
    if best is None or best[0] > most:
        return None
    return "(" + " | ".join(_ts_string(t) for t in best[1]) + ")"


def tsquery(terms: list[Term]) -> str:
    """The tsquery every term of which a matching story satisfies."""
    return " & ".join(_ts_term(t) for t in terms)


def _ts_term(term: Term) -> str:
    if term.is_phrase:
        # GIN keeps no positions: every story holding the phrase's words is read and its
        # tsvector decompressed to check their order (270 ms for «عالميا في الطاقة» at
        # 100,000 stories). Its adjacent pairs are lexemes of their own, so GIN narrows
        # the check to the stories holding every pair; the positions still decide.
        pairs = sorted({pair_lexeme(a, b) for a, b in itertools.pairwise(term.stems)})
        return (
            "(("
            + " <-> ".join(_ts_string(s) for s in term.stems)
            + ") & "
            + " & ".join(_ts_string(p) for p in pairs)
            + ")"
        )
    return "(" + " | ".join(_ts_string(t) for t in term.tokens) + ")"


BACKENDS = {b.vendor: b for b in (SqliteBackend(), PostgresBackend())}


def backend_for(connection):
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"search supports SQLite and PostgreSQL, not {connection.vendor}") from None
