"""Swish / SiLU: x·σ(βx), between its limits x/2 (β → 0) and ReLU (β → ∞); SiLU is β = 1."""

from ui.errors import live
from ui.function_extras import silu_note, swish_references
from ui.function_page import controls, downloads, header, lecture_text, panel
from ui.render import references


@live
def figure_and_controls() -> None:
    view, (swish,) = controls(["swish"])
    panel(swish, view, note=silu_note(swish), references=swish_references(view, swish))
    downloads("swish", [swish], view)


header("swish")
figure_and_controls()
lecture_text(["swish"])
references("swish")
