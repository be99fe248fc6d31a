"""The Streamlit side of low precision: the dtype control, and what the function pages, GLU
and softmax show when it is not float64.

At float64 (the default) nothing here draws anything but the control itself: the pages look
and cost what they did. Numbers come from :mod:`activations.low_precision` (pure), figures
from :mod:`ui.precision_figures` (pure), words from ``content/<lang>/ui/precision.toml`` and the
lesson from ``content/<lang>/precision.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import streamlit as st

from activations import low_precision as lp
from activations.registry import Configured
from ui.cards import Card
from ui.function_figures import Curve, Labels, Probe, Reference
from ui.i18n import t
from ui.layout import lecture_mode
from ui.numbers import number
from ui.precision_figures import Band, clipped, error_figure, precision_figure
from ui.references import cited
from ui.render import cards, chart, prose
from ui.url_keys import in_url

DTYPE_KEY = "dtype"  # the URL parameter: /sigmoid?dtype=bfloat16
DIGITS = 4


def dtype_control(container=st) -> str:
    """The precision selectbox, bound to ``?dtype=`` (a value it does not offer: float64)."""
    return container.selectbox(
        t("precision.dtype"), lp.DTYPES, **in_url(DTYPE_KEY), help=t("precision.dtype_help")
    )


def low(name: str) -> bool:
    """Whether ``name`` asks for anything beyond the float64 page."""
    return name != lp.DEFAULT


def _value_text(value: float) -> str:
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return number(value + 0.0, DIGITS)  # + 0.0: −0.0 reads 0


def _where(end: lp.Settles, var: str = "x") -> str:
    """``x ≥ 6.25`` or ``x ≤ −89``: the side of ``end`` in the variable ``var``."""
    x = _value_text(end.start)
    side = "right_of" if end.side > 0 else "left_of"
    return t(f"precision.{side}", var=var, x=x)


def bands(marks: lp.Landmarks, f: str = "f") -> list[Band]:
    """The shaded intervals: f settled (top panel), f′ exactly 0 (bottom panel)."""
    found = []
    for ends, panel in ((marks.saturations, 1), (marks.dead_zones, 2)):
        for end in ends:
            label = (
                t("precision.band_value", f=f, value=_value_text(end.value))
                if panel == 1
                else t("precision.band_grad", f=f)
            )
            span = (end.start, lp.REACH) if end.side > 0 else (-lp.REACH, end.start)
            found.append(Band(*span, panel, label))
    return found


def _alt(title: str, name: str, shown: Sequence[Band]) -> str:
    words = " ".join(
        t(
            "precision.alt_band",
            label=band.label,
            start=_value_text(band.start),
            end=_value_text(band.end),
        )
        for band in shown
    )
    return t("precision.alt", title=title, dtype=name, bands=words)


def function_panel(
    activation: Configured,
    x: np.ndarray,
    x0: float | None,
    name: str,
    *,
    words: Labels,
    title: str,
    filename: str,
    x_span: tuple[float, float] | None = None,
    value_range: tuple[float, float] | None = None,
    grad_range: tuple[float, float] | None = None,
) -> None:
    """A function page's figure and probe values in type ``name``, then what the type does:
    where f settles, where f′ is 0, the largest relative errors, and their plot. Without
    ``x0``, no probe."""
    shown = lp.evaluate(activation, x, name)
    marks = lp.landmarks(activation, name)
    curve = Curve(
        t("precision.curve", name=words.value, dtype=name),
        t("precision.curve", name=words.grad, dtype=name),
        shown.values,
        shown.grads,
        kinks=activation.jumps(),
    )
    exact = Reference("float64", x, shown.exact_values, grads=shown.exact_grads)
    probe = None
    if x0 is not None:
        at_x0 = [x0]
        value, grad = lp.value_in(activation, at_x0, name), lp.grad_in(activation, at_x0, name)
        probe = Probe(x0, float(value[0]), float(grad[0]))
    f, var = words.value.split("(")[0], words.x  # f and x, or the gate's g and a
    marked = bands(marks, f)
    fig = precision_figure(
        x,
        curve,
        exact,
        bands=marked,
        probe=probe,
        labels=words,
        lecture=lecture_mode(),
        x_range=x_span,
        value_range=value_range,
        grad_range=grad_range,
    )
    low_x, high_x = x_span or (float(x[0]), float(x[-1]))
    titled = f"{title} · {name}"
    alt = _alt(titled, name, clipped(marked, low_x, high_x))
    chart(fig, key=f"chart_{activation.key}", filename=f"{filename}_{name}", title=titled, alt=alt)
    evaluation = "precision.evaluation_float32" if name == "float32" else "precision.evaluation"
    st.caption(t(evaluation, dtype=name))
    if probe is not None:
        probe_cards(activation, probe)
    cards(
        fact_cards(activation, shown, marks, name, f=f, var=var),
        title=t("precision.facts", dtype=name),
        explained=t("precision.facts_explained"),
    )
    errors(
        shown,
        name,
        f=f,
        var=var,
        key=f"error_{activation.key}",
        filename=f"{filename}_{name}_error",
    )


def probe_cards(activation: Configured, probe: Probe) -> None:
    """f(x₀) and f′(x₀) in the type, float64's under each."""
    x0, at = probe.x0, f"{probe.x0:g}"
    cards(
        [
            Card(
                t("functions.value_at", x0=at),
                number(probe.value, 6),
                note=t("precision.probe_note", value=number(float(activation.fn(x0)), 6)),
            ),
            Card(
                t("functions.grad_at", x0=at),
                number(probe.grad, 6),
                note=t("precision.probe_note", value=number(float(activation.grad(x0)), 6)),
            ),
        ]
    )


def fact_cards(
    activation: Configured,
    shown: lp.Evaluation,
    marks: lp.Landmarks,
    name: str,
    *,
    f: str = "f",
    var: str = "x",
) -> list[Card]:
    """Where f settles and f′ is 0 (float64's place beside), exp's overflow, the errors."""
    double = lp.landmarks(activation, lp.DEFAULT)
    found = []
    for end in marks.saturations:
        twin = double.values[0 if end.side < 0 else 1]
        found.append(
            Card(
                t("precision.settles", f=f, value=_value_text(end.value)),
                _where(end, var),
                note=_double_note(
                    twin if twin and _same(twin.value, end.value, name) else None, var
                ),
                help=t("precision.settles_help", dtype=name),
            )
        )
    for end in marks.dead_zones:
        twin = double.grads[0 if end.side < 0 else 1]
        found.append(
            Card(
                t("precision.dead", f=f),
                _where(end, var),
                note=_double_note(twin if twin and twin.value == 0.0 else None, var),
                help=t("precision.dead_help", dtype=name),
            )
        )
    found.append(
        Card(
            t("precision.exp"),
            t("precision.right_of", var="x", x=_value_text(lp.exp_overflow(name))),
            note=t(
                "precision.float64_note",
                where=t("precision.right_of", var="x", x=_value_text(lp.exp_overflow(lp.DEFAULT))),
            ),
            help=t("precision.exp_help", dtype=name),
        )
    )
    for label, error in (("error_value", shown.value_error), ("error_grad", shown.grad_error)):
        largest = lp.worst(error, shown.x)
        found.append(
            Card(
                t(f"precision.{label}", f=f),
                number(largest[0], 2) if largest else t("precision.error_none"),
                note=t("precision.at", var=var, x=_value_text(largest[1])) if largest else None,
                help=t("precision.error_help", dtype=name),
            )
        )
    bits = lp.significant_bits(name)
    found.append(
        Card(
            t("precision.roundoff", bits=bits),
            number(lp.unit_roundoff(name), 2),
            help=t("precision.roundoff_help", dtype=name, bits=bits),
        )
    )
    return found


def _same(double: float, value: float, name: str) -> bool:
    """float64's limit, rounded to the type, is the type's (SELU's −λα is not a float16)."""
    return bool(lp.rounded([double], name)[0] == value)


def _double_note(end: lp.Settles | None, var: str = "x") -> str:
    if end is None:
        return t("precision.float64_never", var=var)
    return t("precision.float64_note", where=_where(end, var))


def errors(
    shown: lp.Evaluation, name: str, *, f: str = "f", var: str = "x", key: str, filename: str
) -> None:
    """The relative errors of f and f′ against float64 over the plotted range (log scale)."""
    bits = lp.significant_bits(name)
    fig = error_figure(
        shown.x,
        (
            (f, shown.value_error),
            (f + "′", shown.grad_error),
        ),
        roundoff=lp.unit_roundoff(name),
        roundoff_label=t("precision.error_roundoff_name", bits=bits),
        x_label=var,
        y_label=t("precision.error_axis"),
        lecture=lecture_mode(),
    )
    chart(fig, key=key, filename=filename, title=f"{t('precision.error_title')} · {name}")
    st.caption(t("precision.error_caption"))


def lesson() -> None:
    """Why the types differ, what mixed precision does, misconceptions; and its references.
    Once per page, after its figures."""
    prose("precision")
    works = cited(["precision"])
    items = "\n".join(f"{index}. {work.citation()}" for index, work in enumerate(works, 1))
    st.markdown(f"**{t('precision.references')}**\n\n{items}")


def gate_section(gate_key: str | None, params: dict[str, float], *, title: str) -> None:
    """The GLU page's gate g in the chosen type: its dtype control, and below float64 the gate
    as a function panel (its name in ``title``). The identity gate (Bilinear) only rounds."""
    name = dtype_control()
    if not low(name):
        return
    st.subheader(t("precision.glu_title", dtype=name, name=title))
    if gate_key is None:
        st.caption(t("precision.glu_identity", dtype=name))
        return
    from activations import REGISTRY

    st.caption(t("precision.glu_caption", dtype=name))
    words = Labels(value="g(a)", grad="g′(a)", x="a")
    function_panel(
        REGISTRY[gate_key].at(**params),
        GATE_GRID,
        None,
        name,
        words=words,
        title=title,
        filename=f"glu-gate-{gate_key}",
    )
    lesson()


GATE_GRID = np.linspace(-10.0, 10.0, 1001)  # the gate's pre-activation a: saturation shows
