"""门控线性单元 GLU: σ(xW) ⊙ xV, its three conventions, the gating animation, gates, surfaces."""

import streamlit as st

from ui import glu_page as section
from ui.errors import live
from ui.gated_page import joined, markdown, split_prose
from ui.i18n import current_lang, t
from ui.layout import figure_and_controls, lecture_mode, prose_in_place
from ui.render import prose, references
from views.url_keys import in_url

lead, intro, derivative, _ = split_prose("glu", 1, 2, 1)
# Lecture mode: all prose at the end. Otherwise a short lead, then the animation (on a phone,
# within the first screen), then the intuition and the formulas it illustrates.
lead, intro, derivative = (prose_in_place(part) for part in (lead, intro, derivative))
lang, lecture = current_lang(), lecture_mode()
st.title(t("nav.glu"))
st.caption(t("glu.subtitle"))
prose("glu", only=lead, then=section.animation_head(lang, lecture))

# The animation, then its controls: below it (they stack tall on a phone), beside it in lecture mode
stage, places = figure_and_controls([1.2, 0.8, 1.4, 1, 1])
settings = section.controls(places)
toy = section.toy(settings)
with stage:
    section.animation(toy, speed=settings.speed)
# the conventions box and the next heading in the prose's element (lecture mode: at the end)
conventions = "" if lecture else section.conventions_markdown(lang)
prose("glu", only=intro, then=joined(conventions, f"### {t('glu.compare_title')}"))


@live
def gate_comparison(toy: section.Toy, beta: float) -> None:
    token = st.slider(t("glu.token"), 1, len(toy.tokens), 1, **in_url("token"))
    section.compare_gates(toy, token=token, beta=beta)


gate_comparison(toy, settings.beta)

prose("glu", only=derivative, then=section.surfaces_head(settings.variant, settings.beta, lang))
section.surfaces(settings.variant, beta=settings.beta)


@live
def gate_in_precision(variant: str, beta: float) -> None:  # a dtype control; below float64, more
    section.gate_in_precision(variant, beta=beta)


gate_in_precision(settings.variant, settings.beta)
if lecture:
    markdown(section.conventions_markdown(lang))
prose("glu", skip=(*lead, *intro, *derivative))
references("glu")
