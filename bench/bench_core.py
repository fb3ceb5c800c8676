"""Core benchmark: answer latency, build time, cold start and peak memory of the QA engine, beside bm25s.

    python bench/bench_core.py                       # sizes 1,100; 300 questions per size
    python bench/bench_core.py --sizes 1,10,100 --questions 500 --profile

For each size S the knowledge is the seed (transcript, curated figures, aliases) plus S−1 transcripts
from bench/generate.py, so S=100 is a knowledge base 100 times the seed. It prints one Markdown
table; the targets (issue: median ≤ 1 ms and p99 ≤ 5 ms on the seed, median ≤ 10 ms at 100×, cold
start ≤ 1.5 s) are printed beside the measurements. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    REPO,
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

COLD_QUESTION = "棚改已开工多少套"
# Targets from the issue, keyed by size (1 = the seed alone).
MEDIAN_TARGET_MS = {1: 1.0, 100: 10.0}
P99_TARGET_MS = {1: 5.0}
COLD_START_TARGET_S = 1.5
MIN_QUESTIONS = 200
SLOWEST_SHOWN = 8


@dataclass
class Result:
    """Everything measured for one knowledge size."""

    size: int
    transcripts: int = 0
    passages: int = 0
    figures: int = 0
    kib: float = 0.0
    ingest_s: float = 0.0
    build_s: float = 0.0
    first_ms: float = 0.0
    engine: Stats | None = None
    found: int = 0
    bm25_build_s: float = 0.0
    bm25: Stats | None = None
    load_s: float | None = None
    cold: list[float] = field(default_factory=list)
    ingest_mb: float | None = None
    engine_mb: float | None = None
    bm25_mb: float | None = None
    slowest: list[tuple[str, float]] = field(default_factory=list)  # (question, its slowest ms), slowest first


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.memory_child:
        return _memory_child(args.memory_child[0], Path(args.memory_child[1]), args)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if not sizes or min(sizes) < 1:
        raise SystemExit("--sizes takes positive whole numbers, e.g. 1,100")
    if args.questions < MIN_QUESTIONS:
        print(f"note: {args.questions} questions per size is below the {MIN_QUESTIONS} the p99 needs", file=sys.stderr)
    quiet_logs()
    mix, origin = load_questions(args.questions_file)
    questions = cycle(mix, args.questions)
    root = Path(tempfile.mkdtemp(prefix="bench-core-"))
    print(f"working in {root}", file=sys.stderr)
    try:
        _run(sizes, root, mix, origin, questions, args)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def _run(sizes: list[int], root: Path, mix: list[str], origin: str, questions: list[str], args: argparse.Namespace) -> None:
    """Generate the corpora, measure every size, print the report (and the profile)."""
    corpora = {size: make_corpus(root / f"{size}x", size - 1, args.seed) for size in sizes}
    results = {size: Result(size) for size in sizes}
    if not args.no_memory:
        # First, while this process is still small: Linux carries the parent's peak RSS into a
        # forked child's ru_maxrss, so children started later would report our peak, not theirs.
        for size, corpus in corpora.items():
            results[size].ingest_mb, results[size].engine_mb = _child_rss("engine", corpus, args)
            _, results[size].bm25_mb = _child_rss("bm25", corpus, args)
    warm_up_s = _warm_up()
    for size, corpus in corpora.items():
        _measure_in_process(results[size], corpus, mix, questions)
        if not args.no_cold_start:
            _measure_cold_start(results[size], corpus, root / f"{size}x.sqlite3", args.cold_runs)
        print(f"size {size}x done", file=sys.stderr)
    print(_report(list(results.values()), origin, args, warm_up_s))
    if args.profile:
        print()
        print(_profile(root / f"{sizes[-1]}x", questions, args.profile_top))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="QA engine latency, build time, cold start and memory beside bm25s + jieba.")
    parser.add_argument("--sizes", default="1,100", help="knowledge sizes as multiples of the seed (default 1,100)")
    parser.add_argument("--questions", type=int, default=300, help="questions timed per size, cycling the mix (default 300)")
    parser.add_argument("--questions-file", type=Path, default=None, help="JSON lines with a 'text' field (default: the shared dev set)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold-start runs per size; the median is reported (default 5)")
    parser.add_argument("--no-cold-start", action="store_true", help="skip the subprocess cold-start measurement")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory child processes")
    parser.add_argument("--profile", action="store_true", help="also print the functions dominating Engine.answer at the largest size")
    parser.add_argument("--profile-top", type=int, default=15, help="functions to list with --profile (default 15)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpora and databases (path printed on stderr)")
    parser.add_argument("--memory-child", nargs=2, metavar=("WHAT", "DIR"), help=argparse.SUPPRESS)
    return parser


# -- in-process measurements ------------------------------------------------------------------


def _warm_up() -> float:
    """Pay the once-per-process costs before measuring anything; returns their seconds.

    jieba's main dictionary (every engine build shares it), OpenCC's dictionaries, cn2an and
    bm25s/numpy imports would otherwise be charged to whichever size is measured first.
    """
    from bot.domain import Knowledge
    from bot.ingest.transcript import parse_transcript
    from bot.qa import Engine

    started = time.perf_counter()
    Engine(Knowledge())
    parse_transcript("2021-04-warm-up-第一场.txt", "请市教育局局长王成军同志做发布;\n一是幼儿园。年内计划新建幼儿园十所。")
    Bm25Baseline(["预热 一下", "基准 测试"]).top1("预热")
    return time.perf_counter() - started


def _measure_in_process(result: Result, corpus: Path, mix: list[str], questions: list[str]) -> None:
    """Ingest, engine build, answer latency and the bm25s baseline for one size."""
    from bot.ingest import build_knowledge, knowledge_files
    from bot.qa import Context, Engine

    size = result.size
    files = knowledge_files(corpus)
    result.kib = sum(p.stat().st_size for p in files if p.suffix == ".txt") / 1024
    started = time.perf_counter()
    knowledge, problems = build_knowledge(files)
    result.ingest_s = time.perf_counter() - started
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SystemExit(f"the {size}x knowledge does not load:\n" + "\n".join(map(str, errors[:10])))
    result.transcripts, result.passages, result.figures = len(knowledge.sources), len(knowledge.passages), len(knowledge.figures)

    started = time.perf_counter()
    engine = Engine(knowledge)
    result.build_s = time.perf_counter() - started
    # The first question after a build pays for lazily built tables (pinyin, OpenCC): shown apart.
    result.first_ms = time_each(lambda q: engine.answer(q, Context()), mix[:1]).wall[0] * 1000
    for question in mix:  # one unmeasured pass: the steady state is what a running bot serves
        engine.answer(question, Context())
    result.found = sum(engine.answer(q, Context())[0].found for q in mix)
    timings = time_each(lambda q: engine.answer(q, Context()), questions)
    result.engine = Stats.of(timings)
    worst: dict[str, float] = {}
    for question, elapsed in zip(questions, timings.wall):
        worst[question] = max(worst.get(question, 0.0), elapsed * 1000)
    result.slowest = sorted(worst.items(), key=lambda qt: -qt[1])

    texts = [p.text for p in knowledge.passages if p.kind in SEARCHED_KINDS]
    started = time.perf_counter()
    baseline = Bm25Baseline(texts)
    result.bm25_build_s = time.perf_counter() - started
    for question in mix:
        baseline.top1(question)
    result.bm25 = Stats.of(time_each(baseline.top1, questions))


# -- subprocess measurements ------------------------------------------------------------------


def _bot(corpus: Path, database: Path, *command: str) -> tuple[float, subprocess.CompletedProcess]:
    """Run `python -m bot --knowledge corpus --db sqlite:///database COMMAND…`; returns wall seconds."""
    argv = [sys.executable, "-m", "bot", "--knowledge", str(corpus), "--db", f"sqlite:///{database}", *command]
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, done


def _measure_cold_start(result: Result, corpus: Path, database: Path, runs: int) -> None:
    """`python -m bot load` once, then the median of `runs` × `python -m bot ask` against the loaded file."""
    database.unlink(missing_ok=True)
    result.load_s, _ = _bot(corpus, database, "load")
    for _ in range(runs):
        elapsed, done = _bot(corpus, database, "ask", COLD_QUESTION)
        if not done.stdout.strip():
            raise SystemExit(f"`ask {COLD_QUESTION}` printed nothing at {result.size}x")
        result.cold.append(elapsed)


def _child_rss(what: str, corpus: Path, args: argparse.Namespace) -> tuple[float, float]:
    """Peak RSS (MiB) of a fresh process that ingests `corpus`, after ingest and after building `what` and answering the mix."""
    argv = [sys.executable, __file__, "--memory-child", what, str(corpus), "--questions", str(args.questions)]
    if args.questions_file:
        argv += ["--questions-file", str(args.questions_file)]
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"memory child ({what}) failed:\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["after_ingest_mb"], report["max_rss_mb"]


def _memory_child(what: str, corpus: Path, args: argparse.Namespace) -> int:
    """Body of the memory child: ingest, build, answer the mix once; print this process's ru_maxrss."""
    from bot.ingest import build_knowledge, knowledge_files

    quiet_logs()
    mix, _origin = load_questions(args.questions_file)
    knowledge, _problems = build_knowledge(knowledge_files(corpus))
    after_ingest = max_rss_mb()
    if what == "engine":
        from bot.qa import Context, Engine

        engine = Engine(knowledge)
        for question in cycle(mix, args.questions):
            engine.answer(question, Context())
    elif what == "bm25":
        baseline = Bm25Baseline([p.text for p in knowledge.passages if p.kind in SEARCHED_KINDS])
        for question in cycle(mix, args.questions):
            baseline.top1(question)
    else:
        raise SystemExit(f"unknown memory child {what!r}")
    print(json.dumps({"after_ingest_mb": round(after_ingest, 1), "max_rss_mb": round(max_rss_mb(), 1)}))
    return 0


# -- report -----------------------------------------------------------------------------------


def _verdict(value: float, target: float | None, unit: str) -> str:
    if target is None:
        return ""
    return f" (≤ {target:g} {unit}: {'met' if value <= target else '**missed**'})"


def _report(results: list[Result], origin: str, args: argparse.Namespace, jieba_s: float) -> str:
    """The Markdown table, with the targets beside the measurements."""
    header = ["measure"] + [f"{r.size}× ({'seed' if r.size == 1 else 'seed + generated'})" for r in results]
    rows: list[list[str]] = []

    def row(name: str, cell) -> None:
        rows.append([name] + [cell(r) for r in results])

    row("transcripts / passages / figures", lambda r: f"{r.transcripts} / {r.passages} / {r.figures}")
    row("transcript text", lambda r: f"{r.kib:.0f} KiB")
    row("ingest (build_knowledge)", lambda r: seconds(r.ingest_s))
    row("engine build (Engine(knowledge))", lambda r: seconds(r.build_s))
    row("first question after build", lambda r: ms(r.first_ms))
    row("engine median", lambda r: ms(r.engine.median) + _verdict(r.engine.median, MEDIAN_TARGET_MS.get(r.size), "ms"))
    row("engine p99", lambda r: ms(r.engine.p99) + _verdict(r.engine.p99, P99_TARGET_MS.get(r.size), "ms"))
    row("engine max", lambda r: ms(r.engine.maximum))
    row("engine median / p99 in CPU time (process_time)", lambda r: f"{ms(r.engine.cpu_median)} / {ms(r.engine.cpu_p99)}")
    row("answered (found) in the mix", lambda r: f"{r.found} of {len(load_questions(args.questions_file)[0])}")
    row("bm25s + jieba index build", lambda r: seconds(r.bm25_build_s))
    row("bm25s + jieba median (top-1)", lambda r: ms(r.bm25.median))
    row("bm25s + jieba p99 (top-1)", lambda r: ms(r.bm25.p99))
    row("bm25s + jieba median / p99 in CPU time", lambda r: f"{ms(r.bm25.cpu_median)} / {ms(r.bm25.cpu_p99)}")
    if not args.no_cold_start:
        row("`python -m bot load` (subprocess)", lambda r: seconds(r.load_s or 0))
        row(
            f"cold start `ask` (median of {args.cold_runs})",
            lambda r: seconds(statistics.median(r.cold))
            + (_verdict(statistics.median(r.cold), COLD_START_TARGET_S, "s") if r.size == 1 else ""),
        )
        row("cold start min / max", lambda r: f"{min(r.cold):.2f} / {max(r.cold):.2f} s")
    if not args.no_memory:
        row("peak RSS of a child after ingest only", lambda r: f"{r.ingest_mb:.0f} MiB")
        row("peak RSS, engine child (ru_maxrss)", lambda r: f"{r.engine_mb:.0f} MiB")
        row("peak RSS, bm25s child (ru_maxrss)", lambda r: f"{r.bm25_mb:.0f} MiB")
    notes = [
        f"Measured {machine()}.",
        f"Questions: {origin}, cycled to {args.questions} per size; each asked with a fresh Context; "
        "one unmeasured pass first. Generator seed {args.seed}.".replace("{args.seed}", str(args.seed)),
        f"Once-per-process warm-up before the first size (jieba dictionary, OpenCC, bm25s import): {jieba_s:.2f} s.",
    ]
    largest = results[-1]
    slow = [[f"`{q}`", ms(t)] for q, t in largest.slowest[:SLOWEST_SHOWN]]
    slowest = [f"Slowest questions at {largest.size}× (worst of their repeats):", "", table(["question", "engine"], slow)]
    return "\n".join([table(header, rows), "", *notes, "", *slowest])


def _profile(corpus: Path, questions: list[str], top: int) -> str:
    """The functions that dominate Engine.answer over a corpus, by own time and by cumulative time."""
    from bot.ingest import build_knowledge, knowledge_files
    from bot.qa import Context, Engine

    knowledge, _problems = build_knowledge(knowledge_files(corpus))
    engine = Engine(knowledge)
    for question in questions[:100]:
        engine.answer(question, Context())
    profiler = cProfile.Profile()
    profiler.enable()
    for question in questions:
        engine.answer(question, Context())
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # (file, line, name) → (calls, ncalls, tottime, cumtime, callers)
    total = sum(v[2] for v in stats.values())
    lines = [f"cProfile of Engine.answer over {corpus.name} ({len(questions)} questions, {total:.2f} s profiled):", ""]
    for title, key in (("own time", 2), ("cumulative time", 3)):
        ranked = sorted(stats.items(), key=lambda kv: -kv[1][key])
        chosen = [kv for kv in ranked if key == 2 or "bot/" in kv[0][0]][:top]
        body = [
            [_where(f), str(v[1]), f"{v[2]:.3f} s", f"{v[3]:.3f} s", f"{v[key] / total * 100:.0f}%"]
            for f, v in chosen
        ]
        lines += [f"By {title}:", "", table(["function", "calls", "own", "cumulative", "share"], body), ""]
    return "\n".join(lines)


def _where(function: tuple[str, int, str]) -> str:
    path, line, name = function
    if "bot/" in path:
        path = "bot/" + path.split("bot/", 1)[1]
    elif "site-packages/" in path:
        path = path.split("site-packages/", 1)[1]
    return f"`{path}:{line} {name}`" if line else f"`{name}`"


if __name__ == "__main__":
    raise SystemExit(main())
