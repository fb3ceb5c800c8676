"""A chart plan drawn as a PNG with matplotlib, in the CJK font installed with the project.

The font is Noto Sans CJK SC from the `noto-cjk-sans-otc` package (Google's Noto Sans CJK
collection, Regular, 19 MB installed), never a system font: a fresh machine or the Docker image
has none. matplotlib (3.11+) reads each face of the collection; the Simplified Chinese face is
chosen by name. Figures are made with the object API (no pyplot state), so charts can be drawn
from any thread.
"""

from __future__ import annotations

import io
import threading
from functools import cache

from bot.desk.chart import ChartPlan
from bot.desk.fmt import format_value, month_text

FONT_FAMILY = "Noto Sans CJK SC"
# 1200 × 675 pixels: sharp on a phone, well under Telegram's photo limits (10 MB, sides ≤ 10,000).
SIZE_INCHES = (8.0, 4.5)
DPI = 150
BAR_COLOR = "#2E75B6"
TARGET_COLOR = "#D9E2F3"
NOTE_COLOR = "#C00000"
# A trend with more points than this labels only its first and last value (200 months of labels
# would cover the lines).
LABEL_ALL_POINTS = 12

_lock = threading.Lock()


@cache
def font_path() -> str:
    """The installed Noto Sans CJK collection."""
    from noto_cjk_sans_otc import FONT_PATH

    return str(FONT_PATH)


@cache
def _setup() -> None:
    """Register the CJK font with matplotlib once; the Agg backend writes PNGs without a display."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import font_manager

    font_manager.fontManager.addfont(font_path())
    matplotlib.rcParams["font.family"] = [FONT_FAMILY]
    matplotlib.rcParams["axes.unicode_minus"] = False  # the ASCII hyphen, not U+2212


def prepare() -> None:
    """Import matplotlib and load the font now (about a second), so the first chart is as quick as the rest."""
    with _lock:
        _setup()


def render_png(plan: ChartPlan) -> bytes:
    """The plan as PNG bytes."""
    prepare()
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    DRAW[plan.kind](axes, plan)
    axes.set_title(plan.title, fontsize=13, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    footer = "\n".join(line for line in (plan.note, *plan.footer) if line)
    figure.supxlabel(footer, fontsize=8, x=0.01, ha="left", color="#404040", linespacing=1.6)
    buffer = io.BytesIO()
    # A character the font lacks makes matplotlib warn "Glyph … missing from font(s)" and draw a
    # box; the tests turn that warning into a failure.
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _progress(axes, plan: ChartPlan) -> None:
    """Horizontal bars: the target as a pale 100% bar, the progress over it, the completion written."""
    labels = [bar.label for bar in plan.bars][::-1]  # the first bar on top
    done = [min(bar.completion or 0, 1.5) * 100 for bar in plan.bars][::-1]
    positions = range(len(labels))
    axes.barh(positions, [100] * len(labels), color=TARGET_COLOR, height=0.6, label="年度目标")
    axes.barh(positions, done, color=BAR_COLOR, height=0.6, label="已完成")
    for y, bar in zip(positions, plan.bars[::-1], strict=True):
        x = min(bar.completion or 0, 1.5) * 100
        axes.text(x + 1.5, y, bar.text(), va="center", fontsize=9)
    axes.set_yticks(list(positions), [_wrap(label) for label in labels], fontsize=8)
    axes.set_xlim(0, max(130, max(done, default=0) + 45))
    axes.set_xlabel("完成率（%）", fontsize=9)
    axes.axvline(100, color="#808080", linewidth=0.8, linestyle="--")
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)


def _trend(axes, plan: ChartPlan) -> None:
    """One line per measure over the as-of dates, values written at the points."""
    import datetime as dt

    for line in plan.lines:
        dates = [dt.date.fromisoformat(day) for day, _ in line.points]
        values = [value for _, value in line.points]
        axes.plot(dates, values, marker="o", markersize=4, linewidth=2, label=line.label)
        shown = range(len(values)) if len(values) <= LABEL_ALL_POINTS else (0, len(values) - 1)
        for i in shown:
            axes.annotate(f"{format_value(values[i])}{line.unit}", (dates[i], values[i]), textcoords="offset points",
                          xytext=(0, 7), ha="center", fontsize=8)
    all_dates = sorted({dt.date.fromisoformat(day) for line in plan.lines for day, _ in line.points})
    step = max(1, len(all_dates) // 8)
    ticks = all_dates[::step]
    axes.set_xticks(ticks, [month_text(d.isoformat()) for d in ticks], fontsize=8)
    _unit_axis(axes, plan.unit, [v for line in plan.lines for _, v in line.points])
    axes.margins(x=0.08, y=0.2)
    axes.grid(axis="y", color="#E0E0E0")
    if len(plan.lines) > 1:
        axes.legend(fontsize=8, frameon=False)


def _county(axes, plan: ChartPlan) -> None:
    """Vertical bars, one per county, the value written on each."""
    labels = [bar.label for bar in plan.bars]
    values = [bar.value for bar in plan.bars]
    bars = axes.bar(labels, values, color=BAR_COLOR, width=0.6)
    axes.bar_label(bars, [bar.text() for bar in plan.bars], fontsize=9, padding=2)
    _unit_axis(axes, plan.unit, values)
    axes.margins(y=0.15)
    axes.tick_params(axis="x", labelsize=9)
    if plan.note.startswith("注意"):
        axes.text(0.99, 0.97, plan.note, transform=axes.transAxes, ha="right", va="top", fontsize=9, color=NOTE_COLOR)


def _unit_axis(axes, unit: str, values: list[float]) -> None:
    """The unit upright above the value axis; whole numbers only when every value is whole (1个, not 0.5个)."""
    from matplotlib.ticker import MaxNLocator

    axes.set_ylabel(unit, fontsize=9, rotation=0, labelpad=12, va="center")
    if all(float(v).is_integer() for v in values):
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))


def _wrap(label: str, width: int = 14) -> str:
    """A label on at most two lines (Chinese has no spaces to break at): a target over its progress."""
    if " / " in label:
        target, progress = label.split(" / ", 1)
        return f"{_cut(target, width)}\n← {_cut(progress, width - 2)}"
    if len(label) <= width:
        return label
    return label[:width] + "\n" + _cut(label[width:], width)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


DRAW = {"progress": _progress, "trend": _trend, "county": _county}
