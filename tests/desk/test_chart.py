"""Charts: what the figures decide to draw, and a PNG whose Chinese the packaged font renders."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image

from bot.desk import Desk
from bot.desk.chart import Bar, ChartError, ChartPlan
from bot.desk.png import FONT_FAMILY, font_path, render_png

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_a_measure_two_conferences_report_is_a_line_over_months(desk: Desk) -> None:
    plan = desk.chart_plan("凤凰山大桥")
    assert plan.kind == "trend"
    assert plan.lines[0].points == (("2021-04-30", 75.0), ("2021-05-31", 90.0))
    assert "+15个百分点" in plan.note
    assert any(line.startswith("来源：") and "共2场" in line for line in plan.footer)


def test_a_project_s_targets_are_bars_with_their_completion(desk: Desk) -> None:
    plan = desk.chart_plan("棚改", kind="progress")
    texts = {bar.text() for bar in plan.bars}
    assert "49.7%（513/1033套）" in texts and "100.0%（17/17个）" in texts
    assert plan.footer[1] == "截至2021年4月30日" and "池大勇" in plan.footer[2]


def test_a_breakdown_is_bars_by_county_with_a_note_when_parts_do_not_add_up(desk: Desk) -> None:
    plan = desk.chart_plan("幼儿园建设项目", kind="county")
    assert [bar.label for bar in plan.bars][0] == "兴隆县" and sum(b.value for b in plan.bars) == 8
    assert plan.note.startswith("注意") and "10个" in plan.note
    adds_up = desk.chart_plan("医保服务站")  # the best match is one county's part of 126
    assert adds_up.kind == "county" and "一致" in adds_up.note


def test_nothing_to_draw_is_said(desk: Desk, seed_desk: Desk) -> None:
    with pytest.raises(ChartError, match="没有找到"):
        desk.chart_plan("火星基地")
    with pytest.raises(ChartError, match="只在一场发布会中出现过"):
        seed_desk.chart_plan("凤凰山大桥", kind="trend")


def _png_without_missing_glyphs(plan: ChartPlan) -> bytes:
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        return render_png(plan)


@pytest.mark.parametrize("query,kind", [("凤凰山大桥", None), ("棚改", "progress"), ("幼儿园建设项目", "county")],
                         ids=["trend", "progress", "county"])
def test_the_png_renders_every_character(desk: Desk, query: str, kind: str | None) -> None:
    png = _png_without_missing_glyphs(desk.chart_plan(query, kind=kind))
    assert png.startswith(PNG_MAGIC)
    image = Image.open(io.BytesIO(png))
    assert image.size == (1200, 675)
    assert len(image.convert("L").getcolors(maxcolors=256 * 256)) > 50, "text and bars were drawn, not a blank canvas"


def test_the_glyph_check_fails_on_a_character_the_font_lacks() -> None:
    plan = ChartPlan(kind="county", title="𓀀 hieroglyph", unit="个", bars=(Bar("丰宁县", 1, "个"),))
    with pytest.raises(UserWarning, match="missing"):
        _png_without_missing_glyphs(plan)


def test_the_font_is_the_packaged_noto_sans_cjk_not_a_system_font() -> None:
    from matplotlib import font_manager

    render_png(ChartPlan(kind="county", title="字", unit="个", bars=(Bar("丰宁县", 1, "个"),)))
    found = font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False)
    assert str(found) == font_path()
    assert "site-packages" in font_path() or "dist-packages" in font_path()
