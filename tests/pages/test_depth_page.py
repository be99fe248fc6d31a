"""The 梯度消失 page's residual and normalisation switches under AppTest: links, the redrawn
figure, the comparison cards, in both languages; bad values fall back without a traceback."""

from __future__ import annotations

import numpy as np
import pytest

from activations import REGISTRY
from experiments.gradients import gradient_norms, shrink_factor
from harness.appdriver import decode, figures, run_page
from views.numbers import number
from views.strings import LANGUAGES, translate

VANISHING = "app_pages/vanishing.py"
NAME = {key: entry.name_en for key, entry in REGISTRY.items()}


def no_exception(at) -> None:
    assert not at.exception, [item.value for item in at.exception]


def gradient_curves(at) -> dict[str, np.ndarray]:
    """The backward panel's curves by activation name (the forward ones have no legend)."""
    return {
        trace["name"]: decode(trace["y"])
        for trace in figures(at)[0]["data"]
        if trace.get("showlegend") is not False and trace.get("legend") != "legend2"
    }


def card_blocks(at) -> list[str]:
    return [m.value for m in at.markdown if "lab-cards" in m.value]


def spread(values: np.ndarray) -> float:
    return float(values.max() / values.min())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_residual_rmsnorm_link_levels_the_gradients_and_compares_with_the_plain_stack(lang):
    at = run_page(VANISHING, lang=lang, residual="true", norm="rmsnorm", depth="50")
    no_exception(at)
    assert at.toggle(key="residual").value is True
    assert at.radio(key="norm").value == "rmsnorm"
    curves = gradient_curves(at)
    assert list(curves) == [
        NAME[k] for k in ("sigmoid", "tanh", "relu", "leaky_relu", "gelu", "swish")
    ]
    assert all(spread(values) < 10 for values in curves.values()), curves
    assert all(trace.get("legend") != "legend2" for trace in figures(at)[0]["data"])  # no bound
    (block,) = card_blocks(at)
    stack = translate("vanishing.residual_short", lang) + " + RMSNorm"
    assert translate("vanishing.card_title", lang, depth=50, stack=stack) in block
    plain = shrink_factor(gradient_norms("sigmoid", depth=50).signal)[0]
    assert translate("vanishing.card_plain", lang, ratio=number(plain, 3)) in block
    level = shrink_factor(curves[NAME["sigmoid"]])[0]
    assert f'<dd class="lab-value">{number(level, 3)}</dd>' in block
    assert translate("vanishing.figure_caption_stack", lang) in [c.value for c in at.caption]
    stack_in_words = translate("vanishing.residual_short", lang) + " + RMSNorm"
    assert stack_in_words in at.get("plotly_chart")[0].proto.alt  # the text alternative says so


def test_the_defaults_add_no_cards_and_keep_the_bound():
    at = run_page(VANISHING)
    no_exception(at)
    assert at.toggle(key="residual").value is False and at.radio(key="norm").value == "none"
    assert card_blocks(at) == []
    assert any(trace.get("legend") == "legend2" for trace in figures(at)[0]["data"])


def test_switching_redraws_the_figure():
    at = run_page(VANISHING, depth="50", acts=[NAME["sigmoid"], NAME["relu"]])
    plain = gradient_curves(at)
    assert shrink_factor(plain[NAME["sigmoid"]])[0] < 1e-20
    at.toggle(key="residual").set_value(True).run()
    no_exception(at)
    residual = gradient_curves(at)
    assert shrink_factor(residual[NAME["relu"]])[0] > 1e5  # residuals alone: it explodes
    at.radio(key="norm").set_value("layernorm").run()
    no_exception(at)
    level = gradient_curves(at)
    assert all(spread(values) < 10 for values in level.values()), level
    assert len(card_blocks(at)) == 1
    at.toggle(key="residual").set_value(False).run()  # LayerNorm alone: a card, no bound
    no_exception(at)
    assert len(card_blocks(at)) == 1
    assert all(trace.get("legend") != "legend2" for trace in figures(at)[0]["data"])


@pytest.mark.parametrize(
    "query",
    [
        {"residual": "maybe"},
        {"residual": "2"},
        {"norm": "batchnorm"},
        {"norm": ""},
        {"norm": "$x$"},
        {"residual": "true", "norm": "groupnorm"},
    ],
)
def test_bad_switch_values_fall_back_quietly(query):
    at = run_page(VANISHING, **query)
    no_exception(at)
    assert at.radio(key="norm").value == "none"
    assert at.toggle(key="residual").value == (query.get("residual") == "true")
    assert figures(at)


@pytest.mark.parametrize("value", ["RMSNorm", "rmsnorm", "RMSNORM", "LayerNorm", "layernorm"])
def test_norm_links_read_in_any_case(value):
    at = run_page(VANISHING, norm=value)
    no_exception(at)
    assert at.radio(key="norm").value == value.lower()
