"""The reporters' desk in Telegram, in-process: /figures' CSV and Excel buttons, /chart, /brief,
/changes, /county and the admins' /check. Expected replies come from the service's own desk."""

from __future__ import annotations

import csv
import io
import shutil
from typing import Any

import openpyxl
import pytest

from bot.desk import DeskError
from bot.desk.rows import COLUMNS
from bot.tg import desk as tg_desk
from bot.tg.admin import REFUSED
from bot.tg.render import escape, sections_html

from .conftest import DATA, Bot
from .updates import ADMIN_ID, buttons


def texts(calls: list) -> list[str]:
    return [c.params["text"] for c in calls if c.method == "sendMessage" and c.ok]


def expected_messages(service: Any, make) -> list[str]:
    """What a report command should send: the desk's sections as messages, or why there is none."""
    try:
        return sections_html(make(service.desk()))
    except DeskError as error:
        return [escape(str(error))]


async def _press(bot: Bot, label: str, message: dict) -> list:
    data = dict(buttons(message))[label]
    return await bot.process(bot.updates.callback(data, message))


async def test_figures_buttons_send_the_same_rows_as_csv_and_excel(app_bot: Bot) -> None:
    rows = app_bot.service.desk().rows("棚户区改造")
    assert rows
    calls = await app_bot.process(app_bot.updates.message("/figures 棚户区改造"))
    listing = [c for c in calls if c.method == "sendMessage"][-1].result
    assert [label for label, _ in buttons(listing)] == ["CSV", "Excel"]

    since = len(app_bot.api.calls)
    await _press(app_bot, "CSV", listing)
    (name, data), = app_bot.api.uploaded("sendDocument", since)
    assert name.endswith(".csv") and data.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(read) == len(rows) + 1
    assert [line[COLUMNS.index("indicator")] for line in read[1:]] == [r.indicator for r in rows]

    since = len(app_bot.api.calls)
    await _press(app_bot, "Excel", listing)
    (name, data), = app_bot.api.uploaded("sendDocument", since)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [sheet.cell(r, COLUMNS.index("value") + 1).value for r in range(2, sheet.max_row + 1)]
    assert name.endswith(".xlsx") and values == [r.value for r in rows]


async def test_an_expired_export_button_says_so(app_bot: Bot) -> None:
    calls = await app_bot.process(app_bot.updates.message("/figures 棚户区改造"))
    listing = [c for c in calls if c.method == "sendMessage"][-1].result
    app_bot.app.chat_data[listing["chat"]["id"]].clear()
    answered = [c for c in await _press(app_bot, "CSV", listing) if c.method == "answerCallbackQuery"]
    assert answered[0].params["text"] == tg_desk.EXPIRED and not app_bot.api.sent("sendDocument")


async def test_chart_says_it_is_drawing_then_sends_a_photo(app_bot: Bot) -> None:
    since = len(app_bot.api.calls)
    await app_bot.process(app_bot.updates.message("/chart 幼儿园"))
    methods = [c.method for c in app_bot.api.calls[since:] if c.ok]
    plan = app_bot.service.desk().chart_plan("幼儿园")
    assert methods[:2] == ["sendMessage", "sendPhoto"], methods
    assert app_bot.api.calls[since].params["text"] == tg_desk.DRAWING
    (_, png), = app_bot.api.uploaded("sendPhoto", since)
    assert png.startswith(b"\x89PNG") and plan.title in app_bot.api.sent("sendPhoto", since)[0].params["caption"]


@pytest.mark.parametrize(("command", "reply"), [("/chart", tg_desk.CHART_USAGE), ("/chart 火星基地", "没有找到")],
                         ids=["usage", "nothing"])
async def test_chart_usage_and_nothing_to_draw(app_bot: Bot, monkeypatch: pytest.MonkeyPatch, command: str, reply: str) -> None:
    monkeypatch.setattr(app_bot.service, "figures", lambda keyword, limit=30: [])  # the fake's fallback search
    sent = texts(await app_bot.process(app_bot.updates.message(command)))
    assert any(reply in text for text in sent) and not app_bot.api.sent("sendPhoto")


@pytest.mark.parametrize(
    ("command", "make"),
    [
        ("/brief", lambda d: d.brief()),
        ("/brief 2021-04", lambda d: d.brief(month="2021-04")),
        ("/changes", lambda d: d.changes()),
        ("/county 丰宁", lambda d: d.county("丰宁")),
    ],
    ids=["brief", "brief-month", "changes", "county"],
)
async def test_reports_are_sent_a_section_at_a_time(app_bot: Bot, command: str, make) -> None:
    shutil.copy(DATA / "2021-05-民生工程5月推进情况.txt", app_bot.settings.knowledge_dir)
    assert app_bot.service.reload().ok
    expected = expected_messages(app_bot.service, make)
    assert texts(await app_bot.process(app_bot.updates.message(command))) == expected


async def test_a_long_report_is_split_at_section_ends() -> None:
    from bot.desk import Section

    sections = [Section(f"第{i}节", tuple(f"第{i}节第{j}行，" + "数字" * 30 for j in range(20))) for i in range(8)]
    messages = sections_html(sections)
    assert len(messages) > 1 and all(len(m.encode("utf-16-le")) // 2 <= 4096 for m in messages)
    assert all(m.startswith("<b>第") for m in messages), "every message starts at a section's title"


async def test_check_is_for_admins_only(app_bot: Bot) -> None:
    assert texts(await app_bot.process(app_bot.updates.message("/check"))) == [REFUSED]
    expected = expected_messages(app_bot.service, lambda d: d.consistency())
    sent = texts(await app_bot.process(app_bot.updates.message("/check", user_id=ADMIN_ID)))
    assert sent == expected and "一致性检查" in sent[0]
