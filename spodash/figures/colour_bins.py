"""Classed colour bins for the maps: readable breaks, zero apart from 'no data'."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

#: Sequential blues (ColorBrewer), readable by people with any common colour-vision deficiency;
#: the lightest step is kept for a true zero.
SEQUENTIAL = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#a6a6a6"


@dataclass(frozen=True)
class Classes:
    breaks: tuple[float, ...]  # lower bounds of the classes above zero, ascending
    has_zero: bool
    labels: tuple[str, ...]
    colours: tuple[str, ...]

    def index(self, value: float) -> int | None:
        """Class number for a value (None for missing); values above the scale go in the top class."""
        if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
            return None
        offset = 1 if self.has_zero else 0
        if value == 0 and self.has_zero:
            return 0
        above = sum(1 for b in self.breaks[1:] if value >= b)
        return offset + above


def nice(x: float) -> float:
    """Round to two significant figures, so breaks read as 0.25 or 1,200, not 0.2487."""
    if x <= 0:
        return 0.0
    digits = 1 - int(math.floor(math.log10(x)))
    return round(x, digits)


def fmt_number(x: float, *, integer: bool = False) -> str:
    if x is None or pd.isna(x):
        return "no data"
    if integer or float(x).is_integer() and abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:,.1f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}".rstrip("0").rstrip(".") if x else "0"


def _label(x: float, integer: bool) -> str:
    return f"{x:,.0f}" if integer or x >= 100 else f"{x:g}"


def make_classes(values: pd.Series, *, n: int = 5, integer: bool = False) -> Classes:
    """Quantile-based classes over the values given (callers leave out outliers first)."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    has_zero = bool((v == 0).any())
    positive = v[v > 0].sort_values()
    if positive.empty:
        return Classes((), has_zero, ("0",) if has_zero else (), SEQUENTIAL[:1] if has_zero else ())
    k = min(n, positive.nunique())
    cuts = [nice(float(x)) for x in positive.quantile([i / k for i in range(1, k)])] if k > 1 else []
    if integer:
        cuts = [float(math.ceil(c)) for c in cuts]
    lowest = nice(positive.iloc[0]) if not integer else float(positive.iloc[0])
    breaks = tuple(float(b) for b in sorted({c for c in cuts if c > 0} | {min(lowest, *(cuts or [lowest]))}))
    labels = ["0"] if has_zero else []
    for i, lo in enumerate(breaks):
        if i + 1 < len(breaks):
            hi = _label(breaks[i + 1], integer)
            labels.append(f"{_label(lo, integer)} to under {hi}" if i
                          else ("above 0, " if has_zero else "") + f"under {hi}")
        else:
            labels.append(f"{_label(lo, integer)} and over")
    steps = len(breaks)
    ramp = SEQUENTIAL[1:][-steps:] if steps <= 5 else SEQUENTIAL[1:]
    colours = ((SEQUENTIAL[0],) if has_zero else ()) + tuple(ramp)
    return Classes(breaks, has_zero, tuple(labels), colours)
