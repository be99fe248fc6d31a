"""The fixed outline of every function page's prose (content/<lang>/<key>.md), in both languages:
the content tests check the files keep it, the page tests find their parts by it."""

from __future__ import annotations

ZH_HEADINGS = ["直觉", "公式", "导数", "优点", "缺点", "应用场景", "常见误区", "练习", "小结"]
EN_HEADINGS = [
    "Intuition",
    "Formula",
    "Derivative",
    "Strengths",
    "Weaknesses",
    "Where it is used",
    "Common misconceptions",
    "Exercises",
    "Summary",
]
HEADINGS = {"zh": ZH_HEADINGS, "en": EN_HEADINGS}
MISCONCEPTIONS = {"zh": "常见误区", "en": "Common misconceptions"}
EXERCISES = {"zh": "练习", "en": "Exercises"}
ANSWERS = {"zh": "**答案**", "en": "**Answers**"}
