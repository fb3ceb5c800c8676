"""Command line: ask, chat, load, check, versions, rollback, run, webhook. No logic of its own."""

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
             "print the report; nothing is stored. Exit status 1 when there are errors.",
    "versions": "List the stored knowledge versions, newest first: id, time, who loaded it, number of "
                "files and what they hold; * marks the version being served.",
    "rollback": "Serve an earlier stored knowledge version (VERSION, or by default the one before the "
                "active one) and put its files back into the knowledge directory. A running bot on the "
                "same database switches within BOT_POLL_SECONDS.",
    "run": "Run the Telegram bot with long polling (needs TELEGRAM_BOT_TOKEN). Without a token it says "
           "how to get one and, at a terminal, starts the terminal chat; with no terminal it exits with "
           "status 2. Stops cleanly on SIGTERM or Ctrl-C.",
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
    check.set_defaults(handler=_check)
    sub.add_parser("versions", help="list stored knowledge versions").set_defaults(handler=_versions)
    rollback = sub.add_parser("rollback", help="serve an earlier knowledge version (default: the previous one)")
    rollback.add_argument("version", nargs="?", type=int, metavar="VERSION", help="the version id that `versions` lists")
    rollback.set_defaults(handler=_rollback)
    sub.add_parser("run", help="run the Telegram bot with long polling (terminal chat without a token)").set_defaults(handler=_run)
    sub.add_parser("webhook", help="run the Telegram bot behind its built-in webhook server").set_defaults(handler=_webhook)
    return parser


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
    """Validate files and print the report; nothing is stored."""
    if not args.paths:
        settings.require_knowledge_dir(_named(args, "knowledge", "BOT_KNOWLEDGE_DIR"))
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
