"""The terminal chat: the Telegram bot's everyday commands as plain text, line editing, and --help."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.service import Service
from bot.terminal import TerminalChat
from tests.conftest import ROOT, copy_seed
from tests.test_cli import TIMEOUT_S, run


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    knowledge = copy_seed(tmp_path_factory.mktemp("terminal") / "knowledge")
    service = Service.open(Settings(knowledge_dir=knowledge, database_url="sqlite://"))
    service.ensure_loaded()
    yield service
    service.close()


@pytest.fixture
def chat(service: Service) -> TerminalChat:
    return TerminalChat(service)


@pytest.mark.parametrize(
    ("line", "wanted", "unwanted"),
    [
        ("/help", ["/topics", "/figures", "/source", "/help"], []),
        ("/topics", ["1. 市卫健委", "市住建局（4项）"], ["4433"]),
        ("/topics 3", ["市住建局", "1. 棚户区改造工程（7个数字）"], ["4433"]),
        ("/topics 市住建局", ["1. 棚户区改造工程（7个数字）"], []),
        ("/topics 3 1", ["棚户区改造工程", "已开工回迁安置房：4433套（截至2021年4月30日，池大勇）"], []),
        ("/topics 99", ["没有第99个部门", "/topics"], []),
        ("/figures 棚户区改造", ["“棚户区改造”相关数字", "4433套"], []),
        ("/figures", ["用法：/figures 关键词"], []),
        ("/figures 天气预报", ["没有找到与“天气预报”相关的数字"], []),
        ("/source", ["还没有可以查看原文的回答"], []),
        ("/nosuch", ["/help"], []),
    ],
    ids=["help", "topics", "topics-department-number", "topics-department-name", "topics-project",
         "topics-out-of-range", "figures", "figures-without-keyword", "figures-none-found", "source-before-asking",
         "unknown-command"],
)
def test_commands_as_in_telegram(chat: TerminalChat, line: str, wanted: list[str], unwanted: list[str]) -> None:
    reply = chat.respond(line)
    for needle in wanted:
        assert needle in reply
    for needle in unwanted:
        assert needle not in reply


def test_source_shows_the_passage_behind_the_last_answer(chat: TerminalChat) -> None:
    answer = chat.respond("棚户区改造已开工多少套")
    assert "4433套" in answer
    source = chat.respond("/source")
    assert "全市年内计划基本建成棚户区改造回迁安置房1033套" in source, "the whole passage, not just the sentence"
    assert "市住建局局长 池大勇" in source and "第17行" in source


def test_a_question_is_still_a_question(chat: TerminalChat) -> None:
    assert "4433套" in chat.respond("棚改已开工多少套")


# -- line editing and history, through a pseudo-terminal as a person types -------------------

PROMPT = "问> "
HELP_MARK = "怎么用"
CTRL_B = "\x02"  # readline: one character back
CTRL_P = "\x10"  # readline: the previous line in the history


class Terminal:
    """`python -m bot chat` on a pseudo-terminal: type lines, read what the screen shows."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat"], cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave,
            close_fds=True,
        )
        os.close(slave)
        self.output = b""  # bytes: a read may end inside a character

    @property
    def screen(self) -> str:
        return self.output.decode("utf-8", "replace")

    def read_until(self, text: str, count: int = 1) -> None:
        """Read output until `text` has appeared `count` times (a safety deadline, not a speed test)."""
        deadline = time.monotonic() + TIMEOUT_S
        while self.screen.count(text) < count:
            assert time.monotonic() < deadline, f"{text!r} ×{count} never appeared in:\n{self.screen}"
            ready, _, _ = select.select([self.master], [], [], 1)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    break

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(TIMEOUT_S)
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_"))}
    env.update({"PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "TERM": "xterm",
                "BOT_KNOWLEDGE_DIR": str(copy_seed(tmp_path / "kb")), "BOT_DATABASE_URL": "sqlite://"})
    terminal = Terminal(tmp_path, env)
    yield terminal
    terminal.close()


def test_the_chat_line_can_be_edited_and_recalled(terminal: Terminal, tmp_path: Path) -> None:
    terminal.read_until(PROMPT)
    # '/hlp', two characters back, 'e' → '/help' with readline; '/hlp\x02\x02e' without it.
    terminal.type(f"/hlp{CTRL_B}{CTRL_B}e\r")
    terminal.read_until(HELP_MARK)
    terminal.read_until(PROMPT, 2)
    terminal.type(f"{CTRL_P}\r")  # the previous line again
    terminal.read_until(HELP_MARK, 2)
    terminal.read_until(PROMPT, 3)
    terminal.type("\r")  # an empty line ends the chat
    assert terminal.process.wait(TIMEOUT_S) == 0
    history = (tmp_path / ".minsheng-bot_history").read_text(encoding="utf-8")
    assert "/help" in history, "the history is kept for the next chat"


# -- --help ----------------------------------------------------------------------------------

SUBCOMMANDS = ["ask", "chat", "load", "check", "versions", "rollback", "run", "webhook"]


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_each_subcommand_help_explains_it(tmp_path: Path, command: str) -> None:
    result = run(tmp_path, command, "--help")
    assert result.returncode == 0
    usage, _, rest = result.stdout.partition("\n\n")
    explanation = rest.split("options:")[0].split("positional arguments:")[0].strip()
    assert len(explanation) >= 40, f"`{command} --help` says what it does:\n{result.stdout}"


def test_the_console_script_calls_itself_minsheng_bot(tmp_path: Path) -> None:
    # What pip's generated console script does: argv[0] is the script, then main().
    code = "import sys; sys.argv[0] = '/usr/local/bin/minsheng-bot'; from bot.cli import main; sys.exit(main())"
    result = subprocess.run([sys.executable, "-c", code, "--help"], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=TIMEOUT_S)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: minsheng-bot ")
    assert "python -m bot" not in result.stdout


def test_python_m_bot_calls_itself_python_m_bot(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.stdout.startswith("usage: python -m bot ")
