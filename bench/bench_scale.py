"""Scale benchmark: load many generated transcripts through Service.reload into SQLite, then answer.

    python bench/bench_scale.py                 # the seed + 1,000 generated transcripts
    python bench/bench_scale.py --count 300 --questions 300

Prints one Markdown table: reload time (ingest + save the version + build the engine), the SQLite
file size, a restart (Service.open on the loaded file), this process's peak memory, and answer
latency (median, p99) beside bm25s + jieba over the same passages. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import (
    SEARCHED_KINDS,
    Bm25Baseline,
    Stats,
    cycle,
    load_questions,
    machine,
    make_corpus,
    max_rss_mb,
    ms,
    quiet_logs,
    seconds,
    table,
    time_each,
)

DEFAULT_COUNT = 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Service.reload of many transcripts into SQLite, then answer latency beside bm25s.")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help=f"generated transcripts (default {DEFAULT_COUNT})")
    parser.add_argument("--questions", type=int, default=300, help="questions timed, cycling the mix (default 300)")
    parser.add_argument("--questions-file", type=Path, default=None, help="JSON lines with a 'text' field (default: the shared dev set)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpus and database (path printed on stderr)")
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

    settings = Settings(knowledge_dir=corpus, database_url=f"sqlite:///{database}", log_level="WARNING")
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

    started = time.perf_counter()
    service = Service.open(settings)
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
    service.close()

    rows += [
        ["transcripts / passages / figures", f"{len(knowledge.sources)} / {len(knowledge.passages)} / {len(knowledge.figures)}"],
        ["transcript text", f"{kib / 1024:.1f} MiB"],
        ["`Service.reload` (ingest + save version + engine build)", seconds(reload_s)],
        ["SQLite file size after reload", f"{db_bytes / 1024 / 1024:.1f} MiB"],
        ["restart: `Service.open` on the loaded file (load version + engine build)", seconds(restart_s)],
        ["peak RSS before loading (imports, generator)", f"{rss_start:.0f} MiB"],
        ["peak RSS after reload (ru_maxrss)", f"{rss_loaded:.0f} MiB"],
        ["peak RSS after restart + answering (ru_maxrss)", f"{rss_answered:.0f} MiB"],
        ["first question after restart", ms(first_ms)],
        ["`Engine.answer` median / p99 / max", f"{ms(answered.median)} / {ms(answered.p99)} / {ms(answered.maximum)}"],
        ["`Engine.answer` median / p99 in CPU time (process_time)", f"{ms(answered.cpu_median)} / {ms(answered.cpu_p99)}"],
        ["`Service.ask` median / p99 (adds SQLite context + query log)", f"{ms(asked.median)} / {ms(asked.p99)}"],
        ["bm25s + jieba index build", seconds(bm25_build_s)],
        ["bm25s + jieba top-1 median / p99", f"{ms(bm25.median)} / {ms(bm25.p99)}"],
        ["bm25s + jieba top-1 median / p99 in CPU time", f"{ms(bm25.cpu_median)} / {ms(bm25.cpu_p99)}"],
    ]
    print(table(["measure", f"seed + {args.count} generated"], rows))
    print()
    print(f"Measured {machine()}.")
    print(f"Generated transcripts used: {args.count} (seed {args.seed}). Questions: {origin}, cycled to {args.questions}; "
          f"fresh Context for Engine.answer, one chat for Service.ask; one unmeasured pass first.")
    print(f"Whole run: {time.perf_counter() - began:.0f} s.")


if __name__ == "__main__":
    raise SystemExit(main())
