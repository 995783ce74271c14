"""Bytes of a raw file → text: UTF-8 (±BOM), UTF-16 with BOM, Windows-1256; CRLF → LF.

Anything else is rejected with an `ImportProblem` naming the line where it applies.
"""

import codecs
import re
import unicodedata

from ..text.normalize import strip_invisible
from .errors import ImportProblem

# C0 controls other than tab, newline, carriage return and form feed: never in news copy.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def decode_bytes(data: bytes) -> str:
    """Decode a raw file's bytes and unify line endings; raise ImportProblem if unreadable."""
    if not data:
        raise ImportProblem("empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(codecs.BOM_UTF8):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportProblem("bad_utf16", line=_line_of_char(data, exc.start)) from None
    elif data.startswith(codecs.BOM_UTF8):
        text = _decode_utf8(_without_trailing_nul(data[3:]))
    else:
        text = _decode_without_bom(_without_trailing_nul(data))
    return clean_text(text)


def clean_text(text: str) -> str:
    """Unify line endings and drop invisible characters; reject control bytes and blank text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        raise ImportProblem("binary", line=text.count("\n", 0, control.start()) + 1)
    text = unicodedata.normalize("NFC", strip_invisible(text))
    if not text.strip():
        raise ImportProblem("blank")
    return text


def _without_trailing_nul(data: bytes) -> bytes:
    """Old Windows exports end the file with one NUL byte (a C string's terminator): not "binary"."""
    return data[:-1] if data.endswith(b"\x00") and not data.endswith(b"\x00\x00") else data


def _decode_without_bom(data: bytes) -> str:
    nul = data.find(b"\x00")
    if nul != -1:
        raise ImportProblem("binary", line=data.count(b"\n", 0, nul) + 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # UTF-8 that breaks after valid multibyte characters is damaged UTF-8 (e.g. cut
        # mid-character), not Windows-1256, whose Arabic letters rarely form such pairs.
        if _UTF8_MULTIBYTE.search(data, 0, exc.start):
            raise ImportProblem("bad_utf8", line=data.count(b"\n", 0, exc.start) + 1) from None
    return _decode_cp1256(data)


def _decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportProblem("bad_utf8", line=data.count(b"\n", 0, exc.start) + 1) from None


def _decode_cp1256(data: bytes) -> str:
    text = data.decode("cp1256", errors="replace")
    non_ascii = [ch for ch in text if ord(ch) > 127]
    arabic = sum(1 for ch in non_ascii if _ARABIC_LETTER.match(ch))
    # Windows-1256 news copy is mostly Arabic letters; random bytes are not.
    if "\ufffd" in text or not non_ascii or arabic / len(non_ascii) < 0.75:
        raise ImportProblem("unknown_encoding")
    return text


def _line_of_char(data: bytes, byte_index: int) -> int:
    return data[:byte_index].decode("utf-16", errors="replace").count("\n") + 1
