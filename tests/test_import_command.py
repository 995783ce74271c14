"""`manage.py import_articles`: files and folders, summary, exit status, and the §4.2 JSON."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, RelatedLink
from tests.test_parse import SEED

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

SMALL = """\
الهلال يفوز على النصر

فاز الهلال على النصر بهدفين، وقال المدرب خالد منصور إن الفريق "قدم مباراة كبيرة أمام جمهوره الليلة".

المصدر: الشرق الرياضي

وسوم: الهلال، النصر، الهلال

مقالات مشابهة

• النصر يعلن إصابة مدافعه
"""


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "small.txt").write_text(SMALL, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ليس ملف خبر", encoding="utf-8")
    return tmp_path


def test_imports_a_folder_recursively_and_summarizes(folder):
    code, out, _err = run(folder)
    assert code == 0
    assert Article.objects.count() == 1
    assert "الملفات: 1" in out
    assert "أُنشئ: 1 (الأخبار: 1)" in out
    assert "فشل: 0" in out


def test_second_run_reports_unchanged(folder):
    run(folder)
    code, out, _ = run(folder)
    assert code == 0
    assert "دون تغيير: 1" in out
    assert Article.objects.count() == 1


def test_the_project_corpus_imports_every_file():
    code, out, err = run(CORPUS)
    assert code == 0, err
    files = len(list(CORPUS.glob("*.txt")))
    assert files >= 12
    assert f"أُنشئ: {files} (" in out
    assert "فشل: 0" in out
    # Cross-file: a similar headline in a later file links to a story from an earlier one.
    hilal = Article.objects.get(headline="الهلال يقلب الطاولة على النصر ويتصدر الدوري السعودي")
    assert RelatedLink.objects.filter(kind="similar", target=hilal).exclude(article=hilal).exists()


def test_failed_files_are_named_with_line_and_reason_and_exit_1(folder):
    (folder / "broken.txt").write_bytes("سطر أول\nسطر ثان مقطوع ".encode() + "ع".encode()[:1])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "keywords.txt").write_text("كلمات دلالية: الهلال النصر", encoding="utf-8")
    code, out, err = run(folder)
    assert code == 1
    assert "فشل: 3" in out
    assert f"{folder / 'broken.txt'}: السطر 2: ترميز UTF-8 غير صالح أو مقطوع." in err
    assert f"{folder / 'empty.txt'}: الملف فارغ." in err
    assert f"{folder / 'keywords.txt'}: السطر 1:" in err
    # The good file was still imported.
    assert Article.objects.count() == 1


def test_missing_path_fails_with_its_name(tmp_path):
    code, _out, err = run(tmp_path / "لا-يوجد.txt")
    assert code == 1
    assert "لا-يوجد.txt: الملف غير موجود." in err


def test_dry_run_json_has_exactly_the_documented_shape_and_writes_nothing(folder):
    path = folder / "nested" / "small.txt"
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02")
    code, out, _ = run("--dry-run", "--format", "json", path, folder / "bad.txt")
    assert code == 1
    assert Article.objects.count() == 0
    assert json.loads(out) == {
        "files": [
            {
                "path": str(path),
                "error": None,
                "articles": [
                    {
                        "title": "الهلال يفوز على النصر",
                        "title_derived": False,
                        "body": [
                            "فاز الهلال على النصر بهدفين، وقال المدرب خالد منصور إن الفريق "
                            '"قدم مباراة كبيرة أمام جمهوره الليلة".'
                        ],
                        "blocks": [
                            {
                                "kind": "paragraph",
                                "text": "فاز الهلال على النصر بهدفين، وقال المدرب خالد منصور إن الفريق "
                                '"قدم مباراة كبيرة أمام جمهوره الليلة".',
                            }
                        ],
                        "byline": None,
                        "dateline": None,
                        "dek": None,
                        "published": None,
                        "section": None,
                        "image": None,
                        "removed": [],
                        "warnings": [],
                        "needs_review": False,
                        "source": "الشرق الرياضي",
                        "tags": [{"name": "الهلال", "weight": 2}, {"name": "النصر", "weight": 1}],
                        "quotes": [
                            {
                                "speaker": "خالد منصور",
                                "role": "المدرب",
                                "text": "قدم مباراة كبيرة أمام جمهوره الليلة",
                                "kind": "inline",
                            }
                        ],
                        "related": [
                            {
                                "kind": "similar",
                                "title": "النصر يعلن إصابة مدافعه",
                                "url": None,
                                "article_index": None,
                            }
                        ],
                    }
                ],
            },
            {
                "path": str(folder / "bad.txt"),
                "error": f"{folder / 'bad.txt'}: السطر 1: الملف ليس نصاً: يحتوي على بيانات ثنائية.",
                "articles": [],
            },
        ]
    }


def test_dry_run_json_of_the_seed(tmp_path):
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent outside CI and dev")
    shutil.copy(SEED, tmp_path / "seed-article.txt")
    code, out, _ = run("--dry-run", "--format", "json", tmp_path)
    assert code == 0
    [file] = json.loads(out)["files"]
    assert set(file) == {"path", "error", "articles"}
    first, second = file["articles"]
    for article in (first, second):
        # PRODUCT §4.2's keys, then the anatomy and trust keys of issue 10.
        assert set(article) == {
            *("title", "title_derived", "body", "source", "tags", "quotes", "related"),
            *("blocks", "byline", "dateline", "dek", "published", "section", "image", "removed"),
            *("warnings", "needs_review"),
        }
    assert first["title_derived"] is True and second["title_derived"] is False
    assert {"name": "كوريا الشمالية", "weight": 3} in first["tags"]
    assert first["quotes"][0] == {
        "speaker": "دميتري بيسكوف",
        "role": "الناطق باسم الكرملين",
        "text": first["quotes"][0]["text"],
        "kind": "inline",
    }
    assert first["related"][0] == {
        "kind": "read_also",
        "title": second["title"],
        "url": None,
        "article_index": 1,
    }
    assert first["related"][-1]["article_index"] == 1
    assert all(
        set(r) == {"kind", "title", "url", "article_index"} for r in first["related"] + second["related"]
    )
    assert [r["kind"] for r in second["related"]] == ["inline", "inline"]


def test_dry_run_text_format_says_what_would_be_created(folder):
    code, out, _ = run("--dry-run", folder)
    assert code == 0
    assert "سيُنشأ: 1 (" in out
    assert Article.objects.count() == 0


def test_progress_bar_on_stderr_for_many_files(tmp_path):
    for n in range(60):
        text = SMALL.replace("بهدفين", f"بهدفين في المباراة {n}")
        (tmp_path / f"{n}.txt").write_text(text, encoding="utf-8")
    code, out, err = run(tmp_path)
    assert code == 0
    assert "[######........................] 12/60" in err
    assert "[##############################] 60/60" in err
    assert len(err.splitlines()) == 10  # every tenth, not every file
    assert "أُنشئ: 60 (الأخبار: 60)" in out


def test_no_progress_lines_for_a_handful_of_files(folder):
    _code, _out, err = run(folder)
    assert "[" not in err


def test_status_option_imports_drafts(folder):
    run("--status", "draft", folder)
    assert Article.objects.get().status == Article.Status.DRAFT


def test_parallel_parsing_gives_the_same_parse_and_import_as_serial():
    _, serial, _ = run("--dry-run", "--format", "json", "--jobs", "1", CORPUS)
    _, parallel, _ = run("--dry-run", "--format", "json", "--jobs", "2", CORPUS)
    assert json.loads(parallel) == json.loads(serial)
    code, out, _ = run("--jobs", "2", CORPUS)
    assert code == 0
    assert "فشل: 0" in out
    assert Article.objects.count() == 13  # twelve files, one holding a read-also story
    _, again, _ = run("--jobs", "2", CORPUS)
    assert "دون تغيير: 12" in again


def test_each_chunk_is_parsed_with_the_tags_the_chunk_before_it_wrote(tmp_path):
    """Parse workers read the next chunk while this one is written: they must still know
    the tags this chunk brings, as an import that stopped here and resumed would."""
    (tmp_path / "1.txt").write_text(
        "مجلس الأمن يجتمع غدا\n\nيعقد المجلس جلسة طارئة لبحث الأزمة في الإقليم بعد تصاعد القتال.\n\n"
        "وسوم: الأمم المتحدة، مجلس الأمن\n",
        encoding="utf-8",
    )
    # No commas: the words are grouped into tags the site already has, longest first.
    (tmp_path / "2.txt").write_text(
        "جلسة طارئة تنتهي دون قرار\n\nانتهت الجلسة الطارئة دون التوصل إلى قرار بعد خلاف بين الأعضاء.\n\n"
        "وسوم: الأمم المتحدة مجلس الأمن\n",
        encoding="utf-8",
    )
    code, _, err = run("--jobs", "2", "--chunk", "1", tmp_path)
    assert code == 0, err
    second = Article.objects.get(headline="جلسة طارئة تنتهي دون قرار")
    assert sorted(second.tags.values_list("name", flat=True)) == ["الأمم المتحدة", "مجلس الأمن"]
