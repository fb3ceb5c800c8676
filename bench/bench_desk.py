"""Reporters' desk benchmark: exports and charts over the seed plus many generated transcripts.

    python bench/bench_desk.py                  # the seed + 1,000 generated transcripts
    python bench/bench_desk.py --count 100 --repeat 3

Builds the knowledge once (build_knowledge, no database), then times each desk operation the way a
reporter meets it: the rows of a query, the exports (CSV, Excel, JSON) of one project's figures and
of every figure, the first chart in a process (importing matplotlib and loading the CJK font
included) and the next ones, a brief, the changes and a county page. Prints one Markdown table
with the median of --repeat runs (wall clock, and CPU time for comparison on a shared machine).
Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import machine, make_corpus, quiet_logs, table

DEFAULT_COUNT = 1000
# A measure every generated month reports (200 months at 1,000 transcripts) and one project.
TREND_QUERY = "便民市场"
PROJECT_QUERY = "便民市场建设"
COUNTY = "丰宁"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the reporters' desk: rows, exports, charts, reports.")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help=f"generated transcripts (default {DEFAULT_COUNT})")
    parser.add_argument("--repeat", type=int, default=5, help="runs per operation; the median is shown (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpus (path printed on stderr)")
    args = parser.parse_args(argv)
    quiet_logs()
    root = Path(tempfile.mkdtemp(prefix="bench-desk-"))
    print(f"corpus in {root}", file=sys.stderr)
    try:
        _run(root, args)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def _timed(function, repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds over `repeat` calls, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def _run(root: Path, args: argparse.Namespace) -> None:
    from bot.desk import Desk
    from bot.desk.export import render
    from bot.ingest import build_knowledge, knowledge_files

    corpus = make_corpus(root / "knowledge", args.count, args.seed)
    started = time.perf_counter()
    knowledge, _ = build_knowledge(knowledge_files(corpus))
    build_s = time.perf_counter() - started
    rows: list[list[str]] = []

    def add(name: str, wall: float, cpu: float, note: str = "") -> None:
        rows.append([name, f"{wall * 1000:.0f} ms" if wall < 10 else f"{wall:.1f} s", f"{cpu * 1000:.0f} ms", note])

    wall, cpu, desk = _timed(lambda: Desk(knowledge), 1)
    add("Desk(knowledge) (index sources, passages, aliases)", wall, cpu)
    wall, cpu, everything = _timed(lambda: desk.rows(""), args.repeat)
    add("rows of every figure", wall, cpu, f"{len(everything):,} rows")
    wall, cpu, project = _timed(lambda: desk.rows(PROJECT_QUERY), args.repeat)
    add(f"rows of `{PROJECT_QUERY}`", wall, cpu, f"{len(project):,} rows")
    wall, cpu, county_rows = _timed(lambda: desk.rows(COUNTY), args.repeat)
    add(f"rows of `{COUNTY}`", wall, cpu, f"{len(county_rows):,} rows")
    for fmt in ("csv", "xlsx", "json"):
        wall, cpu, data = _timed(lambda: render(project, fmt), args.repeat)
        add(f"{fmt} of `{PROJECT_QUERY}`", wall, cpu, f"{len(data) / 1024:,.0f} KiB")
    for fmt in ("csv", "xlsx"):
        wall, cpu, data = _timed(lambda: render(everything, fmt), 1 if fmt == "xlsx" else args.repeat)
        add(f"{fmt} of every figure", wall, cpu, f"{len(data) / 1024 / 1024:,.1f} MiB")
    wall, cpu, png = _timed(lambda: desk.chart_png(desk.chart_plan(TREND_QUERY, kind="trend")), 1)
    add(f"first chart in the process (`{TREND_QUERY}`, import matplotlib, load the font)", wall, cpu)
    plan = desk.chart_plan(TREND_QUERY, kind="trend")
    points = sum(len(line.points) for line in plan.lines)
    wall, cpu, png = _timed(lambda: desk.chart_png(desk.chart_plan(TREND_QUERY, kind="trend")), args.repeat)
    add(f"chart `{TREND_QUERY}` ({plan.kind}: plan + PNG)", wall, cpu, f"{len(plan.lines)} lines, {points} points, {len(png) / 1024:.0f} KiB")
    wall, cpu, _ = _timed(lambda: desk.chart_plan(TREND_QUERY, kind="trend"), args.repeat)
    add("… of which the plan (query, link the series)", wall, cpu)
    for name, query, kind in (("progress", PROJECT_QUERY, "progress"), ("county", COUNTY, "county")):
        wall, cpu, png = _timed(lambda: desk.chart_png(desk.chart_plan(query, kind=kind)), args.repeat)
        add(f"chart `{query}` ({name})", wall, cpu)
    wall, cpu, _ = _timed(lambda: desk.brief(), args.repeat)
    add("brief of the latest conference", wall, cpu)
    wall, cpu, _ = _timed(lambda: desk.changes(), 1)
    add("changes (latest month vs each measure's previous report)", wall, cpu)
    wall, cpu, _ = _timed(lambda: desk.county(COUNTY), 1)
    add(f"county page `{COUNTY}`", wall, cpu)
    wall, cpu, _ = _timed(lambda: desk.consistency(), 1)
    add("consistency report", wall, cpu)
    print(f"Seed + {args.count:,} generated transcripts: {len(knowledge.sources):,} conferences, "
          f"{len(knowledge.figures):,} figures, {len(knowledge.passages):,} passages "
          f"(build_knowledge {build_s:.1f} s, not part of the desk). Median of {args.repeat} runs, "
          f"except one run each for the first chart, the Excel file of every figure, changes, the "
          f"county page and the consistency report.\n{machine()}\n")
    print(table(["operation", "wall", "CPU", "size"], rows))


if __name__ == "__main__":
    sys.exit(main())
