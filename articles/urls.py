from django.urls import path, register_converter

from . import views
from .converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("news/<int:pk>/", views.article_detail, name="detail-short"),
    path("news/<int:pk>/<uslug:slug>/", views.article_detail, name="detail"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("tag/<uslug:slug>/", views.tag_detail, name="tag"),
    path("source/<uslug:slug>/", views.source_detail, name="source"),
]
