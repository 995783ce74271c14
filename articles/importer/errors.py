"""Why a raw file was rejected: a code, the line where it applies, and an Arabic message.

Plain Python (no Django), so the parser and the decoder can raise it; the command and
the admin page show `message`, which already names the line.
"""

from dataclasses import dataclass

MESSAGES = {
    "empty": "الملف فارغ.",
    "blank": "الملف لا يحتوي إلا على مسافات وأسطر فارغة.",
    "binary": "الملف ليس نصاً: يحتوي على بيانات ثنائية.",
    "bad_utf8": "ترميز UTF-8 غير صالح أو مقطوع.",
    "bad_utf16": "ترميز UTF-16 غير صالح.",
    "unknown_encoding": "ترميز غير معروف: المقبول UTF-8 أو UTF-16 أو Windows-1256.",
    "no_body": "لا يوجد نص خبر في الملف.",
    "only_labels": "الملف لا يحتوي إلا على أسطر وصفية (مصدر أو كلمات دلالية أو روابط) دون نص خبر.",
    "no_article": (
        "لا توجد مادة خبرية في صفحة HTML هذه (صفحة قسم أو قائمة عناوين أو قائمة روابط)؛ احفظ صفحة الخبر نفسه."
    ),
    "no_story": "لا يوجد نص خبر: الملف لا يحوي إلا أسطراً من الصفحة (توقيتات أو روابط أو تذييل).",
    "unreadable": "تعذرت قراءة الملف.",
    "not_found": "الملف غير موجود.",
    "too_large": "الملف أكبر من الحد المسموح.",
}


@dataclass
class ImportProblem(Exception):
    code: str
    line: int | None = None
    detail: str = ""

    @property
    def message(self) -> str:
        text = MESSAGES.get(self.code, self.code)
        if self.detail:
            text = f"{text} {self.detail}"
        if self.line is not None:
            return f"السطر {self.line}: {text}"
        return text

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # Picklable, so worker processes can hand a rejection back.
        return (type(self), (self.code, self.line, self.detail))
