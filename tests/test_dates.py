"""Arabic dates: month names, the Hijri calendar (Umm al-Qura, tabular outside it) and relative times with
correct number agreement (articles/text/dates.py: Django's `ar` locale and gettext's six Arabic
plural forms from locale/ar; no database)."""

from datetime import date, datetime, timedelta

import pytest

from articles.text import dates

NOW = datetime(2026, 11, 25, 12, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 1, 1), "1 يناير 2026"),
        (date(2024, 2, 29), "29 فبراير 2024"),
        (date(2023, 9, 14), "14 سبتمبر 2023"),
        (date(2026, 12, 31), "31 ديسمبر 2026"),
        (date(2026, 4, 9), "9 أبريل 2026"),  # locale/ar's spelling, not Django's «إبريل»
    ],
)
def test_gregorian_date_uses_arabic_month_names(value, expected):
    assert dates.gregorian_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Known dates of the tabular (civil) Islamic calendar.
        (date(622, 7, 19), (1, 1, 1)),  # epoch: 1 Muharram 1 AH (16 July 622 Julian)
        (date(2023, 7, 19), (1445, 1, 1)),  # 1 Muharram 1445
        (date(2024, 3, 11), (1445, 9, 1)),  # 1 Ramadan 1445
        (date(2025, 3, 1), (1446, 9, 1)),  # 1 Ramadan 1446
        (date(2024, 4, 9), (1445, 9, 30)),  # Ramadan 1445 (a 30-day month in the table)
    ],
)
def test_tabular_hijri_matches_the_tabular_calendar(value, expected):
    assert dates.tabular_hijri(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Umm al-Qura dates as Saudi Arabia announced them.
        (date(2024, 3, 11), (1445, 9, 1)),  # 1 Ramadan 1445
        (date(2024, 4, 10), (1445, 10, 1)),  # Eid al-Fitr 1445: Ramadan had 30 days
        (date(2025, 3, 1), (1446, 9, 1)),  # 1 Ramadan 1446
        (date(2025, 3, 30), (1446, 10, 1)),  # Eid al-Fitr 1446: Ramadan had 29 days
        (date(2026, 11, 25), (1448, 6, 15)),  # the tabular calendar said the 14th
    ],
)
def test_to_hijri_is_umm_al_qura(value, expected):
    assert dates.to_hijri(value) == expected
    assert dates.hijri_is_exact(value)


def test_outside_the_umm_al_qura_table_the_tabular_date_is_used_and_marked():
    assert dates.to_hijri(date(622, 7, 19)) == (1, 1, 1)
    assert not dates.hijri_is_exact(date(2090, 1, 1))
    assert dates.to_hijri(date(2090, 1, 1)) == dates.tabular_hijri(date(2090, 1, 1))


def test_the_tabular_calendar_is_often_a_day_off_umm_al_qura():
    """Why the library: the share of days the arithmetic calendar gets wrong (≈ 2/3)."""
    day, off, total = date(2000, 1, 1), 0, 0
    while day < date(2030, 1, 1):
        off += dates.tabular_hijri(day) != dates.to_hijri(day)
        total += 1
        day += timedelta(days=30)
    assert off / total > 0.3


def test_hijri_days_advance_one_by_one_over_a_cycle():
    """Across 30 Hijri years every Gregorian day maps to the next Hijri day."""
    day = date(2000, 1, 1)
    previous = dates.to_hijri(day)
    for _ in range(10631):
        day += timedelta(days=1)
        current = dates.to_hijri(day)  # Umm al-Qura until 2077, so both calendars are walked
        y, m, d = previous
        assert current in {(y, m, d + 1), (y, m + 1, 1), (y + 1, 1, 1)}
        assert 1 <= current[2] <= 30
        previous = current


def test_hijri_date_reads_in_arabic():
    assert dates.hijri_date(date(2024, 3, 11)) == "1 رمضان 1445 هـ"
    assert dates.hijri_date(date(2026, 11, 25)) == "15 جمادى الآخرة 1448 هـ"


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=20), "الآن"),
        (timedelta(minutes=1), "منذ دقيقة"),
        (timedelta(minutes=2), "منذ دقيقتين"),
        (timedelta(minutes=3), "منذ 3 دقائق"),
        (timedelta(minutes=10), "منذ 10 دقائق"),
        (timedelta(minutes=11), "منذ 11 دقيقة"),
        (timedelta(minutes=59), "منذ 59 دقيقة"),
        (timedelta(hours=1), "منذ ساعة"),
        (timedelta(hours=2, minutes=5), "منذ ساعتين"),
        (timedelta(hours=5), "منذ 5 ساعات"),
        (timedelta(hours=11), "منذ 11 ساعة"),
        (timedelta(hours=23, minutes=59), "منذ 23 ساعة"),
        (timedelta(days=1), "منذ يوم"),
        (timedelta(days=2), "منذ يومين"),
        (timedelta(days=7), "منذ 7 أيام"),
        (timedelta(days=15), "منذ 15 يوماً"),
        (timedelta(days=100), "منذ 100 يوم"),
        (timedelta(days=103), "منذ 103 أيام"),
        (timedelta(days=-1), "الآن"),  # clock skew: never "منذ -1"
    ],
)
def test_relative_time_agrees_in_number(delta, expected):
    assert dates.relative_time(NOW - delta, NOW) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "لا توجد أخبار"), (1, "خبر واحد"), (2, "خبران"), (5, "5 أخبار"), (25, "25 خبراً"), (300, "300 خبر")],
)
def test_story_count(n, expected):
    assert dates.story_count(n) == expected


def test_fresh_means_the_last_day():
    assert dates.is_fresh(NOW - timedelta(hours=3), NOW)
    assert not dates.is_fresh(NOW - timedelta(hours=25), NOW)
    assert not dates.is_fresh(NOW + timedelta(hours=1), NOW)


def test_weekday_and_clock():
    assert dates.weekday_name(date(2026, 11, 25)) == "الأربعاء"
    assert dates.clock_time(datetime(2026, 1, 1, 7, 5)) == "07:05"


def test_the_admin_prints_dates_in_arabic_order():
    """Django's `ar` module has no DATETIME_FORMAT: the admin printed «ديسمبر 2, 2026, 2:05 م»
    (newsroom/formats/ar fills it in)."""
    from django.utils.formats import date_format

    assert date_format(datetime(2026, 12, 2, 14, 5), "DATETIME_FORMAT") == "2 ديسمبر 2026، 14:05"
