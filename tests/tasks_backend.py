"""Switch the django.tasks backend for one test (Django caches the TASKS setting)."""

from contextlib import contextmanager

from asgiref.local import Local
from django.tasks import task_backends
from django.test import override_settings

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _reset():
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@contextmanager
def tasks_backend(tasks_setting):
    with override_settings(TASKS=tasks_setting):
        _reset()
        try:
            yield
        finally:
            _reset()
    _reset()
