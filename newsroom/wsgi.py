import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django_application = get_wsgi_application()

from articles.caching.wsgi import CachedPagesApp  # noqa: E402 (needs the apps loaded)

# Page-cache hits are answered before Django (articles/caching/wsgi.py).
application = CachedPagesApp(django_application)
