"""Parsing is linear in the size of the copy (issue 10, item 6).

A 200 KB paste of 6,000 lines without blank lines, or a keyword line of 3,000 tags, took minutes
when the loops were quadratic. These tests grow the input fourfold and require the time to grow
well under the sixteenfold a quadratic loop gives (best of two runs, so a busy machine does not
decide), plus a generous absolute bound that only minutes-long parsing can break. Speed itself
is measured by `tools/real_corpus_report.py --speed`, not here.
"""

import time

from articles.importer.headlines import split_run_together
from articles.importer.parse import parse

LINE = "وقال الوزير إن المشروع سينجز قبل نهاية العام الحالي وفق الخطة"
TAG_WORDS = ["كوريا الشمالية", "روسيا", "بوتين", "الفضاء", "ملفات"]
# Linear growth ×4 in time; quadratic ×16. Anything under ×9 is linear with noise to spare.
MAX_RATIO = 9
GENEROUS_SECONDS = 30


def _best_of_two(make, n: int) -> float:
    text = make(n)
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        parse(text)
        best = min(best, time.perf_counter() - started)
    return best


def _growth(make, small: int, large: int, attempts: int = 3) -> tuple[float, float, float]:
    """(small time, large time, their ratio) from the attempt with the lowest ratio: each
    attempt times both sizes back to back, so a burst of load on a shared machine during one
    of them does not decide (a quadratic loop's ×16 shows in every attempt)."""
    best = (0.0, 0.0, float("inf"))
    for _ in range(attempts):
        a, b = _best_of_two(make, small), _best_of_two(make, large)
        if b / a < best[2]:
            best = (a, b, b / a)
        if best[2] < MAX_RATIO:
            break
    return best


def _paste_without_blank_lines(lines: int) -> str:
    # Every third line has no full stop: headline-shaped lines between paragraphs (boxes).
    return "عنوان الخبر\n" + "\n".join(
        f"{LINE} رقم {i}." if i % 3 else f"{LINE} رقم {i}" for i in range(lines)
    )


def _keyword_line(tags: int) -> str:
    names = " ".join(f"{TAG_WORDS[i % 5]}{i}" for i in range(tags))
    return "عنوان الخبر\n\nنص الخبر هنا، وهو طويل بما يكفي ليكون فقرة.\n\nكلمات دلالية: " + names


def test_a_long_paste_without_blank_lines_parses_in_linear_time():
    small, large, ratio = _growth(_paste_without_blank_lines, 750, 3000)
    assert len(_paste_without_blank_lines(6000).encode()) > 200_000  # the size
    assert large < GENEROUS_SECONDS
    assert ratio < MAX_RATIO, (small, large)


def test_a_keyword_line_of_thousands_of_tags_parses_in_linear_time():
    result = parse(_keyword_line(3000))
    assert len(result.articles[0].tags) >= 3000
    small, large, ratio = _growth(_keyword_line, 750, 3000)
    assert large < GENEROUS_SECONDS
    assert ratio < MAX_RATIO, (small, large)


def test_a_huge_headline_shaped_line_is_not_split_and_not_quadratic():
    line = " ".join(f"كلمة{i} تفرض" for i in range(2000))
    started = time.perf_counter()
    assert split_run_together(line) == [line]
    assert time.perf_counter() - started < GENEROUS_SECONDS
