"""End to end over HTTP (the real Application polling the stand-in Bot API): the CSV document and
the chart photo arrive as multipart uploads."""

from __future__ import annotations

import io

import openpyxl

from .conftest import Bot
from .updates import buttons


async def test_the_export_document_and_the_chart_photo_arrive(polling_bot: Bot) -> None:
    api = polling_bot.api
    listing = (await polling_bot.send(polling_bot.updates.message("/figures 棚户区改造")))[-1].result
    labels = dict(buttons(listing))
    since = len(api.calls)
    api.push(polling_bot.updates.callback(labels["Excel"], listing))
    await api.wait_for(lambda: api.sent("sendDocument", since))
    (name, data), = api.uploaded("sendDocument", since)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert name.endswith(".xlsx") and sheet.max_row == len(polling_bot.service.desk().rows("棚户区改造")) + 1

    since = len(api.calls)
    drawing = await polling_bot.send(polling_bot.updates.message("/chart 幼儿园"))
    assert drawing[0].params["text"] == "正在生成图表…"
    await api.wait_for(lambda: api.sent("sendPhoto", since), timeout=15)
    (_, png), = api.uploaded("sendPhoto", since)
    assert png.startswith(b"\x89PNG")
