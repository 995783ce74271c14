"""URLs for tests/test_hardening.py: the site, plus a probe view whose one SQL statement
runs far longer than the request budget (a counting recursive query on SQLite, pg_sleep on
PostgreSQL) — what any slow query a user managed to trigger would look like."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns

SLOW_SQL = {
    "sqlite": (
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000000) "
        "SELECT count(*) FROM n"
    ),
    "postgresql": "SELECT pg_sleep(30)",
}


def slow_statement(request):
    with connection.cursor() as cursor:
        cursor.execute(SLOW_SQL[connection.vendor])
        cursor.fetchall()
    return HttpResponse("finished")


urlpatterns = [path("probe/slow-sql/", slow_statement), *site_urlpatterns]
