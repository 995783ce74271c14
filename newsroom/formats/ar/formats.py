"""Arabic date formats where Django's own `ar` module has none: without these the admin
printed «ديسمبر 2, 2026, 2:05 م» (the English default order), and the date and clock
as the reader pages print them («2 ديسمبر 2026»، 14:05). Loaded through
FORMAT_MODULE_PATH; the names come from the `ar` translations (and locale/ar)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# The rest (separators, first day of the week) stay Django's `ar` module's.
