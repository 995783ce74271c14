"""Plain executemany writes for the bulk paths (an import chunk, the worker's batch).

Django's bulk_create and bulk_update build one statement of every row's values through
the ORM's compiler (bulk_update a CASE WHEN per row): at an import chunk's 10,000 rows
that compiling cost more than the database's work. These send one parameterized
statement for all rows; values go through each field's own `get_db_prep_save`, so a
JSON field is stored exactly as `save()` would store it. Neither sends signals (nothing
in newsroom listens: articles/services.py is the write path) nor returns ids: rows
whose ids a caller needs back (the stories themselves) still go through bulk_create.
"""

from django.db import connection
from django.db.models import BooleanField, CharField, ForeignKey, IntegerField, TextField

# Fields whose Python value is what both databases' drivers take (ids, text, numbers):
# get_db_prep_save would only hand them back, at a Python call per value.
PLAIN = (ForeignKey, CharField, TextField, IntegerField, BooleanField)


def insert(model, objects) -> None:
    """INSERT `objects` (model instances of a model without auto_now fields) with every
    column but the primary key. A foreign key set to an instance saved since (a story of
    the same batch) takes its id, as bulk_create would."""
    if not objects:
        return
    sql, rows = _insert_sql(model, objects), _rows(model, objects)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def insert_returning_ids(model, objects, batch_size: int) -> None:
    """INSERT new instances in multi-row statements and give each its primary key from
    RETURNING, as bulk_create does (in the rows' order, which both databases keep, and
    bulk_create counts on too); auto_now and auto_now_add fields are stamped first."""
    if not objects:
        return
    meta = model._meta
    columns = _columns(model)
    stamped = [f for f in columns if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for obj in objects:
        for stamp in stamped:
            stamp.pre_save(obj, True)
    rows = _rows(model, objects)
    per_statement = max(1, min(batch_size, connection.ops.bulk_batch_size(columns, objects)))
    head = _insert_sql(model, objects).split(" VALUES ")[0]
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    returning = f" RETURNING {connection.ops.quote_name(meta.pk.column)}"
    with connection.cursor() as cursor:
        for start in range(0, len(objects), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                f"{head} VALUES {', '.join([one_row] * len(chunk))}{returning}",
                [value for row in chunk for value in row],
            )
            for obj, (pk,) in zip(objects[start : start + per_statement], cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias


def _columns(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _insert_sql(model, objects) -> str:
    quote = connection.ops.quote_name
    columns = _columns(model)
    names, marks = ", ".join(quote(f.column) for f in columns), ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 (names from the model)


def _rows(model, objects) -> list[list]:
    """Each object's column values as the driver takes them."""
    columns = _columns(model)
    relations = [f for f in columns if f.is_relation]
    for obj in objects:
        for relation in relations:
            if getattr(obj, relation.attname) is None and relation.is_cached(obj):
                target = relation.get_cached_value(obj)
                if target is not None:
                    if target.pk is None:
                        raise ValueError(f"{model.__name__}.{relation.name}: an unsaved {target!r}")
                    setattr(obj, relation.attname, target.pk)
    prepared = [(f.attname, None if isinstance(f, PLAIN) else f) for f in columns]
    return [
        [
            getattr(obj, name) if f is None else f.get_db_prep_save(getattr(obj, name), connection)
            for name, f in prepared
        ]
        for obj in objects
    ]


def update(model, field_name: str, values: list[tuple[int, object]]) -> None:
    """UPDATE one column of the rows given as (primary key, new value) pairs."""
    if not values:
        return
    meta = model._meta
    field = meta.get_field(field_name)
    quote = connection.ops.quote_name
    table, column, pk = quote(meta.db_table), quote(field.column), quote(meta.pk.column)
    sql = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"  # noqa: S608 (names from the model)
    rows = [(field.get_db_prep_save(value, connection), pk) for pk, value in values]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
