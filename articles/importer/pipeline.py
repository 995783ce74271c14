"""Read, decode and parse files ahead of the writer: in this process, or in worker processes.

Parsing is pure Python and about as costly as writing, so on a machine with more than
one core, workers parse the next files while this process writes. A run's workers are
forked once (`ParsePool`) and parse chunk after chunk; before each chunk every worker is
sent the tag keys, headlines and fingerprints the run added since the last one, so a
chunk is parsed with the caches as the chunks before it left them (a tag first created
in the chunk being parsed is not yet "known"; serial runs see it grow file by file).
The import command asks for the next chunk once the chunk before is staged (its stories
in the run's caches, as they will be in the database), so a chunk is parsed the same
way whether or not the run was interrupted before it.
"""

import ctypes
import ctypes.util
import gc
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


class ParsePool:
    """The parsing of one import run: `jobs` worker processes (forked at the first chunk,
    kept for the run), or this process when `jobs` is 1. `chunk(files)` starts a chunk's
    parse and returns its results as an iterator, in the files' order; `close()` ends
    the workers. A chunk whose results were not all read, or whose stories were rolled
    back (`restart`), ends them too: the next chunk forks new ones from the caches as
    they are then.
    """

    def __init__(self, importer: Importer, jobs: int, skip_imported: bool):
        self.importer, self.jobs, self.skip_imported = importer, jobs, skip_imported
        self._workers: list[tuple[multiprocessing.Process, object]] = []

    def chunk(self, files: list[tuple[str, Path]]) -> "ChunkParse":
        if self.jobs <= 1:
            return ChunkParse(
                _prepare_here(self.importer, shown, path, self.skip_imported) for shown, path in files
            )
        added = self.importer.parser_keys_added()
        if not self.skip_imported:  # a dry run: the workers know no fingerprints
            added = (*added[:2], [])
        try:
            shares = self._send(files, added)
        except OSError:  # a worker died since the last chunk: new ones, forked from the caches now
            self.restart()
            shares = self._send(files, added)
        return ChunkParse(self._results(shares), pool=self)

    @property
    def processes(self) -> list[multiprocessing.Process]:
        return [process for process, _ in self._workers]

    def _send(self, files, added) -> list:
        if not self._workers:
            self._start()  # forked now: the workers' caches are the importer's as they are
        else:
            for _, conn in self._workers:
                conn.send(("known", added))
        shares = [files[k :: len(self._workers)] for k in range(len(self._workers))]
        for (_, conn), share in zip(self._workers, shares, strict=True):
            conn.send(("parse", share))
        return shares

    def _start(self) -> None:
        tags, headlines, prints = self.importer.tag_keys, self.importer.headlines, {}
        if self.skip_imported:
            prints = self.importer.fingerprints
        context = multiprocessing.get_context("fork")  # inherit 100,000 headlines, not pickle them
        # Frozen, the objects inherited are never visited by the workers' garbage collector,
        # which would otherwise copy every page of them on its first pass.
        gc.freeze()
        try:
            for _ in range(self.jobs):
                ours, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, tags, headlines, prints), daemon=True)
                process.start()
                theirs.close()
                self._workers.append((process, ours))
        finally:
            gc.unfreeze()

    def _results(self, shares) -> Iterator[Prepared]:
        received: dict[int, list[Prepared]] = {}
        for index in range(sum(len(share) for share in shares)):
            worker, position = index % len(shares), index // len(shares)
            if worker not in received:
                received[worker] = self._receive(worker, shares[worker])
            yield received[worker][position]

    def _receive(self, worker: int, share) -> list[Prepared]:
        try:
            return self._workers[worker][1].recv()
        except (EOFError, OSError):
            # The worker died (killed, out of memory): its files are parsed here, and the
            # next chunk gets new workers.
            self.restart()
            return [_prepare_here(self.importer, shown, path, self.skip_imported) for shown, path in share]

    def restart(self) -> None:
        """End the workers; the next chunk forks new ones (after a rollback: the keys the
        workers were sent may no longer be in the caches)."""
        workers, self._workers = self._workers, []
        for process, conn in workers:
            if process.is_alive():
                process.terminate()
            conn.close()
        for process, _ in workers:
            process.join()

    close = restart


class ChunkParse:
    """One chunk's parses, in the files' order: an iterator, closed with `close()`
    (results left unread end the pool's workers: they are out of step)."""

    def __init__(self, results: Iterator[Prepared], pool: ParsePool | None = None):
        self._results, self._pool, self._finished = results, pool, pool is None

    def __iter__(self) -> Iterator[Prepared]:
        return self

    def __next__(self) -> Prepared:
        try:
            return next(self._results)
        except StopIteration:
            self._finished = True
            raise

    def close(self) -> None:
        if not self._finished and self._pool is not None and next(self._results, None) is not None:
            self._pool.restart()
        self._results = iter(())
        self._finished = True


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


def _serve(conn, tags: dict, headlines: dict, prints: dict) -> None:
    """A worker: parse each share of files it is sent, learning the keys it is told of."""
    _die_with_parent()
    known = (tags, headlines, prints)
    while True:
        try:
            kind, payload = conn.recv()
        except (EOFError, OSError):
            return
        if kind == "known":
            for cache, keys in zip(known, payload, strict=True):
                cache.update(dict.fromkeys(keys))
        else:
            conn.send([_prepare_in_worker(shown, path, known) for shown, path in payload])


def _die_with_parent() -> None:
    """A worker ends when the importer is killed (kill -9 included), never lingering as an orphan."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: workers end with the pool as usual
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _prepare_in_worker(shown: str, path: Path, known: tuple[dict, dict, dict]) -> Prepared:
    tags, headlines, prints = known
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
