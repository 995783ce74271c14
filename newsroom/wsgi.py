import os

from django.core.wsgi import get_wsgi_application

from articles.caching.wsgi import CachedPagesApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
# Page-cache hits are answered before Django (articles/caching/wsgi.py).
application = CachedPagesApp(get_wsgi_application())
