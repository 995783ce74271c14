"""Editor tasks end to end in real Chromium: each test walks one task as an editor does it
and prints its clicks and seconds (the issue's closing note reports them)."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import roles
from articles.models import Article, ArticleTag, Tag
from tests.factories import add_quote, make_article, make_tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "كلمة-سر-طويلة-123"


class Task:
    """Counts the clicks and times one editor task."""

    def __init__(self, name):
        self.name, self.clicks, self.started = name, 0, time.monotonic()

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def done(self):
        print(f"\nTASK {self.name}: {self.clicks} clicks, {time.monotonic() - self.started:.1f} s")


def _user(username, *groups, superuser=False):
    from django.contrib.auth.models import Permission

    roles.ensure_groups(Group, Permission)  # transactional tests flush the migration's rows
    user = get_user_model().objects.create_user(
        username, password=PASSWORD, is_staff=True, is_superuser=superuser
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ar", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def _login(page, url, username, task=None):
    page.goto(f"{url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit = page.locator("input[type=submit]")
    task.click(submit) if task else submit.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_import_guessed_story_fix_speaker_and_publish_from_the_queue(page, live_server):
    _user("desk-editor", roles.EDITORS)
    story = make_article(
        "أعلنت الشركة أرباحا قياسية في الربع الثالث", status=Article.Status.REVIEW, needs_review=True
    )
    story.derived_headline = story.headline
    story.save()
    add_quote(story, "الأرباح فاقت التوقعات", speaker="")
    task = Task("import review: fix headline and speaker, publish")
    _login(page, live_server.url, "desk-editor", task)
    queue = page.locator("#review-queue")
    assert "بانتظار المراجعة (1)" in queue.inner_text()
    task.click(queue.locator("li a").first)
    notes = page.locator(".review-notes")
    assert "العنوان مشتق" in notes.inner_text() and "اقتباس بلا متحدث" in notes.inner_text()
    count = page.locator(".headline-count")
    assert "١١٠" in count.inner_text()
    # Publishing unedited is refused with the reason.
    task.click(page.locator("input[name=_publish]"))
    assert "اكتب عنواناً قبل النشر" in page.locator(".errorlist").first.inner_text()
    page.fill("#id_headline", "الشركة تعلن أرباحاً قياسية في الربع الثالث")
    page.locator("#quotes-group input[name$='-speaker_name']").first.fill("المدير التنفيذي")
    task.click(page.locator("input[name=_publish]"))
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    task.done()
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED and not story.needs_review
    assert story.quotes.get().speaker_name == "المدير التنفيذي"
    page.goto(live_server.url + story.get_absolute_url())
    assert "الشركة تعلن أرباحاً قياسية" in page.locator("h1").inner_text()


def test_merge_variant_tags_and_follow_the_old_url(page, live_server):
    _user("desk-merger", roles.EDITORS)
    keep = make_tag("كوريا الشمالية")
    variant = Tag.objects.create(name="كوريا شمالية")
    story = make_article("بيونغ يانغ تطلق صاروخاً", published_at=timezone.now() - timedelta(hours=1))
    ArticleTag.objects.create(article=story, tag=variant, weight=2)
    old_url = variant.get_absolute_url()
    task = Task("merge two variant tags, follow old URL")
    _login(page, live_server.url, "desk-merger", task)
    page.goto(f"{live_server.url}/admin/articles/tag/")
    for pk in (keep.pk, variant.pk):
        task.click(page.locator(f"input[name=_selected_action][value='{pk}']"))
    page.select_option("select[name=action]", "merge_selected")
    task.click(page.locator("button[name=index]"))
    page.wait_for_url(re.compile(r"/merge/"))
    task.click(page.locator(f"input[name=into][value='{keep.pk}']"))
    task.click(page.locator("input[type=submit][value='دمج']"))
    page.wait_for_url(re.compile(rf"/admin/articles/tag/{keep.pk}/change/"))
    assert "دُمج" in page.locator(".messagelist").inner_text()
    response = page.goto(live_server.url + old_url)
    task.done()
    assert page.url.endswith(keep.get_absolute_url()) or keep.slug in page.url
    assert response.status == 200
    assert "بيونغ يانغ تطلق صاروخاً" in page.content()
    assert ArticleTag.objects.get(article=story).tag == keep


def test_writer_cannot_publish_and_bare_staff_gets_403_on_preview(page, live_server):
    _user("desk-writer", roles.WRITERS)
    _user("desk-bare")
    draft = make_article("مسودة لا يراها إلا أصحاب الحق", status=Article.Status.DRAFT)
    task = Task("writer: submit for review, cannot publish")
    _login(page, live_server.url, "desk-writer", task)
    page.goto(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")
    assert page.locator("input[name=_publish]").count() == 0
    options = page.locator("#id_status option").all_inner_texts()
    assert "منشور" not in options and "بانتظار المراجعة" in options
    page.select_option("#id_status", "review")
    task.click(page.locator("input[name=_save]"))
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    task.done()
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    page.context.clear_cookies()
    _login(page, live_server.url, "desk-bare")
    response = page.goto(f"{live_server.url}/preview/{draft.pk}/")
    assert response.status == 403
    assert "مسودة لا يراها" not in page.content()


def _select2(page, task, row, term, text):
    task.click(row.locator(".select2-selection"))
    page.locator(".select2-search__field").fill(term)
    option = page.locator(".select2-results__option", has_text=text)
    option.wait_for()
    task.click(option)


def test_write_and_publish_with_two_quotes_and_an_internal_link(page, live_server):
    _user("desk-writer-editor", roles.EDITORS)
    target = make_article("وزيرة خارجية أستراليا تزور سول", published_at=timezone.now() - timedelta(hours=2))
    task = Task("write and publish: two quotes, one internal link")
    _login(page, live_server.url, "desk-writer-editor", task)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "كوريا الجنوبية وأستراليا توقعان اتفاق تعاون دفاعي")
    assert (
        "٤٩ / ١١٠" in page.locator(".headline-count").inner_text()
        or "/ ١١٠" in page.locator(".headline-count").inner_text()
    )
    assert page.input_value("#id_slug").startswith("كوريا-الجنوبية")  # follows the headline
    page.fill("#id_body", "وقّع البلدان الاتفاق في سول.\n\nويشمل تدريبات مشتركة.")
    quotes = page.locator("#quotes-group")
    for speaker, text in [("بيني وونغ", "نريد علاقات أقوى"), ("تشو هيون", "الاتفاق يخدم الاستقرار")]:
        task.click(quotes.locator(".add-row a"))
        row = quotes.locator("tr.form-row:not(.empty-form)").last
        row.locator("input[name$='-speaker_name']").fill(speaker)
        row.locator("textarea[name$='-text']").fill(text)
    links = page.locator("#related_links-group")
    task.click(links.locator(".add-row a"))
    row = links.locator("tr.form-row:not(.empty-form)").last
    row.locator("select[name$='-kind']").select_option("read_also")
    _select2(page, task, row, "أستراليا", "وزيرة خارجية أستراليا")
    assert row.locator("input[name$='-title']").input_value() == target.headline  # filled in
    task.click(page.locator("input[name=_publish]"))
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    task.done()
    story = Article.objects.get(headline__startswith="كوريا الجنوبية")
    assert story.status == Article.Status.PUBLISHED and story.quotes.count() == 2
    assert story.related_links.get().target == target
    page.goto(live_server.url + story.get_absolute_url())
    html = page.content()
    assert "نريد علاقات أقوى" in html and "الاتفاق يخدم الاستقرار" in html
    assert target.get_absolute_url() in html


def test_schedule_and_see_it_go_live_at_its_time(page, live_server, browser):
    _user("desk-scheduler", roles.EDITORS)
    task = Task("schedule a story, see it go live")
    _login(page, live_server.url, "desk-scheduler", task)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "خبر مجدول يظهر بعد ثوان")
    page.fill("#id_body", "فقرة الخبر المجدول.")
    when = timezone.localtime(timezone.now() + timedelta(seconds=15))
    page.fill("#id_published_at_0", when.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", when.strftime("%H:%M:%S"))
    task.click(page.locator("input[name=_publish]"))
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert "مجدول" in page.locator("#result_list").inner_text()
    story = Article.objects.get(headline="خبر مجدول يظهر بعد ثوان")
    assert story.is_scheduled
    reader = browser.new_context(locale="ar").new_page()
    early = reader.goto(live_server.url + story.get_absolute_url()).status
    if timezone.now() < story.published_at - timedelta(seconds=1):  # the request came before its time
        assert early == 404
    deadline = time.monotonic() + 40
    status = 404
    while status != 200 and time.monotonic() < deadline:
        time.sleep(1)
        status = reader.goto(live_server.url + story.get_absolute_url()).status
    task.done()
    assert status == 200 and timezone.now() >= story.published_at
    assert "خبر مجدول يظهر بعد ثوان" in reader.content()
    reader.context.close()


def test_restore_an_old_revision(page, live_server):
    _user("desk-restorer", roles.EDITORS)
    story = make_article("العنوان الأصلي", published_at=timezone.now() - timedelta(hours=1))
    _login(page, live_server.url, "desk-restorer")
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    for headline in ("العنوان الأصلي", "عنوان خاطئ"):
        page.goto(change)
        page.fill("#id_headline", headline)
        page.locator("input[name=_save]").click()
        page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    task = Task("restore an old revision")
    page.goto(change)
    task.click(page.locator("a.historylink"))
    history = page.locator("#change-history")
    assert "عنوان خاطئ" in history.inner_text()  # the diff says what changed
    task.click(history.locator("a.button").first)
    assert page.input_value("#id_headline") == "العنوان الأصلي"
    task.click(page.locator("input[name=_save]"))
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    task.done()
    story.refresh_from_db()
    assert story.headline == "العنوان الأصلي"


def test_live_preview_follows_the_typing_beside_the_form(page, live_server):
    _user("preview-editor", roles.EDITORS)
    task = Task("write with the live preview beside the form")
    _login(page, live_server.url, "preview-editor", task)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    frame = page.frame_locator(".live-preview__frame")
    frame.locator("#story-title").wait_for(state="attached")  # the first preview, on load
    page.fill("#id_headline", "عنوان يكتبه المحرر الآن")
    page.fill("#id_body", "فقرة أولى.\n\n## عنوان فرعي\n\nفقرة ثانية.")
    frame.locator("#story-title", has_text="عنوان يكتبه المحرر الآن").wait_for(timeout=10_000)
    assert frame.locator(".story__crosshead").inner_text() == "عنوان فرعي"
    # Beside the form at 1366 px, not below it.
    form_box = page.locator(".desk-writing__form").bounding_box()
    preview_box = page.locator(".live-preview").bounding_box()
    assert preview_box["y"] < form_box["y"] + 200 and preview_box["x"] < form_box["x"]
    assert Article.objects.count() == 0
    task.done()
