"""The import's parse workers (articles/importer/pipeline.ParsePool): forked once for a
run, told before each chunk what the run has learnt since, and never the cause of a
lost file — a worker that dies has its files parsed by the importer itself."""

import os
import signal

import pytest

from articles.importer.persist import Importer
from articles.importer.pipeline import ParsePool

pytestmark = pytest.mark.django_db

STORIES = [  # headline, body, tag
    ("وزير المالية يعلن ميزانية العام المقبل", "أعلن الوزير اليوم ميزانية العام المقبل.", "الاقتصاد"),
    ("المنتخب يفوز في مباراة الافتتاح", 'وقال المدرب بعد المباراة: "قدموا كل ما لديهم".', "الرياضة"),
    ("أمطار غزيرة تغلق طرقا في الشمال", "أغلقت السلطات طرقا عدة بعد أمطار ليلة أمس.", "الطقس"),
    ("افتتاح معرض الكتاب بمشاركة واسعة", "افتتح المعرض أبوابه بمشاركة مئات الناشرين.", "الثقافة"),
    ("ارتفاع أسعار النفط في الأسواق", "ارتفعت الأسعار بعد قرار خفض الإنتاج.", "الطاقة"),
    ("البرلمان يقر قانون الانتخابات", "أقر البرلمان القانون الجديد بعد نقاش طويل.", "السياسة"),
    ("جامعة تطلق برنامجا للذكاء الاصطناعي", "أطلقت الجامعة برنامجا جديدا يبدأ الخريف.", "التعليم"),
    ("مستشفى جديد يفتح أبوابه في المدينة", "فتح المستشفى أبوابه بطاقة ثلاثمئة سرير.", "الصحة"),
]


@pytest.fixture
def files(tmp_path):
    found = []
    for n, (headline, body, tag) in enumerate(STORIES):
        path = tmp_path / f"{n}.txt"
        path.write_text(f"{headline}\n\n{body}\n\nوسوم: {tag}\n", encoding="utf-8")
        found.append((path.name, path))
    return found


def parses(chunk) -> list:
    return [(item.shown, item.result.as_json(item.shown) if item.result else item.problem) for item in chunk]


def kill(process):
    os.kill(process.pid, signal.SIGKILL)
    process.join()


def test_workers_parse_what_this_process_would(files):
    importer = Importer()
    pool = ParsePool(importer, jobs=2, skip_imported=True)
    try:
        assert parses(pool.chunk(files)) == parses(ParsePool(importer, 1, True).chunk(files))
    finally:
        pool.close()
    assert not any(p.is_alive() for p in pool.processes)


def test_the_workers_are_forked_once_for_all_the_chunks(files):
    pool = ParsePool(Importer(), jobs=2, skip_imported=True)
    try:
        parses(pool.chunk(files[:4]))
        first = [p.pid for p in pool.processes]
        parses(pool.chunk(files[4:]))
        assert [p.pid for p in pool.processes] == first
    finally:
        pool.close()


def test_a_worker_killed_between_chunks_or_during_one_loses_no_file(files):
    importer = Importer()
    expected = parses(ParsePool(importer, 1, True).chunk(files))
    pool = ParsePool(importer, jobs=2, skip_imported=True)
    try:
        assert parses(pool.chunk(files[:4])) == expected[:4]
        kill(pool.processes[0])
        assert parses(pool.chunk(files[4:])) == expected[4:]
        chunk = pool.chunk(files[:4])
        kill(pool.processes[1])  # its share parsed and sent, or not: either way nothing is lost
        assert parses(chunk) == expected[:4]
    finally:
        pool.close()


def test_a_chunk_left_unread_ends_the_workers(files):
    pool = ParsePool(Importer(), jobs=2, skip_imported=True)
    chunk = pool.chunk(files)
    next(chunk)
    workers = pool.processes
    chunk.close()  # the rest of its results would be read as the next chunk's
    assert pool.processes == [] and not any(p.is_alive() for p in workers)
    assert len(parses(pool.chunk(files))) == len(files)
    pool.close()
