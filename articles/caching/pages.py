"""One cached page: the response as sent, replayed with a fresh CSP nonce.

Content-Security-Policy nonces must be fresh for every response, and the nonce is in
both the header and the HTML. So the page is stored cut at its nonce: the HTML as
segments around each occurrence, the headers with the old nonce. A hit joins the
segments with a new nonce and writes that same nonce into the header — a cached
page always satisfies its own policy, and no two responses share a nonce.

Browsers get gzip without compressing per hit: each segment is stored as deflate
data ending in a full flush (no back-references across segments), the new nonce is
spliced in as a 22-byte stored block, and only the CRC-32 is computed per response.
"""

import hashlib
import struct
import time
import zlib
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.csp import CSP, generate_nonce
from django.utils.http import http_date, parse_http_date_safe

COMPRESSIBLE_TYPES = ("text/", "application/xml", "application/rss", "application/atom", "application/json")
MIN_COMPRESS_BYTES = 512
CSP_HEADERS = (str(CSP.HEADER_ENFORCE), str(CSP.HEADER_REPORT_ONLY))

# Not replayed: recomputed per response, or by the server.
_DROPPED_HEADERS = {"content-length", "content-encoding", "date", "set-cookie", "x-cache"}
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0, OS unknown
_DEFLATE_END = b"\x03\x00"  # an empty final block


@dataclass(frozen=True)
class CachedPage:
    version: str  # content-version token the page was rendered under
    expires_at: float  # epoch seconds
    status: int
    headers: tuple  # ((name, value), ...), CSP headers holding `nonce`
    segments: tuple  # the body split at `nonce` (one segment when there is none)
    gzip_segments: tuple | None  # each segment as full-flushed raw deflate data
    nonce: str  # the nonce the page was rendered with ("" when it used none)
    etag: str
    last_modified: int  # epoch seconds

    def is_fresh(self, version_token: str, now: float) -> bool:
        return self.version == version_token and now < self.expires_at

    def replay(self, gzip_ok: bool, cache_status: str) -> tuple[int, list, bytes]:
        """(status, headers, body) of this page with a fresh nonce, gzip if accepted."""
        headers = list(self.headers)
        if self.nonce:
            nonce = generate_nonce()
            headers = [(k, v.replace(self.nonce, nonce) if k in CSP_HEADERS else v) for k, v in headers]
            nonce_bytes = nonce.encode("ascii")
            body = nonce_bytes.join(self.segments)
        else:
            nonce_bytes = b""
            body = self.segments[0]
        if gzip_ok and self.gzip_segments is not None:
            body = _gzip_member(self.gzip_segments, nonce_bytes, body)
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        headers.append(("X-Cache", cache_status))
        return self.status, headers, body

    def not_modified_headers(self, meta) -> list | None:
        """Headers of a 304 when the request's If-None-Match / If-Modified-Since say the
        client has this page (RFC 9110 13.2.2, GET/HEAD), else None."""
        if_none_match = meta.get("HTTP_IF_NONE_MATCH")
        if if_none_match:
            etags = [tag.strip() for tag in if_none_match.split(",")]
            bare = self.etag.removeprefix("W/")
            if not any(tag == "*" or tag.removeprefix("W/") == bare for tag in etags):
                return None
        else:
            if_modified_since = meta.get("HTTP_IF_MODIFIED_SINCE")
            since = parse_http_date_safe(if_modified_since) if if_modified_since else None
            if since is None or self.last_modified > since:
                return None
        keep = ("cache-control", "etag", "last-modified", "vary", "expires", "content-location")
        return [(k, v) for k, v in self.headers if k.lower() in keep] + [("X-Cache", "HIT")]

    def respond(self, request, *, gzip_ok: bool, cache_status: str) -> HttpResponse:
        status, headers, body = self.replay(gzip_ok, cache_status)
        response = HttpResponse(body, status=status, headers=dict(headers))
        return get_conditional_response(
            request, etag=self.etag, last_modified=self.last_modified, response=response
        )


def _gzip_member(gzip_segments, nonce: bytes, plain: bytes) -> bytes:
    stored_nonce = b"\x00" + struct.pack("<HH", len(nonce), len(nonce) ^ 0xFFFF) + nonce if nonce else b""
    trailer = struct.pack("<II", zlib.crc32(plain), len(plain) & 0xFFFFFFFF)
    return b"".join((_GZIP_HEADER, stored_nonce.join(gzip_segments), _DEFLATE_END, trailer))


def _deflate_segment(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def compressible(content_type: str) -> bool:
    return content_type.startswith(COMPRESSIBLE_TYPES) or content_type.endswith("+xml")


def capture(response, *, nonce: str, version: str, expires_at: float) -> CachedPage:
    """The rendered `response` (its final headers set) as a CachedPage."""
    body = response.content
    segments = tuple(body.split(nonce.encode("ascii"))) if nonce else (body,)
    # The ETag names the page, not the nonce: equal pages revalidate as equal.
    etag = 'W/"' + hashlib.blake2b(b"\0".join(segments), digest_size=12).hexdigest() + '"'
    now = int(time.time())
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(now)
    headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in _DROPPED_HEADERS)
    gzip_segments = None
    if len(body) >= MIN_COMPRESS_BYTES and compressible(response.get("Content-Type", "")):
        gzip_segments = tuple(_deflate_segment(segment) for segment in segments)
    return CachedPage(
        version, expires_at, response.status_code, headers, segments, gzip_segments, nonce, etag, now
    )


def accepts_gzip(accept_encoding: str, _memo: dict = {}) -> bool:  # noqa: B006 (deliberate memo)
    """Whether the client accepts gzip (explicitly or through `*`), honouring q=0."""
    accepted = _memo.get(accept_encoding)
    if accepted is None:
        qualities = {}
        for part in accept_encoding.lower().split(","):
            name, _, params = part.strip().partition(";")
            quality = 1.0
            params = params.strip().replace(" ", "")
            if params.startswith("q="):
                try:
                    quality = float(params[2:])
                except ValueError:
                    quality = 0.0
            qualities[name.strip()] = quality
        accepted = qualities.get("gzip", qualities.get("*", 0.0)) > 0
        if len(_memo) < 256:
            _memo[accept_encoding] = accepted
    return accepted
