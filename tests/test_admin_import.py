"""The admin import page: paste or upload, preview, confirm — staff only, CSRF, Arabic errors."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article, Quote, RelatedLink
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_import")

RAW = """\
أعلنت وزارة الثقافة المغربية، صباح الأحد، إطلاق مهرجان وطني جديد للفنون الشعبية في مدينة فاس.

وقالت وزيرة الثقافة ليلى بنعيسى إن المهرجان "سيكون منصة للفرق الشابة من جميع المناطق"، \
مضيفة أن الدورة الأولى ستقام في الربيع المقبل.

المصدر: هسبريس

كلمات دلالية: المغرب، الفنون الشعبية، فاس، الفنون الشعبية

مقالات مشابهة

• فاس تستعد لاستقبال آلاف الزوار في موسم الصيف
"""


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_editor())
    return client


def preview(client, **data):
    return client.post(URL, {"status": "published", **data})


def test_changelist_links_to_the_import_page(editor_client):
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert f'href="{URL}"' in response.content.decode()
    assert "استيراد نص خام" in response.content.decode()


def test_page_is_arabic_rtl_with_a_csrf_protected_form(editor_client):
    response = editor_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    assert "الصق نص خبر" in html
    assert "Content-Security-Policy" in response.headers
    assert " onclick=" not in html and "<script>" not in html


def test_anonymous_and_non_staff_are_sent_to_login():
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and reverse("admin:login") in anonymous["Location"]
    user = get_user_model().objects.create_user("reader", password="x-long-password-123")
    client = Client()
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_staff_without_add_permission_is_forbidden():
    user = get_user_model().objects.create_user("viewer", password="x-long-password-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client()
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": RAW, "status": "published"}).status_code == 403
    assert Article.objects.count() == 0


def test_paste_shows_a_preview_and_writes_nothing(editor_client):
    response = preview(editor_client, text=RAW)
    html = response.content.decode()
    assert response.status_code == 200
    assert "معاينة ما سيُنشأ" in html
    assert "العنوان مشتق من الجملة الأولى" in html
    assert "أعلنت وزارة الثقافة المغربية" in html  # headline and first paragraph
    assert "ليلى بنعيسى" in html and "وزيرة الثقافة" in html  # speaker and role
    assert "سيكون منصة للفرق الشابة من جميع المناطق" in html
    assert 'الفنون الشعبية</bdi> <span class="weight">×2' in html
    assert "فاس تستعد لاستقبال آلاف الزوار في موسم الصيف" in html
    assert 'type="hidden" name="raw"' in html
    assert 'name="confirm"' in html
    assert Article.objects.count() == 0


def test_confirm_imports_and_opens_the_story(editor_client):
    raw = preview(editor_client, text=RAW).context["confirm_form"]["raw"].value()
    response = editor_client.post(URL, {"raw": raw, "status": "draft", "confirm": "1"})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.status == Article.Status.DRAFT
    assert article.needs_review is True
    assert article.source.name == "هسبريس"
    assert Quote.objects.get().speaker_name == "ليلى بنعيسى"
    assert RelatedLink.objects.get().kind == "similar"
    followed = editor_client.get(response["Location"])
    assert "تم استيراد 1 خبر." in followed.content.decode()


def test_confirming_the_same_text_again_changes_nothing(editor_client):
    editor_client.post(URL, {"raw": RAW, "status": "published", "confirm": "1"})
    response = editor_client.post(URL, {"raw": RAW, "status": "published", "confirm": "1"}, follow=True)
    assert Article.objects.count() == 1
    assert "سبق استيراد هذا النص" in response.content.decode()
    again = preview(editor_client, text=RAW)
    assert "سبق استيراد هذا النص؛ التأكيد لن يغيّر شيئاً." in again.content.decode()


def test_upload_windows_1256_file(editor_client):
    upload = SimpleUploadedFile("خبر.txt", RAW.encode("cp1256"), content_type="text/plain")
    response = preview(editor_client, file=upload)
    assert response.status_code == 200
    assert "ليلى بنعيسى" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "الصق نص الخبر أو اختر ملفاً."),
        ({"text": "   \n\n  "}, "الصق نص الخبر أو اختر ملفاً."),
        ({"text": "كلمات دلالية: المغرب فاس"}, "السطر 1: الملف لا يحتوي إلا على أسطر وصفية"),
        ({"file": ("bad.bin", b"\x00\x01\x02binary")}, "bad.bin: السطر 1: الملف ليس نصاً"),
        ({"file": ("cut.txt", "نص مقطوع".encode()[:-1])}, "cut.txt: السطر 1: ترميز UTF-8 غير صالح أو مقطوع."),
        ({"file": ("empty.txt", b"")}, "الصق نص الخبر أو اختر ملفاً."),
    ],
    ids=["empty", "blank", "keywords-only", "binary", "truncated", "empty-file"],
)
def test_bad_input_gives_an_arabic_error_not_a_500(editor_client, data, message):
    if "file" in data:
        name, content = data.pop("file")
        data["file"] = SimpleUploadedFile(name, content)
    response = preview(editor_client, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Article.objects.count() == 0


def test_tampered_confirm_gives_an_error_not_a_500(editor_client):
    response = editor_client.post(URL, {"status": "published", "confirm": "1"})
    assert response.status_code == 200
    assert "انتهت صلاحية المعاينة" in response.content.decode()
    response = editor_client.post(URL, {"raw": "\x00", "status": "published", "confirm": "1"}, follow=True)
    assert response.status_code == 200
    assert Article.objects.count() == 0


def test_pasted_markup_is_escaped_in_the_preview(editor_client):
    raw = "<script>alert(1)</script> عنوان\n\nنص الخبر <b>عريض</b>."
    html = preview(editor_client, text=raw).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>عريض</b>" not in html


def test_posts_need_csrf():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor())
    assert client.post(URL, {"text": RAW, "status": "published"}).status_code == 403
    assert client.post(URL, {"raw": RAW, "status": "published", "confirm": "1"}).status_code == 403
    assert Article.objects.count() == 0
