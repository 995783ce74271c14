"""An interrupted import leaves the database connection as a process's end would.

Ctrl-C (a KeyboardInterrupt) lands on whatever line is running, and that can be inside
Django's own `transaction.atomic` bookkeeping: after an exit's `atomic_blocks.pop()` and
before its `savepoint_ids.pop()`, or after an enter's BEGIN and before the records of it.
The chunk's transaction then stays open while Django's records disagree with it, and the
connection's next user (a shell, a test that goes on, a second import in the same
process) works inside a transaction that never commits, over savepoint ids left behind.
A later exit that pops one of those rolls back to a savepoint that is gone, which marks
the connection for rollback: from then on every statement, so every file of a chunk and
of its file-by-file retry, fails with TransactionManagementError. A process that exits
takes its transaction with it; a caller that goes on gets the same here: rolled back,
the records reset.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections


@contextmanager
def rolled_back_if_interrupted(using: str = DEFAULT_DB_ALIAS):
    """Around work that opens its own transactions from autocommit (the import command)."""
    connection = connections[using]
    outside = not connection.in_atomic_block and connection.get_autocommit()
    try:
        yield
    except BaseException:
        # Every atomic block of the work has exited by now: a connection still in one, or
        # out of autocommit, was left so by an interruption inside the bookkeeping.
        if outside and (connection.in_atomic_block or not connection.get_autocommit()):
            end_torn_transaction(connection)
        raise


def interruption_in(error: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl-C behind a database error, if there is one. psycopg cancels the query in
    flight on a KeyboardInterrupt, but in pipeline mode (executemany) it raises an
    OperationalError ("cannot exit pipeline mode while busy") from it: caught as any other
    error, the interruption was lost and the work went on over a connection out of step."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def end_torn_transaction(connection) -> None:
    """Roll back the open transaction and reset Django's records of it (what
    `Atomic.__exit__` of the outermost block would have done)."""
    connection.atomic_blocks = []
    connection.savepoint_ids = []
    connection.in_atomic_block = False
    connection.needs_rollback = False
    connection.commit_on_exit = True
    # The hooks were the rolled-back transaction's (purges, task runs): never run.
    connection.run_on_commit = []
    connection.run_commit_hooks_on_set_autocommit_on = False
    if connection.closed_in_transaction:
        connection.closed_in_transaction = False
        connection.connection = None
        connection.set_autocommit(True)
        return
    try:
        connection.rollback()
        connection.set_autocommit(True)
    except DatabaseError:
        # The interruption came while a query was in flight (psycopg: "another command is
        # already in progress"): this connection cannot be talked to again. Closing it ends
        # the transaction on the server; the next query opens a fresh one in autocommit.
        connection.close()
