"""The core's front door: knowledge loading, answering with per-chat context, admin operations.

The CLI and the Telegram front end both drive this class; it knows nothing of either.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import threading
import time
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.config import DEFAULT_DATABASE_FILE, Settings
from bot.desk import Desk, desk_for
from bot.domain import Figure, Knowledge, Problem
from bot.ingest import build_knowledge, knowledge_files
from bot.ingest.files import sha256_of, write_file
from bot.ingest.report import LoadReport, diff_knowledge
from bot.qa import Answer, Context, Engine, persist
from bot.qa import engine as qa_engine
from bot.store import Database, ReloadInProgress, StoreError, open_database

log = logging.getLogger(__name__)

# Enough of a question to recognise it in /unanswered; a 4,000-character paste is not kept whole.
MAX_LOGGED_CHARS = 500
# Chats whose context is kept in memory on SQLite; older ones are read back from the database.
MAX_LOCAL_CONTEXTS = 10_000
# See Service._record.
WRITE_BATCH = 50
WRITE_SECONDS = 1.0
# A write the database refused is tried again this often, questions or not, until it succeeds.
WRITE_RETRY_SECONDS = 5.0
# Questions kept for the database while it refuses writes (about 1 KB each: 100 MB at most). Only
# an outage long enough to fill this drops the oldest, with an error in the log.
MAX_UNWRITTEN = 100_000

# While a reload loads its new engine, it waits between chunks for the questions being answered,
# at most this long (a chunk takes about a millisecond; a question a few).
LOAD_PAUSE_SECONDS = 0.05

# A turn as the store records it: chat, context, question text, found, answer kind, milliseconds.
Turn = tuple[str, dict, str, bool, str, float]


@dataclass(frozen=True)
class Status:
    """What an admin sees with /status."""

    version: int | None
    sources: int
    passages: int
    figures: int
    last_reload: float | None  # epoch seconds
    started: float
    database: str


@dataclass
class _Current:
    """The knowledge being served: replaced as one reference, never mutated."""

    version: int | None
    knowledge: Knowledge
    engine: Engine
    loaded_at: float = field(default_factory=time.time)


class Service:
    """Loads knowledge into the store, keeps the active engine, answers and logs questions."""

    def __init__(self, settings: Settings, database: Database, *, warm: bool = True, worker: bool = False) -> None:
        self.settings = settings
        self._warm = warm  # build engines warm (ready at full speed) unless one question is all
        # Reload in a worker process (a long-running bot: answers go on meanwhile); see reload().
        self._worker = worker
        self._answering = 0  # questions being answered right now (a reload's loading waits for them)
        self._answers_done = threading.Condition()
        self.db = database
        self.started = time.time()
        self._current: _Current | None = None
        # SQLite serves one process, so the contexts this process wrote are the latest; with a
        # shared PostgreSQL another replica may have answered the chat since, so it is read.
        self._local_contexts: OrderedDict[str, dict] | None = OrderedDict() if database.dialect == "sqlite" else None
        self._pending: list[tuple[int, Turn]] = []  # (sequence number, turn) not yet written
        self._unwritten_contexts: dict[str, tuple[int, dict]] = {}  # chat → (sequence, its latest unwritten context)
        self._sequence = 0
        self._pending_lock = threading.Lock()  # held only briefly: answering takes it too
        self._write_lock = threading.Lock()  # one write at a time, so they land in order
        self._writer: threading.Thread | None = None  # started with the first write it is given
        self._wake_writer = threading.Event()
        self._closing = threading.Event()
        self._last_write = time.monotonic()
        self._swap_lock = threading.Lock()
        self._reload_guard = threading.Lock()  # one worker reload at a time in this process

    @classmethod
    def open(cls, settings: Settings, *, warm: bool = True, worker: bool = False) -> Service:
        """Connect to the configured database and serve its active knowledge version."""
        service = cls(settings, open_database(settings.effective_database_url), warm=warm, worker=worker)
        service.refresh()
        return service

    def close(self) -> None:
        """Write what is pending (saying so if the database refuses), then release the database."""
        self._closing.set()
        self._wake_writer.set()
        if self._writer is not None:
            self._writer.join()
        try:
            self.flush()
        except StoreError as exc:
            log.error("%d questions could not be written to the query log: %s", len(self._pending), exc)
        self.db.close()

    # -- knowledge -----------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The engine answering right now (an immutable snapshot)."""
        if self._current is None:
            self._swap(None, Knowledge())
        return self._current.engine

    @property
    def version(self) -> int | None:
        """The knowledge version being served."""
        return self._current.version if self._current else None

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge being served."""
        return self._current.knowledge if self._current else Knowledge()

    def refresh(self) -> bool:
        """Serve the database's active version if it differs from ours; True when it changed."""
        active = self.db.active_version_id()
        if active is None or active == self.version:
            return False
        engine = self._cached_engine(active)
        if engine is not None:
            self._swap(active, engine.knowledge, engine)
            return True
        loaded = self.db.load_active()
        if loaded is None:
            return False
        version, knowledge = loaded
        self._swap(version, knowledge, self._build_engine(version, knowledge))
        return True

    def ensure_loaded(self) -> LoadReport | None:
        """Load the knowledge directory when nothing is served yet or the directory changed since it
        was last loaded (or restored by a rollback).

        Compared with the last load, not with the active version: after a rollback the directory
        may differ from what is served without anyone having changed it.
        """
        fingerprint = _fingerprint_of(knowledge_files(self.settings.knowledge_dir))
        if self.version is not None and fingerprint in (
            self.db.active_fingerprint(),
            self.db.last_directory_load(self._directory_key),
        ):
            return None
        return self.reload(loaded_by="auto")

    def check(self, paths: list[Path] | None = None, *, action: str = "check") -> LoadReport:
        """Validate knowledge files without changing what is served (reported as a check or a refused load)."""
        knowledge, problems = build_knowledge(self._paths(paths), root=self.settings.knowledge_dir)
        return LoadReport.build(knowledge, problems, diff_knowledge(self.knowledge, knowledge), action=action)

    def reload(self, loaded_by: str = "cli", paths: list[Path] | None = None) -> LoadReport:
        """Serve a snapshot of exactly these files (default: the knowledge directory); on error keep the old.

        A snapshot equal to a stored version serves that version again instead of storing a copy.
        A service opened with `worker=True` (the running bot) does the whole reload in a worker
        process, ending with the new engine in the cache, and then only loads that engine here,
        pausing between chunks while questions are being answered (see _reload_in_worker).
        """
        if self._worker and self.cache_dir is not None:
            return self._reload_in_worker(loaded_by, paths)
        return self._reload_here(loaded_by, paths)

    def _reload_here(self, loaded_by: str, paths: list[Path] | None) -> LoadReport:
        """reload() in this process."""
        files = self._paths(paths)
        knowledge, problems = build_knowledge(files, root=self.settings.knowledge_dir)
        report = LoadReport.build(knowledge, problems, diff_knowledge(self.knowledge, knowledge))
        if not report.ok:
            return report
        if self._same_files(knowledge):
            report = report.unchanged(self.version)
        else:
            report = self._store(knowledge, report, loaded_by, _contents_of(files, knowledge))
        if paths is None and report.status != "busy":
            self.db.record_directory_load(self._directory_key, _fingerprint_of_infos(knowledge))
        return report

    def add_files(self, paths: list[Path], loaded_by: str = "cli") -> LoadReport:
        """Add the files to the knowledge directory (replacing any of the same name) and load it.

        They are checked with the rest of the directory first; if that fails, or the load does,
        the directory is left (or put back) as it was.
        """
        directory = self.settings.knowledge_dir
        names = {path.name for path in paths}
        others = [path for path in knowledge_files(directory) if path.name not in names]
        checked = self.check([*others, *paths], action="load")
        if not checked.ok:
            return checked
        incoming = {path.name: path.read_bytes() for path in paths}
        previous = {name: _bytes_or_none(directory / name) for name in incoming}
        try:
            for name, data in incoming.items():
                write_file(directory / name, data)
        except OSError as error:
            _put_back(directory, previous)
            problem = Problem(str(directory), 0, f"cannot write to the knowledge directory: {error}")
            return replace(checked, problems=(*checked.problems, problem), status="failed")
        report = self.reload(loaded_by=loaded_by)
        if not report.ok or report.status == "busy":
            _put_back(directory, previous)
        return report

    def replace_files(self, paths: list[Path], loaded_by: str = "cli") -> LoadReport:
        """Serve only these files, and make the knowledge directory hold just them."""
        report = self.reload(loaded_by=loaded_by, paths=paths)
        if report.status in ("saved", "reactivated", "unchanged"):
            self._restore_directory(report.version)
        return report

    def rollback(self, version: int | None = None) -> int:
        """Serve an earlier version (default: the one before the active one) and put its files back
        into the knowledge directory; returns its id."""
        target = version if version is not None else self._previous_version()
        self._require_stored(target)
        # Load and build first: a version that cannot be served is never made active.
        engine = self._cached_engine(target)
        if engine is None:
            knowledge = self.db.load_version(target)
            engine = self._build_engine(target, knowledge)
        knowledge = engine.knowledge
        with self.db.reload_lock():
            self.db.activate(target)
        self._swap(target, knowledge, engine)
        self._restore_directory(target)
        return target

    def versions(self) -> list:
        """Stored versions, newest first."""
        return self.db.versions()

    # -- questions -----------------------------------------------------------------------

    def ask(self, chat: str, text: str) -> Answer:
        """Answer one question in the context of its chat, remember the context and log it."""
        started = time.perf_counter()
        with self._answers_done:
            self._answering += 1
        try:
            answer, context = self.engine.answer(text, Context.from_dict(self._context_of(chat)))
        finally:
            with self._answers_done:
                self._answering -= 1
                self._answers_done.notify_all()
        ms = (time.perf_counter() - started) * 1000
        data = context.to_dict()
        self._record((chat, data, text[:MAX_LOGGED_CHARS], answer.found, answer.kind, ms))
        if self._local_contexts is not None:
            self._local_contexts[chat] = data
            self._local_contexts.move_to_end(chat)
            if len(self._local_contexts) > MAX_LOCAL_CONTEXTS:
                self._local_contexts.popitem(last=False)  # the database (or the unwritten queue) has it
        return answer

    @property
    def ask_waits_for_database(self) -> bool:
        """True when `ask` writes to the database before it returns (a shared database).

        With one process (SQLite) the contexts it needs are in memory, so the turns are written
        behind the answers on a writer thread, every WRITE_BATCH questions or WRITE_SECONDS (a
        crash loses at most that much of the query log): another process holding SQLite's write
        lock (a CLI load, a backup) delays the log, never an answer. On a shared database
        (PostgreSQL) another replica may answer the chat's next question, so its context is
        written before the answer is returned; callers keep such calls off their event loop.
        """
        return self._local_contexts is None

    def _record(self, turn: Turn) -> None:
        """Queue the turn; write the queue at once (shared database) or, when due, behind the answers.

        A write that fails leaves its turns queued; the writer thread tries again every
        WRITE_RETRY_SECONDS until one succeeds (or close() takes them), always in order.
        """
        with self._pending_lock:
            self._enqueue(turn)
            due = self._write_due()
        if self.ask_waits_for_database and self._try_flush():
            return
        if self.ask_waits_for_database or due:
            self._write_later()

    def _write_later(self) -> None:
        """Wake the writer thread (starting it the first time) to write the queue."""
        with self._pending_lock:
            if self._writer is None:
                # A daemon: a process that exits without close() is not held up by a retrying write.
                self._writer = threading.Thread(target=self._write_behind, name="db-writer", daemon=True)
                self._writer.start()
        self._wake_writer.set()

    def _enqueue(self, turn: Turn) -> None:
        """Add the turn to the unwritten queue (called with _pending_lock held)."""
        self._sequence += 1
        self._pending.append((self._sequence, turn))
        self._unwritten_contexts[turn[0]] = (self._sequence, turn[1])
        self._drop_overflow()

    def _write_due(self) -> bool:
        """A batch is full or the last write is WRITE_SECONDS old (called with _pending_lock held)."""
        return len(self._pending) >= WRITE_BATCH or time.monotonic() - self._last_write >= WRITE_SECONDS

    def _write_behind(self) -> None:
        """The writer thread: write the queue when woken; after a refusal, again every WRITE_RETRY_SECONDS."""
        written = True
        while True:
            self._wake_writer.wait(None if written else WRITE_RETRY_SECONDS)
            self._wake_writer.clear()
            if self._closing.is_set():
                return  # close() writes the rest
            written = self._try_flush()

    def _try_flush(self) -> bool:
        """flush(), logging a refusal instead of raising it (the turns stay queued); True when written."""
        try:
            self.flush()
        except StoreError as exc:
            log.warning("could not write %d questions to the query log, will retry: %s", len(self._pending), exc)
            return False
        return True

    def _drop_overflow(self) -> None:
        """Bound the unwritten queue (called with _pending_lock held)."""
        excess = len(self._pending) - MAX_UNWRITTEN
        if excess > 0:
            del self._pending[:excess]
            log.error("the database has refused writes for long: dropped the %d oldest query-log rows", excess)

    def flush(self) -> None:
        """Write the questions not yet in the database (in the caller's thread).

        StoreError if the database refuses; the questions then stay queued for the next write.
        """
        with self._write_lock:
            with self._pending_lock:
                batch = list(self._pending)
                self._last_write = time.monotonic()
            if not batch:
                return
            self.db.record_turns([turn for _, turn in batch])
            written = batch[-1][0]
            with self._pending_lock:
                self._pending = [item for item in self._pending if item[0] > written]
                self._unwritten_contexts = {
                    chat: entry for chat, entry in self._unwritten_contexts.items() if entry[0] > written
                }

    def _context_of(self, chat: str) -> dict | None:
        """A chat's context: the latest not yet written, else from memory, else from the database."""
        with self._pending_lock:
            unwritten = self._unwritten_contexts.get(chat)
        if unwritten is not None:
            return unwritten[1]
        if self._local_contexts is not None and chat in self._local_contexts:
            return self._local_contexts[chat]
        return self.db.get_context(chat)

    def figures(self, keyword: str, limit: int = 30) -> list[Figure]:
        """Figures matching a keyword, best first (for reporters)."""
        return self.engine.search_figures(keyword, limit=limit)

    def desk(self) -> Desk:
        """The reporters' desk (rows, exports, charts, briefs) over the knowledge being served."""
        return desk_for(self.knowledge, self.engine.search_figures)

    def unanswered(self, limit: int = 10) -> list[tuple[str, int]]:
        """Recent questions that got "not found", most frequent first."""
        try:
            self.flush()
        except StoreError as exc:  # the rows stay queued; show what the database has
            log.warning("could not write the pending questions before listing: %s", exc)
        return self.db.unanswered(limit)

    def status(self) -> Status:
        """Counts and times for /status."""
        knowledge = self.knowledge
        return Status(
            version=self.version,
            sources=len(knowledge.sources),
            passages=len(knowledge.passages),
            figures=len(knowledge.figures),
            last_reload=self._current.loaded_at if self._current and self.version is not None else None,
            started=self.started,
            database=self.settings.effective_database_url.split("://", 1)[0],
        )

    # -- internals -----------------------------------------------------------------------

    def _paths(self, paths: list[Path] | None) -> list[Path]:
        """Explicit paths, or every knowledge file in the configured directory."""
        return list(paths) if paths else knowledge_files(self.settings.knowledge_dir)

    @property
    def _directory_key(self) -> str:
        """The knowledge directory as the store remembers its last load."""
        return str(self.settings.knowledge_dir.resolve())

    def _store(self, knowledge: Knowledge, report: LoadReport, loaded_by: str, contents: dict[str, bytes]) -> LoadReport:
        """Make the snapshot the active version: a stored equal one, else a new one; busy if another reload runs."""
        # Build the engine before storing: a snapshot that cannot be served never becomes active.
        engine = Engine(knowledge, warm=self._warm)
        try:
            with self.db.reload_lock():
                existing = self.db.identical_version(knowledge)
                if existing is not None:
                    self.db.activate(existing)
                else:
                    version = self.db.save_version(
                        knowledge, loaded_by=loaded_by, report=report.text(), keep=self.settings.keep_versions,
                        contents=contents,
                    )
        except ReloadInProgress:
            return report.busy()
        if existing is not None:
            self._save_engine(existing, engine)
            self._swap(existing, knowledge, engine)
            return report.reactivated(existing)
        self._save_engine(version, engine)
        self._swap(version, knowledge, engine)
        return report.saved(version)

    def _restore_directory(self, version: int) -> None:
        """Make the knowledge directory hold the version's files, then remember it as loaded.

        A file the version lacks is removed only when its content is stored (with another
        version); a file never loaded is left alone. Whatever the directory then holds is
        recorded as its last load, so autoload does not undo the rollback.
        """
        directory = self.settings.knowledge_dir
        contents = self.db.version_contents(version)
        try:
            _write_version_files(directory, contents, self.db.stored_files())
        except OSError as error:  # e.g. a read-only directory: the version is served all the same
            log.warning("knowledge version %s is served, but %s could not be restored: %s", version, directory, error)
        missing = [name for name, data in contents.items() if data is None]
        if missing:
            log.warning("version %s was stored without its files' contents; not restored: %s", version, ", ".join(missing))
        self.db.record_directory_load(self._directory_key, _fingerprint_of(knowledge_files(directory)))

    def _same_files(self, knowledge: Knowledge) -> bool:
        """True when the new snapshot comes from exactly the files already served."""
        fingerprint = _fingerprint_of_infos(knowledge)
        return self.version is not None and self.db.active_fingerprint() == fingerprint

    def _swap(self, version: int | None, knowledge: Knowledge, engine: Engine | None = None) -> None:
        """Build the engine off to the side (unless given), then replace the served reference in one step."""
        engine = engine if engine is not None else Engine(knowledge, warm=self._warm)
        with self._swap_lock:
            self._current = _Current(version, knowledge, engine)
        log.info("serving knowledge version %s (%d figures)", version, len(knowledge.figures))

    # -- reloading in a worker process -----------------------------------------------------

    def _reload_in_worker(self, loaded_by: str, paths: list[Path] | None) -> LoadReport:
        """Ingest, store and build in a fresh worker process (its own interpreter, so its 20-odd
        seconds of CPU never hold up an answer here), then load the engine it cached and swap it in.

        Everything that makes a reload safe happens in the worker exactly as in _reload_here: the
        engine is built before the version is stored, the version is saved in one transaction
        under the reload lock. A failure there is reported or raised here and nothing changes; a
        worker that dies raises BrokenProcessPool. If the cached engine cannot be read back, it is
        built here from the stored version.
        """
        if not self._reload_guard.acquire(blocking=False):
            return _busy_report()
        try:
            context = multiprocessing.get_context("spawn")  # never fork a process with threads
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                report = pool.submit(_reload_worker, self.settings, self.version, loaded_by, paths).result()
            if report.status in ("saved", "reactivated") and report.version != self.version:
                engine = self._cached_engine(report.version, pause=self._yield_to_answers)
                if engine is None:
                    engine = self._build_engine(report.version, self.db.load_version(report.version))
                self._swap(report.version, engine.knowledge, engine)
            return report
        finally:
            self._reload_guard.release()

    def _yield_to_answers(self) -> None:
        """Between two chunks of a loading engine: wait while questions are answered (at most
        LOAD_PAUSE_SECONDS, so loading goes on under a steady stream of questions)."""
        with self._answers_done:
            self._answers_done.wait_for(lambda: self._answering == 0, timeout=LOAD_PAUSE_SECONDS)

    # -- the engine cache (bot/qa/persist.py) ---------------------------------------------

    @property
    def cache_dir(self) -> Path | None:
        """Where built engines are kept: BOT_CACHE_DIR, else beside the SQLite file, else data/engines
        for a server database; None when off (BOT_CACHE_DIR=off) or for an in-memory database.

        The files are pickles, read back only after their header, key and checksums match, and only
        from this directory: it must be the bot's own (as its database file is), writable by no one else.
        """
        setting = self.settings.cache_dir
        if setting.lower() == "off":
            return None
        if setting:
            return Path(setting)
        sqlite = self.db.sqlite_file
        if sqlite is not None:
            return sqlite.with_name(f"{sqlite.name}.engines")
        if self.db.dialect == "sqlite":
            return None  # in memory: nothing outlives the process
        return Path(DEFAULT_DATABASE_FILE).resolve().parent / "engines"

    def _cache_entry(self, version: int) -> tuple[Path, str] | None:
        """The cache file and key for a stored version; None without a cache or for an unknown version."""
        directory = self.cache_dir
        if directory is None:
            return None
        identity = self.db.version_identity(version)
        if identity is None:
            return None
        key = identity
        name = hashlib.sha256(identity.encode()).hexdigest()[:24]
        return directory / f"engine-{name}.pickle", key

    def _cached_engine(self, version: int, pause=lambda: None) -> Engine | None:
        """The version's engine from the cache, warmed up; None when there is no usable cache file
        (missing, stale, damaged or another code's: it is then built, see _build_engine)."""
        entry = self._cache_entry(version)
        if entry is None:
            return None
        path, key = entry
        started = time.perf_counter()
        collecting = gc.isenabled()
        gc.disable()  # millions of new objects would set off full collections, each 0.1–0.4 s
        try:
            engine = persist.load(path, key, pause)
        except persist.CacheMiss as miss:
            log.info("knowledge version %s: engine cache not used (%s); building it", version, miss)
            return None
        finally:
            if collecting:
                gc.enable()
        if not isinstance(engine, qa_engine.Engine):
            log.warning("knowledge version %s: %s does not hold an engine; building it", version, path)
            return None
        if self._warm:
            engine.warm_up()  # this process has not answered yet: pay the lazy set-up now
        log.info("knowledge version %s: engine loaded from %s in %.1f s", version, path, time.perf_counter() - started)
        return engine

    def _build_engine(self, version: int | None, knowledge: Knowledge) -> Engine:
        """Build the engine for a version, and keep it in the cache for the next start."""
        engine = Engine(knowledge, warm=self._warm)
        if version is not None:
            self._save_engine(version, engine)
        return engine

    def _save_engine(self, version: int, engine: Engine) -> None:
        """Write the engine to the cache (a failure to write is logged, never fatal), pruning old files."""
        entry = self._cache_entry(version)
        if entry is None:
            return
        path, key = entry
        if persist.holds(path, key):
            return
        try:
            persist.save(engine, path, key)
            _prune_cache(path.parent, keep=self.settings.keep_versions + 1)
        except OSError as error:
            log.warning("could not write the engine cache %s: %s", path, error)

    def _require_stored(self, version: int) -> None:
        """LookupError, saying whether it was pruned or never stored, unless the version is stored."""
        stored = [v.id for v in self.db.versions()]
        if version in stored:
            return
        # Ids are never reused and the newest version is never pruned, so a missing id below
        # the newest was stored once and pruned.
        if stored and 0 < version < max(stored):
            raise LookupError(
                f"knowledge version {version} was pruned (only the newest {self.settings.keep_versions} are kept); "
                f"stored: {', '.join(map(str, stored))}"
            )
        raise LookupError(f"unknown knowledge version {version}; stored: {', '.join(map(str, stored)) or 'none'}")

    def _previous_version(self) -> int:
        """The newest stored version older than the active one."""
        older = [v.id for v in self.db.versions() if self.version is None or v.id < self.version]
        if not older:
            raise LookupError("there is no earlier knowledge version to roll back to")
        return max(older)


def _fingerprint_of(paths: list[Path]) -> str:
    """The store's fingerprint for a set of files: sha256 over sorted (name, sha256) pairs."""
    from bot.ingest.files import file_info
    from bot.store import fingerprint

    return fingerprint([file_info(p) for p in paths])


def _reload_worker(settings: Settings, served: int | None, loaded_by: str, paths: list[Path] | None) -> LoadReport:
    """In the worker process: Service.reload as it runs in one process, against the same database,
    with the served version as the one to compare with; the new engine ends up in the cache."""
    service = Service(settings, open_database(settings.effective_database_url))
    try:
        if served is not None:
            try:
                knowledge = service.db.load_version(served)
            except StoreError:  # pruned meanwhile: the report compares with nothing
                knowledge = Knowledge()
            service._current = _Current(served, knowledge, None)  # type: ignore[arg-type]  # never answers
        return service._reload_here(loaded_by, paths)
    finally:
        service.close()


def _busy_report() -> LoadReport:
    """The report of a reload refused because another one runs in this process."""
    return LoadReport.build(Knowledge(), [], diff_knowledge(Knowledge(), Knowledge())).busy()


def _prune_cache(directory: Path, keep: int) -> None:
    """Keep the `keep` newest engine cache files (a rollback target is usually among them)."""
    files = sorted(directory.glob("engine-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in files[keep:]:
        path.unlink(missing_ok=True)


def _contents_of(paths: list[Path], knowledge: Knowledge) -> dict[str, bytes]:
    """The bytes of the files the snapshot was built from, by sha256 (a file changed since is left out)."""
    wanted = {f.sha256 for f in knowledge.files}
    contents = {}
    for path in paths:
        data = _bytes_or_none(path)
        if data is not None and (sha := sha256_of(data)) in wanted:
            contents[sha] = data
    return contents


def _write_version_files(directory: Path, contents: dict[str, bytes | None], stored: set[str]) -> None:
    """Write a version's files into the directory; remove other knowledge files whose content is stored."""
    for name, data in contents.items():
        if data is not None and _bytes_or_none(directory / name) != data:
            write_file(directory / name, data)
    for path in knowledge_files(directory):
        if path.name not in contents and sha256_of(path.read_bytes()) in stored:
            path.unlink()


def _bytes_or_none(path: Path) -> bytes | None:
    """A file's bytes, None when there is no such file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _put_back(directory: Path, previous: dict[str, bytes | None]) -> None:
    """Restore files as they were before an add: rewrite replaced ones, remove added ones."""
    for name, data in previous.items():
        if data is None:
            (directory / name).unlink(missing_ok=True)
        elif _bytes_or_none(directory / name) != data:
            write_file(directory / name, data)


def _fingerprint_of_infos(knowledge: Knowledge) -> str:
    """The store's fingerprint for the files a snapshot was built from."""
    from bot.store import fingerprint

    return fingerprint(list(knowledge.files))


__all__ = ["Problem", "Service", "Status"]
