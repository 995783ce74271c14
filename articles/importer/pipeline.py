"""Read, decode and parse files ahead of the writer: in this process, or in worker processes.

Parsing is pure Python and about as costly as writing, so on a machine with more than
one core, workers parse the next files while this process writes. Workers parse with
the tag vocabulary, headlines and fingerprints as they were when their `ChunkParse` was
made (a tag first created since is not yet "known" to them); serial runs see it grow.
The import command makes one per chunk of files, once the chunk before is staged (its
stories in the run's caches, as they will be in the database), so a chunk is parsed the
same way whether or not the run was interrupted before it.
"""

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportProblem
from .files import read_text
from .parse import parse
from .parsed import ParseResult
from .persist import Importer, fingerprint

# Below this many files, starting workers costs more than it saves.
MIN_FILES_FOR_WORKERS = 200
MAX_WORKERS = 4
PR_SET_PDEATHSIG = 1


@dataclass
class Prepared:
    shown: str
    result: ParseResult | None = None  # None when the file failed or was imported before
    problem: ImportProblem | None = None
    unexpected: str = ""  # an exception the parser should never raise, as text
    already_imported: bool = False


def default_jobs(files: int) -> int:
    if files < MIN_FILES_FOR_WORKERS:
        return 1
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1)))


class ChunkParse:
    """Each file's parse, in the order given: an iterator, closed with `close()`.

    With workers, parsing starts when this is made, not when it is first read: the
    import command makes the next chunk's while it writes this one. The workers see the
    importer's tags, headlines and fingerprints as they are at that moment. Serially,
    each file is parsed when it is read, after the files before it were staged.
    """

    def __init__(self, files: list[tuple[str, Path]], importer: Importer, jobs: int, skip_imported: bool):
        self._pool = None
        if jobs <= 1:
            self._results = (_prepare_here(importer, shown, path, skip_imported) for shown, path in files)
            return
        snapshot = (importer.tag_keys, importer.headlines, importer.fingerprints if skip_imported else {})
        # fork: the workers inherit the snapshot without pickling 100,000 headlines each.
        context = multiprocessing.get_context("fork")
        self._pool = context.Pool(jobs, initializer=_start_worker, initargs=(snapshot,))
        self._results = self._pool.imap(_prepare_in_worker, files, chunksize=16)

    def __iter__(self) -> Iterator[Prepared]:
        return self

    def __next__(self) -> Prepared:
        return next(self._results)

    def close(self) -> None:
        """Stop the worker processes, if any (their unread parses are dropped)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
            self._results = iter(())


def _prepare_here(importer: Importer, shown: str, path: Path, skip_imported: bool) -> Prepared:
    try:
        text = read_text(path)
        if skip_imported and importer.is_imported(text):
            return Prepared(shown, already_imported=True)
        return Prepared(shown, result=importer.parse(text))
    except ImportProblem as problem:
        return Prepared(shown, problem=problem)
    except Exception as exc:  # one broken file must not stop a 10,000-file run
        return Prepared(shown, unexpected=f"{type(exc).__name__}: {exc}")


# A worker's copy of the importer's tags, headlines and fingerprints (`ChunkParse`).
_snapshot: tuple[dict, dict, dict] | None = None


def _start_worker(snapshot: tuple[dict, dict, dict]) -> None:
    global _snapshot
    _snapshot = snapshot
    _die_with_parent()


def _die_with_parent() -> None:
    """A worker ends when the importer is killed (kill -9 included), never lingering as an orphan."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: workers end with the pool as usual
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _prepare_in_worker(item: tuple[str, Path]) -> Prepared:
    shown, path = item
    tags, headlines, prints = _snapshot
    try:
        text = read_text(path)
        print_ = fingerprint(text)
        if print_ in prints:
            return Prepared(shown, already_imported=True)
        result = parse(text, known_tags=tags, known_headlines=headlines)
        result.fingerprint = print_
        return Prepared(shown, result=result)
    except ImportProblem as problem:
        return Prepared(shown, problem=problem)
    except Exception as exc:
        return Prepared(shown, unexpected=f"{type(exc).__name__}: {exc}")
