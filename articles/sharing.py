"""Share links for a story: plain URLs of each network's share page (no third-party script,
nothing loaded from them until the reader clicks). static/js/share.js adds "copy link" and
the system share sheet (Web Share API) where the browser has them."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ShareLink:
    network: str  # css modifier and test hook
    label: str
    url: str


def _query(params: dict) -> str:
    return urlencode(params, quote_via=quote)


def share_links(url: str, headline: str) -> list[ShareLink]:
    """`url` is the story's absolute canonical URL."""
    link_and_title = _query({"url": url, "text": headline})
    return [
        ShareLink("whatsapp", _("واتساب"), "https://wa.me/?" + _query({"text": f"{headline}\n{url}"})),
        ShareLink("telegram", _("تيليغرام"), "https://t.me/share/url?" + link_and_title),
        ShareLink("x", _("إكس"), "https://x.com/intent/post?" + link_and_title),
        ShareLink(
            "facebook", _("فيسبوك"), "https://www.facebook.com/sharer/sharer.php?" + _query({"u": url})
        ),
        ShareLink("email", _("البريد"), "mailto:?" + _query({"subject": headline, "body": url})),
    ]
