"""The terminal chat: questions, and the Telegram bot's everyday commands as plain text.

`TerminalChat.respond(line)` turns one typed line into the text to print, so the commands are
tested without a terminal; `run_chat` is the loop around it, with readline's line editing and a
history kept between chats.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

# Plain-text helpers (no `telegram` import), so both front ends write figures and citations alike.
from bot.store import StoreError
from bot.tg.render import citation_line, figure_line

if TYPE_CHECKING:
    from bot.domain import Figure
    from bot.qa.answer import Answer
    from bot.service import Service

log = logging.getLogger(__name__)

CHAT_ID = "terminal"
PROMPT = "问> "
HISTORY_NAME = ".minsheng-bot_history"
# Lines kept in the history file: weeks of use, a file of a few tens of kB.
HISTORY_LENGTH = 1000
# As many as Telegram's /figures shows in one message, more or less.
FIGURES_SHOWN = 30

HELP = """怎么用
  直接输入问题，回车提问，例如“棚户区改造开工了多少套？”；可以接着追问“那基本建成呢？”。
  /topics            按部门浏览：/topics 3 看第3个部门的工程，/topics 3 1 看其中第1项工程的数字
  /figures 关键词     列出相关数字（数值、截至日期、发言人），例如 /figures 棚户区改造
  /source            查看上一条回答所依据的发布会原文
  /help              显示这段说明
  ←/→ 修改输入，↑/↓ 翻看之前的问题；空行或 Ctrl-D 退出。"""
UNKNOWN = "没有“/{command}”这个命令。输入 /help 查看可用的命令。"
FIGURES_USAGE = "用法：/figures 关键词，例如 /figures 棚户区改造"
NO_FIGURES = "没有找到与“{keyword}”相关的数字。可以换个说法，或用 /topics 浏览。"
NO_SOURCE = "还没有可以查看原文的回答，先问我一个问题吧。"
EMPTY = "知识库目前还是空的，请先用 python -m bot load 加载新闻发布会材料。"
NO_SUCH = "没有第{number}个{what}（共{count}个）。输入 /topics 从头浏览。"
NOT_FOUND = "没有找到“{name}”。输入 /topics 从头浏览。"

Topics = dict[str, dict[str, list["Figure"]]]


class TerminalChat:
    """One person's conversation in the terminal: answers in context, /topics, /figures, /source, /help."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.last_answer: Answer | None = None
        self.commands: dict[str, Callable[[str], str]] = {
            "help": lambda _argument: HELP,
            "start": lambda _argument: HELP,
            "topics": self.topics,
            "figures": self.figures,
            "source": self.source,
        }

    def respond(self, line: str) -> str:
        """The text to print for one typed line: a command's output or the answer to a question."""
        self.follow_active_version()
        if line.startswith("/"):
            command, _, argument = line[1:].partition(" ")
            handler = self.commands.get(command.lower())
            return handler(argument.strip()) if handler else UNKNOWN.format(command=command)
        self.last_answer = self.service.ask(CHAT_ID, line)
        return self.last_answer.text

    def follow_active_version(self) -> None:
        """Serve a version another process (the bot, `load`, `rollback`) activated, as the bot's poller does."""
        try:
            self.service.refresh()
        except StoreError as error:  # the database is busy or gone: keep answering from what is served
            log.warning("could not check for a new knowledge version: %s", error)

    def figures(self, keyword: str) -> str:
        """/figures 关键词: every matching figure, one line each."""
        if not keyword:
            return FIGURES_USAGE
        found = self.service.figures(keyword, limit=FIGURES_SHOWN)
        if not found:
            return NO_FIGURES.format(keyword=keyword)
        return "\n".join([f"“{keyword}”相关数字（{len(found)}条）", *(f"• {figure_line(f)}" for f in found)])

    def source(self, _argument: str) -> str:
        """/source: the whole passage behind the last answer, and where it was said."""
        answer = self.last_answer
        if answer is None or not (answer.passage or answer.sources):
            return NO_SOURCE
        passage = answer.passage or "\n".join(c.sentence for c in answer.sources)
        return "\n".join(["原文", passage, *(f"—— {citation_line(c)}" for c in answer.sources)])

    def topics(self, argument: str) -> str:
        """/topics [部门 [工程]]: departments, a department's projects, or a project's figures."""
        topics: Topics = self.service.engine.topics()
        if not topics:
            return EMPTY
        path = argument.split()
        if not path:
            return numbered("按部门浏览民生工程（/topics 编号 查看）", [f"{d}（{len(p)}项）" for d, p in topics.items()])
        department = pick(path[0], list(topics))
        if department is None:
            return missing(path[0], "部门", len(topics))
        projects = topics[department]
        if len(path) == 1:
            lines = [f"{name}（{len(figures)}个数字）" for name, figures in projects.items()]
            return numbered(f"{department}（/topics {path[0]} 编号 查看数字）", lines)
        project = pick(path[1], list(projects))
        if project is None:
            return missing(path[1], "工程", len(projects))
        lines = [f"• {figure_line(f)}" for f in projects[project]] or ["（这一项没有具体数字）"]
        return "\n".join([f"{project}（{department}）", *lines])


def numbered(title: str, lines: list[str]) -> str:
    """A title and a 1-based numbered list."""
    return "\n".join([title, *(f"  {n}. {line}" for n, line in enumerate(lines, 1))])


def pick(choice: str, names: list[str]) -> str | None:
    """The name chosen by its 1-based number or by the name itself; None when there is no such one."""
    if choice.isdigit():
        number = int(choice)
        return names[number - 1] if 1 <= number <= len(names) else None
    return choice if choice in names else None


def missing(choice: str, what: str, count: int) -> str:
    """What to say when /topics is given a number or name that does not exist."""
    if choice.isdigit():
        return NO_SUCH.format(number=choice, what=what, count=count)
    return NOT_FOUND.format(name=choice)


def run_chat(service: Service) -> int:
    """Read lines until an empty line or end of input, printing each reply; returns the exit code."""
    chat = TerminalChat(service)
    save_history = _line_editing()
    print("民生工程问答（输入问题，回车提问；/help 查看命令；空行或 Ctrl-D 退出）", file=sys.stderr)
    for example in service.engine.examples():
        print(f"  例如：{example}", file=sys.stderr)
    try:
        while True:
            try:
                line = input(PROMPT).strip()
            except (EOFError, KeyboardInterrupt):
                print(file=sys.stderr)
                return 0
            if not line:
                return 0
            print(chat.respond(line))
            print()
    finally:
        save_history()


def _line_editing() -> Callable[[], None]:
    """Turn on readline (cursor keys, history) for a person at a terminal; returns the history saver."""
    if not sys.stdin.isatty():
        return lambda: None  # piped questions are not a person's history
    try:
        import readline  # importing it is what makes input() editable
    except ImportError:  # e.g. Windows without pyreadline: plain input() still works
        return lambda: None
    path = Path.home() / HISTORY_NAME
    with suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(HISTORY_LENGTH)

    def save() -> None:
        with suppress(OSError):
            readline.write_history_file(path)

    return save
