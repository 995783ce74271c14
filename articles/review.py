"""What an editor must check before a story goes out: the importer's guesses, in words."""

from django.utils.translation import gettext as _

from .models import Article


def review_notes(article: Article) -> list[str]:
    """One sentence per problem, in the order an editor fixes them (empty: nothing to check).
    The importer's per-field warnings are shown beside them (ArticleAdmin.import_notes)."""
    notes = []
    if article.headline_is_derived:
        notes.append(_("العنوان مشتق من الجملة الأولى: اكتب عنواناً قبل النشر."))
    if article.pk:
        missing = [q.order + 1 for q in article.quotes.all() if not q.speaker_name]
        if missing:
            notes.append(
                _("اقتباس بلا متحدث (رقم %(numbers)s): أضف اسم المتحدث أو احذف الاقتباس.")
                % {"numbers": "، ".join(str(n) for n in missing)}
            )
    return notes
