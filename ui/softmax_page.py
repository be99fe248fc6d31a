"""The Streamlit side of the softmax page: controls, and one call per section.

Numbers come from :mod:`activations.softmax` (pure), figures from :mod:`views.softmax_figures`
(pure), words from ``content/<lang>/ui/softmax.toml``; this module only reads widgets and puts
things on the page. Every control is bound to the URL: the logits ``z1`` … ``z4``,
``temperature``, ``offset`` (the overflow demo's c), ``target`` and ``x0``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from activations import REGISTRY
from activations import low_precision as lp
from activations import softmax as sm
from ui import precision_page
from ui.function_page import X0_DEFAULT, X0_LIMIT  # ``x0`` is shared with the function pages
from ui.gated_page import caption, markdown
from ui.i18n import current_lang, t
from ui.layout import lecture_mode
from ui.render import cards, chart
from ui.tables import markdown_table
from views import softmax_figures as figures
from views.cards import Card, cards_html
from views.content import formula_block, section_markdown, sections
from views.prose_values import number
from views.url_keys import in_url

LOGIT_KEYS = ("z1", "z2", "z3", "z4")  # URL names, one per class, in class order
LOGIT_LIMIT = 10.0
TEMPERATURE = (0.1, 5.0, 1.0, 0.05)  # low, high, default, step
OFFSET_LIMIT = 1000.0
TWO_CLASS_X = np.linspace(-X0_LIMIT, X0_LIMIT, 401)
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
INTRO_SECTIONS = 1  # the lead comes before the figures (on a phone, the first screen)


def intro_sections() -> tuple[str, ...]:
    """The headings shown above the figures (the rest follows them)."""
    return tuple(sections("softmax", current_lang()))[:INTRO_SECTIONS]


def class_names() -> tuple[str, ...]:
    return tuple(t(f"softmax.class_{index + 1}") for index in range(len(LOGIT_KEYS)))


def float_text(value: float, digits: int = 6) -> str:
    """A float as Python shows it (``inf``, ``nan``: the overflow demo is about them), with
    ``digits`` significant digits and the Unicode minus.

    >>> float_text(float("inf")), float_text(float("nan")), float_text(-0.5), float_text(1e300)
    ('inf', 'nan', '−0.5', '1e+300')
    """
    return f"{value:.{digits}g}".replace("-", "−")


def shown(value: float, digits: int = 4) -> str:
    """A finite number as the prose writes it; ``inf``/``nan`` as Python does."""
    return number(value, digits) if math.isfinite(value) else float_text(value)


# --- logits, temperature, probabilities ------------------------------------------------------


CONTROLS = len(LOGIT_KEYS) + 1  # a slider per class's logit, and the temperature


def logit_controls(columns: Sequence[DeltaGenerator]) -> tuple[np.ndarray, float]:
    """One slider per class's logit and the temperature slider, one in each of ``columns``."""
    names = class_names()
    logits = [
        column.slider(
            t("softmax.logit", symbol="x" + str(index + 1).translate(_SUBSCRIPT), name=name),
            -LOGIT_LIMIT,
            LOGIT_LIMIT,
            default,
            0.1,
            **in_url(key),
            help=t("softmax.logit_help"),
        )
        for index, (key, default, name, column) in enumerate(
            zip(LOGIT_KEYS, sm.EXAMPLE_LOGITS, names, columns, strict=False)
        )
    ]
    low, high, default, step = TEMPERATURE
    temperature = columns[-1].slider(
        t("softmax.temperature"),
        low,
        high,
        default,
        step,
        **in_url("temperature"),
        help=t("softmax.temperature_help"),
    )
    return np.array(logits, dtype=float), float(temperature)


def probabilities(logits: np.ndarray, temperature: float) -> None:
    """The bar chart of softmax(x/T) (T = 1 as grey ticks when T ≠ 1) and three numbers."""
    names, lecture = class_names(), lecture_mode()
    p = sm.softmax(logits, temperature)
    reference = sm.softmax(logits) if temperature != 1.0 else None
    labels = {word: t(f"softmax.{word}") for word in figures.PROBABILITY_LABELS}
    fig = figures.probabilities_figure(names, p, reference, labels=labels, lecture=lecture)
    title = t("app.figure_title", name="softmax(x/T)", params=f"T = {temperature:g}")
    chart(
        fig, key="softmax_probabilities", filename=t("softmax.filename_probabilities"), title=title
    )
    best = int(np.argmax(p))
    cards(
        [
            Card(t("softmax.sum"), float_text(float(p.sum()), 17), help=t("softmax.sum_help")),
            Card(
                t("softmax.top"),
                figures.probability_text(float(p[best])),
                note=names[best],
                help=t("softmax.top_help"),
            ),
            Card(
                t("softmax.lse"),
                number(float(sm.logsumexp(logits, temperature))),
                note=t("softmax.lse_delta", max=number(float(logits.max() / temperature))),
                help=t("softmax.lse_help"),
            ),
        ],
        explained=t("app.numbers_explained"),
    )


# --- the overflow demo -----------------------------------------------------------------------


def overflow(logits: np.ndarray, temperature: float) -> None:
    """Textbook against stable softmax of z = (x + c)/T, step by step, as a table: at the
    temperature the bar chart above uses, so its stable p are the chart's. In a type below
    float64 (``?dtype=float16``), both computed in that type."""
    limits = {"overflow": shown(sm.EXP_OVERFLOW, 5), "underflow": shown(sm.EXP_UNDERFLOW, 5)}
    # the projector shows the demo; the folded prose explains it
    intro = "" if lecture_mode() else t("softmax.overflow_intro", **limits)
    st.markdown(section_markdown(t("softmax.overflow_title"), intro))
    offset = st.slider(
        t("softmax.offset"),
        -OFFSET_LIMIT,
        OFFSET_LIMIT,
        0.0,
        1.0,
        **in_url("offset"),
        help=t("softmax.offset_help"),
    )
    dtype = precision_page.dtype_control()
    low = precision_page.low(dtype)
    if low:
        overflow_at, underflow_at = lp.exp_overflow(dtype), lp.exp_underflow(dtype)
    else:
        overflow_at, underflow_at = sm.EXP_OVERFLOW, sm.EXP_UNDERFLOW
    limits = {"overflow": shown(overflow_at, 5), "underflow": shown(underflow_at, 5)}
    # captions, table, cards and verdict in ONE element: each is a message on every move
    parts = [caption(t("softmax.overflow_at_t", temperature=f"{temperature:g}"))]
    shifted = (logits + offset) / temperature
    if low:
        parts.append(
            caption(t("precision.softmax_caption", dtype=dtype, overflow=limits["overflow"]))
        )
        naive = lp.softmax_steps(shifted, dtype, stable=False)
        stable = lp.softmax_steps(shifted, dtype, stable=True)
    else:
        naive, stable = sm.naive_steps(shifted), sm.stable_steps(shifted)
    columns = ("class", "logit", "naive_exp", "naive_p", "stable_exp", "stable_p")
    cells = (class_names(), shifted, naive.exps, naive.probabilities, stable.exps)
    cells += (stable.probabilities,)
    parts.append(
        markdown_table(
            {
                t(f"softmax.col_{column}"): [
                    value if isinstance(value, str) else float_text(float(value))
                    for value in values
                ]
                for column, values in zip(columns, cells, strict=True)
            }
        )
    )
    parts.append(
        cards_html(
            [
                Card(t("softmax.naive_sum"), float_text(naive.total)),
                Card(t("softmax.stable_sum"), float_text(stable.total)),
                Card(
                    t("softmax.stable_lse"),
                    float_text(float(sm.logsumexp(shifted))),
                    help=t("softmax.stable_lse_help"),
                ),
            ],
            explained=t("app.numbers_explained"),
        )
    )
    broken = not (np.all(np.isfinite(naive.exps)) and np.all(np.isfinite(naive.probabilities)))
    if not broken:
        breakable = overflow_reachable(logits, temperature, overflow_at, underflow_at)
        verdict = "softmax.overflow_fine" if breakable else "softmax.overflow_out_of_reach"
        parts.append(caption(t(verdict, temperature=f"{temperature:g}", **limits)))
    markdown(*parts)
    if broken:
        st.error(t("softmax.overflow_broken"), icon=":material/warning:")
    if low:
        precision_page.lesson()


def overflow_reachable(
    logits: np.ndarray,
    temperature: float,
    overflow_at: float = sm.EXP_OVERFLOW,
    underflow_at: float = sm.EXP_UNDERFLOW,
) -> bool:
    """Whether some c on the slider makes the textbook formula fail at this temperature: a
    z = (x + c)/T above exp's overflow, or every z below its underflow (at T = 5 neither is,
    in float64; in float16, whose exp overflows at 11.09, both are).

    >>> overflow_reachable(np.zeros(4), 1.0), overflow_reachable(np.zeros(4), 5.0)
    (True, False)
    >>> overflow_reachable(np.zeros(4), 5.0, 11.09375, -17.34375)
    True
    """
    high = (float(logits.max()) + OFFSET_LIMIT) / temperature
    low = (float(logits.max()) - OFFSET_LIMIT) / temperature
    return high > overflow_at or low < underflow_at


# --- the Jacobian and the cross-entropy gradient ---------------------------------------------


def jacobian(logits: np.ndarray, temperature: float) -> None:
    """diag(p) − ppᵀ (over T) as a formula and as a heatmap with its numbers."""
    st.markdown(
        section_markdown(t("softmax.jacobian_title"), formula_block(t("softmax.jacobian_tex")))
    )
    matrix = sm.jacobian(logits, temperature)
    labels = {word: t(f"softmax.jacobian_{word}") for word in figures.JACOBIAN_LABELS}
    fig = figures.jacobian_figure(class_names(), matrix, labels=labels, lecture=lecture_mode())
    title = t("app.figure_title", name=t("softmax.jacobian_title"), params=f"T = {temperature:g}")
    chart(fig, key="softmax_jacobian", filename=t("softmax.filename_jacobian"), title=title)
    deviation = max(np.abs(matrix.sum(axis=0)).max(), np.abs(matrix.sum(axis=1)).max())
    st.caption(t("softmax.jacobian_caption", deviation=float_text(float(deviation), 2)))


def cross_entropy(logits: np.ndarray, temperature: float) -> None:
    """The loss's formula, the true class, the loss and the gradient (p − y)/T as grouped
    bars."""
    st.markdown(section_markdown(t("softmax.ce_title"), formula_block(t("softmax.ce_tex"))))
    names = class_names()
    target = st.radio(
        t("softmax.target"),
        range(len(names)),
        format_func=names.__getitem__,
        horizontal=True,
        **in_url("target"),
        help=t("softmax.target_help"),
    )
    p = sm.softmax(logits, temperature)
    gradient = sm.cross_entropy_grad(logits, target, temperature)
    cards(
        [
            Card(
                t("softmax.loss"),
                number(sm.cross_entropy(logits, target, temperature)),
                help=t("softmax.loss_help"),
            ),
            Card(t("softmax.p_target"), figures.probability_text(float(p[target]))),
            Card(
                t("softmax.grad_sum"),
                float_text(float(gradient.sum()), 2),
                help=t("softmax.grad_sum_help"),
            ),
        ],
        explained=t("app.numbers_explained"),
    )
    labels = {word: t(f"softmax.grad_{word}") for word in figures.GRADIENT_LABELS}
    fig = figures.gradient_figure(
        names,
        p,
        sm.one_hot(target, len(names)),
        gradient,
        labels=labels,
        lecture=lecture_mode(),
    )
    title = t("softmax.ce_title")
    chart(fig, key="softmax_gradient", filename=t("softmax.filename_gradient"), title=title)


# --- two classes: the sigmoid ----------------------------------------------------------------


@st.cache_resource(show_spinner=False)  # shared and only read: no copy per run
def two_class_curves() -> tuple[np.ndarray, np.ndarray]:
    """softmax([x, 0]) and (σ(x), σ(−x)) on :data:`TWO_CLASS_X`, each of shape (401, 2)."""
    x = TWO_CLASS_X
    pairs = sm.softmax(np.column_stack([x, np.zeros_like(x)]))
    sigmoid = REGISTRY["sigmoid"].fn
    return pairs, np.column_stack([sigmoid(x), sigmoid(-x)])


def two_classes() -> None:
    """softmax([x, 0]) = (σ(x), σ(−x)): the SymPy identity, the curves and the numbers at x."""
    intro = "" if lecture_mode() else t("softmax.two_class_intro")
    st.markdown(section_markdown(t("softmax.two_class_title"), intro))
    x0 = st.slider(
        t("softmax.x"),
        -X0_LIMIT,
        X0_LIMIT,
        X0_DEFAULT,
        0.05,
        **in_url("x0"),
        help=t("softmax.x_help"),
    )
    st.markdown("\n\n".join(formula_block(latex) for latex in sm.two_class_latex()))
    pairs, sigmoid_pairs = two_class_curves()
    at_x0 = sm.softmax([x0, 0.0])
    labels = dict(figures.TWO_CLASS_LABELS)
    fig = figures.two_class_figure(
        TWO_CLASS_X, pairs, sigmoid_pairs, x0, at_x0, labels=labels, lecture=lecture_mode()
    )
    title = t("app.figure_title", name=t("softmax.two_class_title"), params=f"x₀ = {x0:g}")
    chart(fig, key="softmax_two_class", filename=t("softmax.filename_two_class"), title=title)
    sigma = float(REGISTRY["sigmoid"].fn(x0))
    cards(
        [
            Card(t("softmax.p1_at", x=f"{x0:g}"), float_text(float(at_x0[0]), 10)),
            Card(t("softmax.sigma_at", x=f"{x0:g}"), float_text(sigma, 10)),
            Card(
                t("softmax.difference"),
                float_text(abs(float(at_x0[0]) - sigma), 2),
                help=t("softmax.difference_help"),
            ),
        ],
        explained=t("app.numbers_explained"),
    )
