"""Charts rendered off-screen (Agg): no display, safe in a server process and in tests."""

from __future__ import annotations

import io
import logging
import warnings
from functools import cache
from typing import TYPE_CHECKING

from bot.i18n import Translate
from bot.services.stats import Weekly

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@cache
def _figure_class() -> type[Figure]:
    """matplotlib on first use only: it costs a second at start-up that most runs never need.

    The object API (Figure, no pyplot) keeps no global state and needs no display.
    """
    import matplotlib
    from matplotlib.figure import Figure

    # CJK glyphs from the host's font (scripts/services.sh installs fonts-wqy-microhei).
    matplotlib.rcParams["font.sans-serif"] = [
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "WenQuanYi Micro Hei",
        "WenQuanYi Zen Hei",
        "Microsoft YaHei",
        "DejaVu Sans",
    ]
    matplotlib.rcParams["axes.unicode_minus"] = False
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    # Without a CJK font Chinese labels draw as boxes: said once in the README, not per chart.
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
    return Figure


def weekly_chart(t: Translate, weekly: Weekly) -> bytes:
    """Requests per week by category (stacked bars) over the closure-rate trend (line)."""
    buffer = io.BytesIO()
    weekly_figure(t, weekly).savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def weekly_figure(t: Translate, weekly: Weekly) -> Figure:
    from matplotlib.ticker import MaxNLocator

    labels = [f"{start:%m-%d}" for start in weekly.starts]
    figure = _figure_class()(figsize=(8, 6))
    bars, trend = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    bottom = [0] * len(labels)
    for category, counts in sorted(weekly.by_category.items()):
        bars.bar(labels, counts, bottom=bottom, label=t(f"category-{category}"))
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    bars.set_title(t("chart-weekly-title"))
    bars.set_ylabel(t("chart-requests"))
    # Requests are counted whole: 0.5 of a request on the axis reads as a mistake.
    bars.yaxis.set_major_locator(MaxNLocator(integer=True))
    if weekly.by_category:
        bars.legend(fontsize="small", ncols=3)
    points = [
        (x, rate * 100) for x, rate in zip(labels, weekly.closure, strict=True) if rate is not None
    ]
    if points:
        trend.plot([p[0] for p in points], [p[1] for p in points], marker="o")
    trend.set_ylim(0, 105)
    trend.set_ylabel(t("chart-closure"))
    trend.tick_params(axis="x", labelrotation=45)
    figure.tight_layout()
    return figure
