"""Shared by the benchmark scripts: the question mix, corpora, timing statistics, the bm25s baseline."""

from __future__ import annotations

import json
import logging
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_KNOWLEDGE = REPO / "knowledge"
# The shared dev set: real question texts with the mix of kinds the bot gets (figures, counties,
# rates, who/when, typos, traditional characters, follow-ups, chit-chat).
# The shared evaluation set lives beside the repository (../shared), when it is there; a git
# worktree one level deeper (e.g. wt/NAME) finds it two levels up.
_DEV_SETS = [Path(__file__).resolve().parents[n] / "shared" / "eval" / "dev.jsonl" for n in (2, 3)]
DEV_SET = next((path for path in _DEV_SETS if path.is_file()), _DEV_SETS[0])
# Used only when the dev set is not on this machine: the same kinds of question, fewer of each.
FALLBACK_QUESTIONS = (
    "棚改已开工多少套", "棚户区改造计划建设多少套回迁安置房", "老旧小区开工了多少个", "幼儿园项目面积一共多少",
    "中小学已开工面积是多少", "垃圾转运站开工比例", "文艺团体还差多少支", "幼儿园项目都在哪些地方",
    "滦平县有几个中小学项目", "宽城县有几个幼儿园项目", "池大勇是哪个单位的", "教育局局长是谁",
    "卫健委的重点工作有哪些", "人社局怎么鼓励创业", "承德县的中小学项目什么时候开工", "城镇登记失业率是百分之多少?",
    "棚戶區改造計劃建設多少套", "凰凤山大桥完成多少", "失业保险 发了 多少 钱", "社区养老服务中心建成了多少个",
    "农村公路改造完成了多少公里", "新能源公交车投入运营多少辆", "今天几号", "保定市有多少个老旧小区", "谢谢",
)
# The kinds of passage the engine's search indexes (host lines are left out there too).
SEARCHED_KINDS = ("speech", "answer", "question")
_WORD = re.compile(r"\w")


def load_questions(path: Path | None = None) -> tuple[list[str], str]:
    """Question texts and where they come from: the dev set if present, else the built-in list."""
    path = path or DEV_SET
    if path.is_file():
        texts = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(str(json.loads(line)["text"]))
        if texts:
            return texts, f"{path} ({len(texts)} questions)"
    return list(FALLBACK_QUESTIONS), f"built-in list ({len(FALLBACK_QUESTIONS)} questions; {path} not found)"


def cycle(questions: list[str], count: int) -> list[str]:
    """`count` questions, going round the mix as many times as needed."""
    return [questions[i % len(questions)] for i in range(count)]


def make_corpus(directory: Path, generated: int, seed: int) -> Path:
    """The seed knowledge (transcript, curated figures, aliases) plus `generated` synthetic transcripts."""
    from generate import generate

    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    for path in SEED_KNOWLEDGE.iterdir():
        if path.is_file():
            shutil.copy2(path, directory / path.name)
    generate(directory, generated, seed)
    return directory


@dataclass(frozen=True)
class Timings:
    """Seconds per question: wall clock (perf_counter) and this process's CPU time (process_time).

    On a shared machine the wall clock also counts the time another process had the CPU; the
    CPU time does not, so the two side by side tell slow code from a busy machine.
    """

    wall: list[float]
    cpu: list[float]


@dataclass(frozen=True)
class Stats:
    """Latencies of a run of questions, in milliseconds."""

    count: int
    median: float
    p99: float
    maximum: float
    cpu_median: float
    cpu_p99: float

    @classmethod
    def of(cls, timings: Timings) -> Stats:
        wall = sorted(s * 1000 for s in timings.wall)
        cpu = sorted(s * 1000 for s in timings.cpu)
        return cls(len(wall), statistics.median(wall), percentile(wall, 99), wall[-1], statistics.median(cpu), percentile(cpu, 99))


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values (p99 of 300 values is the 297th)."""
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def time_each(function, questions: list[str]) -> Timings:
    """Wall and CPU seconds taken by function(question) for each question."""
    wall, cpu = [], []
    for question in questions:
        cpu_started = time.process_time()
        started = time.perf_counter()
        function(question)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return Timings(wall, cpu)


class Bm25Baseline:
    """A plain retriever to compare with: bm25s over jieba-tokenised passages, top-1 per question."""

    def __init__(self, texts: list[str]) -> None:
        import bm25s
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._cut = jieba.lcut
        # bm25s's own splitter keeps a run of Chinese characters as one token: give it jieba words.
        self.retriever = bm25s.BM25()
        self.retriever.index([self.tokens(t) for t in texts], show_progress=False)
        self.size = len(texts)

    def tokens(self, text: str) -> list[str]:
        """jieba words, without whitespace and punctuation."""
        return [w for w in self._cut(text.lower()) if _WORD.search(w)]

    def top1(self, question: str) -> int:
        """Index of the best passage for a question."""
        ids, _scores = self.retriever.retrieve([self.tokens(question)], k=1, show_progress=False, n_threads=0)
        return int(ids[0][0])


def quiet_logs() -> None:
    """jieba and bm25s print progress and load messages; benchmarks print tables only."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("bm25s").setLevel(logging.WARNING)


def max_rss_mb() -> float:
    """This process's peak resident set size in MiB (Linux reports ru_maxrss in KiB)."""
    import resource

    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def reset_peak_rss() -> bool:
    """Start this process's peak RSS again from its current RSS, so that max_rss_mb() covers only
    what follows (a restart's peak, not the in-process reload before it); False where it cannot.

    Linux resets the peak (VmHWM, which ru_maxrss reads) when 5 is written to /proc/self/clear_refs.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def rss_mb() -> float | None:
    """This process's resident set size now in MiB (Linux), else None."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")), None)


def machine() -> str:
    """One line about where the numbers were measured."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = " (+ uncommitted changes)" if _git("status", "--porcelain", "--untracked-files=no") else ""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{now}; nproc {os.cpu_count()} ({len(os.sched_getaffinity(0))} usable); {cpu}; "
        f"Python {platform.python_version()}; commit {commit}{dirty}; load average at the end {load} (1/5/15 min)"
    )


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def ms(value: float) -> str:
    return f"{value:.2f} ms" if value < 100 else f"{value:.0f} ms"


def seconds(value: float) -> str:
    return f"{value:.2f} s"
