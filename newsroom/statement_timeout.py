"""A time budget for every SQL statement a request runs (settings.DATABASE_STATEMENT_TIMEOUT_MS).

PostgreSQL enforces it itself: the connection starts with `-c statement_timeout=…`
(newsroom/settings.py). SQLite has no such setting, so each SQLite connection gets a
progress handler — called every few thousand virtual-machine steps — that interrupts a
statement running longer than the budget. The SQLite budget applies in request context
only (StatementTimeoutMiddleware starts the clock at each statement), so imports,
backups and migrations on the command line run as long as they need; on PostgreSQL
`manage.py` turns the budget off for every command but `runserver` (manage.py).

A statement cut off this way ends the request with a 503 page, not a 500: the
server is fine, the request asked too much of it.

SQLite calls the handler between its own steps, not while a Python function it called
runs (Django's REGEXP is one): a slow regex is kept out by the admin's explicit lookup
list (newsroom/admin_site.py), not by this.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.db import OperationalError, connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.template.response import TemplateResponse

# monotonic() time when the current statement must be over; None outside requests.
_statement_deadline: ContextVar[float | None] = ContextVar("statement_deadline", default=None)
PROGRESS_STEPS = 10_000  # SQLite VM instructions between checks (≈ a millisecond or less)


def _sqlite_progress() -> int:
    deadline = _statement_deadline.get()
    return 1 if deadline is not None and time.monotonic() > deadline else 0


@receiver(connection_created, dispatch_uid="sqlite_statement_timeout")
def _install_progress_handler(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(_sqlite_progress, PROGRESS_STEPS)


def is_statement_timeout(exc: BaseException) -> bool:
    """A statement cut off by the budget: SQLite's "interrupted", PostgreSQL's query_canceled."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) == "57014":  # psycopg: query_canceled
        return True
    return str(exc) == "interrupted"


class StatementTimeoutMiddleware:
    """Starts each SQLite statement's clock in request context; turns a cut-off into a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        budget_ms = settings.DATABASE_STATEMENT_TIMEOUT_MS
        if not budget_ms:
            return self.get_response(request)
        budget = budget_ms / 1000

        def start_clock(execute, sql, params, many, context):
            # The clock is not stopped when execute() returns: rows fetched afterwards
            # are still this statement's work, until the next statement starts.
            _statement_deadline.set(time.monotonic() + budget)
            return execute(sql, params, many, context)

        wrapped = [c for c in connections.all(initialized_only=False) if c.vendor == "sqlite"]
        for connection in wrapped:
            connection.execute_wrappers.append(start_clock)
        try:
            return self.get_response(request)
        finally:
            for connection in wrapped:
                connection.execute_wrappers.remove(start_clock)
            _statement_deadline.set(None)

    def process_exception(self, request, exception):
        if is_statement_timeout(exception):
            return TemplateResponse(request, "503.html", status=503)
        return None
