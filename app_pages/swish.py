"""Swish / SiLU: x·σ(βx), between its limits x/2 (β → 0) and ReLU (β → ∞); SiLU is β = 1."""

from ui.errors import live
from ui.function_page import controls, downloads, header, lecture_text, panel
from ui.i18n import t
from ui.render import references
from views.function_figures import swish_references

LIMITS = ("swish_limit_zero", "swish_limit_inf", "silu_reference")  # the curves Swish lies between


@live
def figure_and_controls() -> None:
    view, (swish,) = controls(["swish"])
    # at β = 1 Swish *is* SiLU: say so, and otherwise say where SiLU is
    note = t("functions.silu_now") if swish.values["beta"] == 1 else t("functions.silu_hint")
    names = [t(f"functions.{name}") for name in LIMITS]
    panel(swish, view, note=note, references=swish_references(view, swish, names))
    downloads("swish", [swish], view)


header("swish")
figure_and_controls()
lecture_text(["swish"])
references("swish")
