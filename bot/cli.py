"""Command line: ask, chat, load, check, versions, rollback, run, webhook, and the reporters' desk
(figures, chart, brief, changes, county). No logic of its own."""

from __future__ import annotations

import argparse
import atexit
import json
import logging
import os
import sys
import time
from pathlib import Path

from bot.config import ConfigError, Settings


def main(argv: list[str] | None = None, prog: str = "minsheng-bot") -> int:
    """Parse arguments and run one subcommand; returns the exit code (`prog`: how the user called us)."""
    args = _parser(prog).parse_args(argv)
    try:
        settings = Settings.from_env().with_overrides(
            knowledge_dir=Path(args.knowledge) if getattr(args, "knowledge", None) else None,
            database_url=getattr(args, "db", None),
        )
        _configure_logging(args, settings)
        status = args.handler(args, settings)
        sys.stdout.flush()  # inside the try: a reader that has gone is reported here, not at exit
        return status
    except ConfigError as error:
        print(f"配置错误 / configuration error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `ask … | head -1`: the reader has what it wanted. Point stdout at /dev/null so the
        # interpreter's final flush does not complain (the recipe in Python's signal docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130


def _configure_logging(args: argparse.Namespace, settings: Settings) -> None:
    """Log lines for the bot; terminal commands print answers and reports, which log lines would clutter."""
    quiet = args.command not in (None, "run", "webhook") and "BOT_LOG_LEVEL" not in os.environ
    level = "WARNING" if quiet else settings.log_level
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    _quiet_libraries()


def _named(args: argparse.Namespace, option: str, variable: str) -> str:
    """How the user gave a setting: the command-line option when used, else the environment variable."""
    return f"--{option}" if getattr(args, option, None) else variable


# What each subcommand's --help says; the one-line `help=` is its entry in the main --help.
DESCRIPTIONS = {
    "ask": "Answer one question and print the answer with its source (conference, speaker, quoted "
           "sentence). With --jsonl, read {\"chat\": ..., \"text\": ...} lines from stdin and write one "
           "JSON answer per line; \"chat\" keeps each conversation's follow-up context apart. Loads the "
           "knowledge directory first when the database is empty or its files changed.",
    "chat": "Talk to the bot in the terminal: type a question and press Enter; a follow-up uses the "
            "previous question's context. /help, /topics, /figures KEYWORD and /source work as in "
            "Telegram. The arrow keys edit the line and recall earlier ones (history in "
            "~/.minsheng-bot_history). An empty line or Ctrl-D ends the chat.",
    "load": "Load the knowledge directory as a new knowledge version, which the bot then serves. With "
            "PATHs, add those files to the knowledge directory (replacing any of the same name) and load; "
            "with --replace, serve only the given files and make the directory hold just them. The files "
            "are checked first: on an error nothing changes, the report names each problem's file:line "
            "and the exit status is 1.",
    "check": "Validate knowledge files (default: the knowledge directory) exactly as load would and "
             "print the report; nothing is stored. Exit status 1 when there are errors. With --report, "
             "the consistency report instead: parts that don't add up to their total, progress above "
             "its target, one indicator with two values for one date, curated figures not found in "
             "their sentence.",
    "versions": "List the stored knowledge versions, newest first: id, time, who loaded it, number of "
                "files and what they hold; * marks the version being served.",
    "rollback": "Serve an earlier stored knowledge version (VERSION, or by default the one before the "
                "active one) and put its files back into the knowledge directory. A running bot on the "
                "same database switches within BOT_POLL_SECONDS.",
    "run": "Run the Telegram bot with long polling (needs TELEGRAM_BOT_TOKEN). Without a token it says "
           "how to get one and, at a terminal, starts the terminal chat; with no terminal it exits with "
           "status 2. Stops cleanly on SIGTERM or Ctrl-C.",
    "figures": "Every figure matching QUERY (a project, indicator, department, county or speaker; several "
               "words must all match; empty = every figure), best match first, one row per figure with "
               "department, project, item, indicator, kind, value, unit, county, as-of date, city, speaker, "
               "conference, file, line and sentence. --format csv is UTF-8 with a byte-order mark (Excel "
               "opens it), xlsx an Excel workbook, json an array; table (the default) is for the terminal. "
               "Binary formats need -o FILE.",
    "chart": "Draw a chart of the figures matching QUERY as a PNG: bars of progress against each target of "
             "the project (completion written on them), a line over months when several conferences "
             "report the same measure, or bars by county for a per-county breakdown (with a note when "
             "the parts don't add up to the stated total). The figures decide; --kind forces one. Title, "
             "units, as-of date and source are written on the chart.",
    "brief": "A brief of one conference (default: the latest): its date and place, each department and "
             "speaker, each project's key figures with completion rates, and the consistency warnings. "
             "--source picks one by file name or a word of its title, --month the latest of a month.",
    "changes": "What changed between the two latest months of conferences (or, with --since, since the end "
               "of that month): each figure that moved, old → new, with the difference (percentage points "
               "for percentages); targets reached; new projects and new counties; grouped by department.",
    "county": "Every project, item and figure that names a county (丰宁 or 丰宁县), across departments and "
              "conferences, newest first.",
    "webhook": "Run the Telegram bot behind its built-in webhook server (needs TELEGRAM_BOT_TOKEN and "
               "BOT_WEBHOOK_URL; listens on BOT_WEBHOOK_LISTEN:BOT_WEBHOOK_PORT). Stops cleanly on SIGTERM.",
}


def _parser(prog: str) -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    # The global options are accepted before or after the subcommand; SUPPRESS keeps a
    # subcommand's unset copy from overwriting a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--knowledge", metavar="DIR", default=argparse.SUPPRESS,
                        help="knowledge directory (env BOT_KNOWLEDGE_DIR, default ./knowledge)")
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="SQLAlchemy database URL (env BOT_DATABASE_URL, default SQLite data/bot.sqlite3)")
    parser = argparse.ArgumentParser(
        prog=prog, description="民生工程问答机器人 / livelihood-projects Q&A bot", parents=[common]
    )
    parser.set_defaults(handler=_run, prog=prog)
    sub = parser.add_subparsers(dest="command")
    add_parser = sub.add_parser

    def with_common(name: str, **kwargs):
        return add_parser(name, parents=[common], description=DESCRIPTIONS[name], **kwargs)

    sub.add_parser = with_common  # type: ignore[method-assign]
    ask = sub.add_parser("ask", help="answer one question, or JSON lines from stdin with --jsonl")
    ask.add_argument("question", nargs="*", help="the question")
    ask.add_argument("--jsonl", action="store_true", help='read {"chat": ..., "text": ...} lines from stdin, write one JSON answer per line')
    ask.set_defaults(handler=_ask)
    sub.add_parser("chat", help="interactive conversation in the terminal").set_defaults(handler=_chat)
    load = sub.add_parser("load", help="load the knowledge directory, or add files to it and load")
    load.add_argument("paths", nargs="*", type=Path,
                      help="files to add to the knowledge directory, replacing any of the same name (default: load the directory as it is)")
    load.add_argument("--replace", action="store_true",
                      help="serve only the given files: the knowledge directory is made to hold just them")
    load.set_defaults(handler=_load)
    check = sub.add_parser("check", help="validate knowledge files only")
    check.add_argument("paths", nargs="*", type=Path, help="files (default: every file in the knowledge directory)")
    check.add_argument("--report", action="store_true", help="the consistency report (figures that do not agree)")
    check.set_defaults(handler=_check)
    sub.add_parser("versions", help="list stored knowledge versions").set_defaults(handler=_versions)
    rollback = sub.add_parser("rollback", help="serve an earlier knowledge version (default: the previous one)")
    rollback.add_argument("version", nargs="?", type=int, metavar="VERSION", help="the version id that `versions` lists")
    rollback.set_defaults(handler=_rollback)
    sub.add_parser("run", help="run the Telegram bot with long polling (terminal chat without a token)").set_defaults(handler=_run)
    sub.add_parser("webhook", help="run the Telegram bot behind its built-in webhook server").set_defaults(handler=_webhook)
    _desk_parsers(sub)
    return parser


def _desk_parsers(sub) -> None:
    """The reporters' subcommands."""
    from bot.desk.export import FORMATS

    figures = sub.add_parser("figures", help="every figure matching a query, as a table, CSV, Excel or JSON")
    figures.add_argument("query", nargs="*", help="project, indicator, department, county or speaker (empty: all)")
    figures.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    figures.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of the terminal")
    figures.set_defaults(handler=_figures)
    from bot.desk.chart import KINDS

    chart = sub.add_parser("chart", help="a PNG chart of the figures matching a query")
    chart.add_argument("query", nargs="+", help="project, indicator, department, county or speaker")
    chart.add_argument("-o", "--output", type=Path, metavar="FILE.png", required=True, help="the PNG file to write")
    chart.add_argument("--kind", choices=KINDS, help="progress (vs target), trend (over months) or county (bars by county)")
    chart.set_defaults(handler=_chart)
    brief = sub.add_parser("brief", help="a brief of one conference (default: the latest)")
    which = brief.add_mutually_exclusive_group()
    which.add_argument("--source", metavar="NAME", help="the conference: its file name or a word of its title")
    which.add_argument("--month", metavar="YYYY-MM", help="the latest conference of that month")
    brief.add_argument("--city", metavar="NAME", help="only that city's conferences")
    brief.set_defaults(handler=_brief)
    changes = sub.add_parser("changes", help="what changed between the latest conferences, or since a month")
    changes.add_argument("--since", metavar="YYYY-MM", help="compare with what was known at the end of that month")
    changes.add_argument("--city", metavar="NAME", help="only that city's conferences")
    changes.set_defaults(handler=_changes)
    county = sub.add_parser("county", help="everything the conferences said about a county")
    county.add_argument("name", help="the county, e.g. 丰宁 or 丰宁县")
    county.set_defaults(handler=_county)


def _quiet_libraries() -> None:
    """httpx logs request URLs, which contain the bot token."""
    for name in ("httpx", "httpcore", "jieba", "apscheduler"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _service(args: argparse.Namespace, settings: Settings, *, autoload: bool = True, warm: bool = True, worker: bool = False):
    """Open the core; load the knowledge directory first when the database is empty or stale.

    `worker`: the long-running commands (run, webhook, chat) reload in a worker process, so
    answers go on at full speed meanwhile."""
    from bot.service import Service
    from bot.store import StoreError

    if autoload:
        settings.require_knowledge_dir(_named(args, "knowledge", "BOT_KNOWLEDGE_DIR"))
    try:
        service = Service.open(settings, warm=warm, worker=worker)
    except StoreError as error:
        raise ConfigError(f"{_named(args, 'db', 'BOT_DATABASE_URL')}: {error}") from None
    atexit.register(service.flush)  # questions are logged in batches; write the last ones on exit
    if autoload:
        report = service.ensure_loaded()
        if report is not None and not report.ok:
            print(report.text(), file=sys.stderr)
            if service.version is None:
                raise SystemExit(1)
    return service


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    """`ask "问题"` or `ask --jsonl`."""
    service = _service(args, settings, warm=args.jsonl)  # one question: no warm-up to pay for it twice
    if not args.jsonl:
        question = " ".join(args.question).strip()
        if not question:
            print(f"usage: {args.prog} ask \"问题\"  (or --jsonl)", file=sys.stderr)
            return 2
        print(service.ask("cli", question).text)
        return 0
    for line in sys.stdin:
        if not line.strip():
            continue
        started = time.perf_counter()
        try:
            request = json.loads(line)
            chat, text = str(request.get("chat", "jsonl")), str(request.get("text", ""))
        except (json.JSONDecodeError, AttributeError):
            chat, text = "jsonl", line.strip()
        answer = service.ask(chat, text)
        ms = (time.perf_counter() - started) * 1000
        record = {"found": answer.found, "answer": answer.text, "kind": answer.kind,
                  "sources": [c.to_dict() for c in answer.sources], "ms": round(ms, 3)}
        print(json.dumps(record, ensure_ascii=False), flush=True)
    return 0


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    """Interactive conversation in the terminal."""
    from bot.terminal import run_chat

    return run_chat(_service(args, settings, worker=True))

def _load(args: argparse.Namespace, settings: Settings) -> int:
    """Load the directory, add files to it, or (--replace) serve only the given files; print the report."""
    if args.replace and not args.paths:
        print("load --replace needs the files that are to replace the knowledge set", file=sys.stderr)
        return 2
    # Every form of load reads or writes the knowledge directory.
    settings.require_knowledge_dir(_named(args, "knowledge", "BOT_KNOWLEDGE_DIR"))
    service = _service(args, settings, autoload=False)
    if not args.paths:
        report = service.reload(loaded_by="cli")
    elif args.replace:
        report = service.replace_files(args.paths, loaded_by="cli")
    else:
        report = service.add_files(args.paths, loaded_by="cli")
    print(report.text())
    return 0 if report.ok else 1


def _check(args: argparse.Namespace, settings: Settings) -> int:
    """Validate files and print the report (or, with --report, the consistency report); nothing is stored."""
    if not args.paths:
        settings.require_knowledge_dir(_named(args, "knowledge", "BOT_KNOWLEDGE_DIR"))
    if args.report:
        return _consistency(args, settings)
    service = _service(args, settings, autoload=False)
    report = service.check(args.paths or None)
    print(report.text())
    return 0 if report.ok else 1


def _versions(args: argparse.Namespace, settings: Settings) -> int:
    """List stored versions."""
    service = _service(args, settings, autoload=False)
    for v in service.versions():
        mark = "*" if v.active else " "
        counts = ", ".join(f"{n} {k}" for k, n in v.counts.items())
        print(f"{mark} {v.id:4d}  {v.created_at:%Y-%m-%d %H:%M:%S}  {v.loaded_by:16s} {len(v.files)} files  {counts}")
    return 0


def _rollback(args: argparse.Namespace, settings: Settings) -> int:
    """Serve an earlier version."""
    from bot.store import StoreError

    service = _service(args, settings, autoload=False)
    try:
        version = service.rollback(args.version)
    except (LookupError, StoreError) as error:
        print(f"rollback failed: {error}", file=sys.stderr)
        return 1
    print(f"now serving knowledge version {version}")
    return 0


def _desk(args: argparse.Namespace, settings: Settings):
    """The reporters' desk over the served knowledge (loading the knowledge directory first if needed)."""
    return _service(args, settings, warm=False).desk()


def _write(data: bytes, output: Path | None) -> None:
    """Bytes to a file, or to the terminal."""
    if output is None:
        sys.stdout.buffer.write(data)
        return
    output.write_bytes(data)
    print(f"wrote {output}", file=sys.stderr)


def _figures(args: argparse.Namespace, settings: Settings) -> int:
    """`figures QUERY [--format F] [-o FILE]`."""
    from bot.desk.export import render

    if args.format == "xlsx" and args.output is None:
        print("--format xlsx writes a workbook: give a file with -o FILE.xlsx", file=sys.stderr)
        return 2
    rows = _desk(args, settings).rows(" ".join(args.query))
    if not rows:
        print(f"没有找到与“{' '.join(args.query)}”相关的数字。", file=sys.stderr)
        return 1
    _write(render(rows, args.format), args.output)
    return 0


def _consistency(args: argparse.Namespace, settings: Settings) -> int:
    """`check --report`: findings on the files as they are; exit 1 when a file cannot be loaded."""
    from bot.desk import plain
    from bot.desk.consistency import check_files, report_sections
    from bot.ingest import knowledge_files

    paths = args.paths or knowledge_files(settings.knowledge_dir)
    found, errors = check_files(paths, root=settings.knowledge_dir)

    print(plain(report_sections(found, errors, scope=f"{len(paths)}个文件")))
    return 1 if errors else 0


def _sections(make) -> int:
    """Print a desk report, or the reason there is none (exit 1)."""
    from bot.desk import DeskError, plain

    try:
        sections = make()
    except DeskError as error:
        print(error, file=sys.stderr)
        return 1
    print(plain(sections))
    return 0


def _brief(args: argparse.Namespace, settings: Settings) -> int:
    """`brief [--source NAME | --month YYYY-MM] [--city NAME]`."""
    desk = _desk(args, settings)
    return _sections(lambda: desk.brief(args.source, args.month, args.city))


def _changes(args: argparse.Namespace, settings: Settings) -> int:
    """`changes [--since YYYY-MM] [--city NAME]`."""
    desk = _desk(args, settings)
    return _sections(lambda: desk.changes(args.since, args.city))


def _county(args: argparse.Namespace, settings: Settings) -> int:
    """`county NAME`."""
    desk = _desk(args, settings)
    return _sections(lambda: desk.county(args.name))


def _chart(args: argparse.Namespace, settings: Settings) -> int:
    """`chart QUERY -o FILE.png [--kind K]`."""
    from bot.desk.chart import ChartError

    desk = _desk(args, settings)
    try:
        plan = desk.chart_plan(" ".join(args.query), kind=args.kind)
    except ChartError as error:
        print(error, file=sys.stderr)
        return 1
    _write(desk.chart_png(plan), args.output)
    print(f"{plan.title}（{CHART_KIND_NAMES[plan.kind]}）", file=sys.stderr)
    return 0


CHART_KIND_NAMES = {"progress": "完成进度", "trend": "按月变化", "county": "按县区"}


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """Long polling; without a token, say how to set one and answer in the terminal instead."""
    if not settings.token:
        from bot.tg.app import token_missing_message

        print(token_missing_message(), file=sys.stderr)
        if not sys.stdin.isatty():
            # Nobody to chat with (Docker without -it, a service manager): a clean exit 0 here
            # would make a restart policy start the bot again and again without saying why.
            return 2
        return _chat(args, settings)
    from bot.tg.app import run_polling

    run_polling(settings, _service(args, settings, worker=True))
    return 0


def _webhook(args: argparse.Namespace, settings: Settings) -> int:
    """Webhook server."""
    if not settings.token:
        from bot.tg.app import token_missing_message

        print(token_missing_message(), file=sys.stderr)
        return 2
    from bot.tg.app import run_webhook

    run_webhook(settings, _service(args, settings, worker=True))
    return 0
