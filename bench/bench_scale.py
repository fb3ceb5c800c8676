"""Scale benchmark: load many generated transcripts through Service.reload into SQLite, then answer.

    python bench/bench_scale.py                 # the seed + 1,000 generated transcripts
    python bench/bench_scale.py --count 300 --questions 300

Prints one Markdown table: reload time (ingest + save the version + build the engine), the SQLite
file size, a restart (Service.open on the loaded file), this process's peak memory, and answer
latency (median, p99) beside bm25s + jieba over the same passages. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import threading
import sys
import tempfile
import time
from pathlib import Path

from common import (
    SEARCHED_KINDS,
    Bm25Baseline,
    Stats,
    Timings,
    cycle,
    load_questions,
    machine,
    make_corpus,
    max_rss_mb,
    ms,
    quiet_logs,
    reset_peak_rss,
    rss_mb,
    seconds,
    table,
    time_each,
)

DEFAULT_COUNT = 1000
# Questions asked per second while a reload runs: above Telegram's limit for a bot's replies (~30/s),
# so the asking never waits for lack of questions; a thread asking back to back would instead
# leave the reload's loading no moment between two answers.
ASKS_PER_SECOND = 50.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Service.reload of many transcripts into SQLite, then answer latency beside bm25s.")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help=f"generated transcripts (default {DEFAULT_COUNT})")
    parser.add_argument("--questions", type=int, default=300, help="questions timed, cycling the mix (default 300)")
    parser.add_argument("--questions-file", type=Path, default=None, help="JSON lines with a 'text' field (default: the shared dev set)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpus and database (path printed on stderr)")
    parser.add_argument("--db", default="", help="a PostgreSQL URL to measure on instead of a SQLite file (a fresh schema is used and dropped)")
    parser.add_argument("--asks-per-second", type=float, default=ASKS_PER_SECOND,
                        help=f"pace of the questions asked during the reload (default {ASKS_PER_SECOND:g})")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    quiet_logs()
    root = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        _run(root, args)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def _run(root: Path, args: argparse.Namespace) -> None:
    """Generate, reload, restart, answer, compare; print the table."""
    began = time.perf_counter()
    print(f"working in {root}; generating {args.count} transcripts", file=sys.stderr)
    corpus = make_corpus(root / "knowledge", args.count, args.seed)
    database = root / "bot.sqlite3"
    mix, origin = load_questions(args.questions_file)
    questions = cycle(mix, args.questions)
    rows: list[list[str]] = []
    kib = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1024
    rss_start = max_rss_mb()

    from bot.config import Settings
    from bot.qa import Context
    from bot.service import Service

    url, drop_schema = _database(args.db, database)
    settings = Settings(knowledge_dir=corpus, database_url=url, log_level="WARNING", cache_dir=str(root / "engines"))
    service = Service.open(settings)
    started = time.perf_counter()
    report = service.reload(loaded_by="bench")
    reload_s = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"reload failed:\n{report.text()[:3000]}")
    rss_loaded = max_rss_mb()
    db_bytes = sum(p.stat().st_size for p in root.glob("bot.sqlite3*"))
    service.close()
    del service  # a restart starts without the old snapshot in memory
    print(f"reloaded in {reload_s:.1f} s", file=sys.stderr)
    gc.collect()
    rss_before_restart = rss_mb()
    # The peak rows below are the restart's and the worker reload's, not this in-process reload's.
    peaks_reset = reset_peak_rss()

    started = time.perf_counter()
    service = Service.open(settings, worker=True)  # as the running bot opens it
    restart_s = time.perf_counter() - started
    engine = service.engine
    knowledge = engine.knowledge

    first_ms = time_each(lambda q: engine.answer(q, Context()), mix[:1]).wall[0] * 1000
    for question in mix:
        engine.answer(question, Context())
    answered = Stats.of(time_each(lambda q: engine.answer(q, Context()), questions))
    asked = Stats.of(time_each(lambda q: service.ask("bench", q), questions))
    rss_answered = max_rss_mb()
    print("answered", file=sys.stderr)

    started = time.perf_counter()
    baseline = Bm25Baseline([p.text for p in knowledge.passages if p.kind in SEARCHED_KINDS])
    bm25_build_s = time.perf_counter() - started
    for question in mix:
        baseline.top1(question)
    bm25 = Stats.of(time_each(baseline.top1, questions))
    sizes = f"{len(knowledge.sources)} / {len(knowledge.passages)} / {len(knowledge.figures)}"
    del baseline, knowledge, engine  # the reload below measures the service's memory, not these
    gc.collect()
    rss_before_reload = rss_mb()
    reset_peak_rss()

    idle, during, worker_s, first_after_ms = _reload_while_asking(service, corpus, questions, args.asks_per_second)
    rss_reloaded = max_rss_mb()
    service.close()
    drop_schema()

    rows += [
        ["transcripts / passages / figures", sizes],
        ["transcript text", f"{kib / 1024:.1f} MiB"],
        ["`Service.reload` (ingest + save version + engine build)", seconds(reload_s)],
        ["SQLite file size after reload", f"{db_bytes / 1024 / 1024:.1f} MiB" if not args.db else "(PostgreSQL)"],
        ["restart: `Service.open` on the loaded file (the engine read from its cache, warmed up)", seconds(restart_s)],
        ["peak RSS before loading (imports, generator)", f"{rss_start:.0f} MiB"],
        ["peak RSS after reload (ru_maxrss)", f"{rss_loaded:.0f} MiB"],
        ["RSS before the restart (that reload's service closed)", _mib(rss_before_restart)],
        [f"peak RSS after restart + answering (ru_maxrss{', since the restart' if peaks_reset else ''})", f"{rss_answered:.0f} MiB"],
        ["first question after restart", ms(first_ms)],
        ["`Engine.answer` median / p99 / max", f"{ms(answered.median)} / {ms(answered.p99)} / {ms(answered.maximum)}"],
        ["`Engine.answer` median / p99 in CPU time (process_time)", f"{ms(answered.cpu_median)} / {ms(answered.cpu_p99)}"],
        ["`Service.ask` median / p99 (adds SQLite context + query log)", f"{ms(asked.median)} / {ms(asked.p99)}"],
        ["bm25s + jieba index build", seconds(bm25_build_s)],
        ["bm25s + jieba top-1 median / p99", f"{ms(bm25.median)} / {ms(bm25.p99)}"],
        ["bm25s + jieba top-1 median / p99 in CPU time", f"{ms(bm25.cpu_median)} / {ms(bm25.cpu_p99)}"],
        ["reload in a worker process while answering (one transcript changed, all re-read)", seconds(worker_s)],
        [f"`Service.ask` median / p99 idle, {args.asks_per_second:g} questions/s", f"{ms(idle.median)} / {ms(idle.p99)}"],
        [f"`Service.ask` median / p99 during that reload ({during.count} questions)", f"{ms(during.median)} / {ms(during.p99)}"],
        ["p99 during reload ÷ idle p99", f"{during.p99 / idle.p99:.2f}×"],
        ["first question after that reload", ms(first_after_ms)],
        ["RSS before that reload (bm25s index freed)", _mib(rss_before_reload)],
        [f"peak RSS after the reload while answering (old and new engine at once{'; ru_maxrss since the reload began' if peaks_reset else ''})",
         f"{rss_reloaded:.0f} MiB"],
    ]
    backend = "PostgreSQL" if args.db else "SQLite"
    print(table(["measure", f"seed + {args.count} generated, {backend}"], rows))
    print()
    print(f"Measured {machine()}.")
    print(f"Generated transcripts used: {args.count} (seed {args.seed}). Questions: {origin}, cycled to {args.questions}; "
          f"fresh Context for Engine.answer, one chat for Service.ask; one unmeasured pass first.")
    print(f"Whole run: {time.perf_counter() - began:.0f} s.")


def _mib(value: float | None) -> str:
    return "(not measured here)" if value is None else f"{value:.0f} MiB"


def _database(postgres: str, sqlite_file: Path) -> tuple[str, object]:
    """The URL to measure on, and what removes it afterwards: a SQLite file, or a fresh PostgreSQL schema."""
    if not postgres:
        return f"sqlite:///{sqlite_file}", lambda: None
    from sqlalchemy import create_engine, text

    schema = f"bench_scale_{os.getpid()}"
    admin = create_engine(postgres)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

    separator = "&" if "?" in postgres else "?"
    return f"{postgres}{separator}options=-csearch_path%3D{schema}", drop


def _reload_while_asking(service, corpus: Path, questions: list[str], per_second: float):
    """Idle Service.ask latencies at a steady pace, then the same while the service reloads a changed
    corpus in its worker process; returns (idle, during, reload seconds, first answer after it in ms)."""
    idle = Stats.of(_paced(service, questions, per_second, lambda: False))
    changed = sorted(corpus.glob("20*.txt"))[-1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n主持人:谢谢大家。\n", encoding="utf-8")
    done = threading.Event()
    timings: list[Timings] = []
    asker = threading.Thread(target=lambda: timings.append(_paced(service, questions, per_second, done.is_set, forever=True)))
    before = service.version
    asker.start()
    started = time.perf_counter()
    try:
        report = service.reload(loaded_by="bench")
    finally:
        reload_s = time.perf_counter() - started
        done.set()
        asker.join()
    if not report.ok or service.version == before:
        raise SystemExit(f"the reload under questions did not switch:\n{report.text()[:3000]}")
    first = time_each(lambda q: service.ask("bench-after", q), questions[:1]).wall[0] * 1000
    print(f"reloaded in a worker in {reload_s:.1f} s while answering", file=sys.stderr)
    return idle, Stats.of(timings[0]), reload_s, first


def _paced(service, questions: list[str], per_second: float, stop, forever: bool = False) -> Timings:
    """Service.ask at a steady pace: each question, then a wait until the next one is due."""
    wall, cpu = [], []
    interval = 1.0 / per_second
    due = time.perf_counter()
    i = 0
    while not stop() and (forever or i < len(questions)):
        question = questions[i % len(questions)]
        cpu_started, started = time.thread_time(), time.perf_counter()
        service.ask("bench-paced", question)
        wall.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - cpu_started)
        i += 1
        due += interval
        time.sleep(max(0.0, due - time.perf_counter()))
    return Timings(wall, cpu)


if __name__ == "__main__":
    raise SystemExit(main())
