"""Finding and reading raw files for the import command: directories are searched for *.txt and *.html."""

from pathlib import Path

from .decode import decode_bytes
from .errors import ImportProblem

MAX_FILE_BYTES = 5 * 1024 * 1024
RAW_SUFFIXES = frozenset({".txt", ".html", ".htm"})


def collect(paths: list[str]) -> list[tuple[str, Path]]:
    """(shown path, path) for each file named, and each raw file under each directory named, sorted."""
    found: list[tuple[str, Path]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += [
                (str(f), f)
                for f in sorted(path.rglob("*"))
                if f.suffix.lower() in RAW_SUFFIXES and f.is_file()
            ]
        else:
            found.append((given, path))
    return found


def read_text(path: Path) -> str:
    """The decoded text of a raw file; ImportProblem when missing, too large or undecodable."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportProblem("too_large")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem("not_found") from None
    except (IsADirectoryError, PermissionError, OSError):
        raise ImportProblem("unreadable") from None
    return decode_bytes(data)
