"""``bench.app --every-page``'s arithmetic: a page's ratio is the median of its paired loads'
ratios, not a ratio of medians, and the table states the spread and the load."""

from __future__ import annotations

from bench.app import Paired, Render, every_page_table, paired_ratio_summary

FACTS = {
    "charts": 2,
    "traces": 2,
    "formulas": 3,
    "elements": 6,
    "nodes": 500,
    "draws": [2, 3],  # full draws of each chart at load
    "marginDraws": [0, 1],  # of them, started by automargin
}


def render(wall: float, cpu: float = 1000.0) -> Render:
    return Render(wall, cpu, 10, FACTS)


def test_a_ratio_is_the_median_of_pairs_so_a_slow_moment_hits_both_sides():
    # The machine slows down fourfold for the second pair: the page stays 1.1× its floor.
    paired = Paired([render(1100), render(4400), render(1100)], [render(1000)] * 2 + [render(1000)])
    paired.floor[1] = render(4000)
    assert paired.ratios() == [1.1, 1.1, 1.1]
    # Whereas the ratio of the medians would read 1.1 only by luck of which loads were slow.
    assert paired_ratio_summary(paired.ratios()) == "1.10× (1.10–1.10)"


def test_the_table_marks_the_aim_and_states_spread_cpu_and_load():
    runs = {
        "home": Paired([render(1150, 1300), render(1300, 1200)], [render(1000), render(1000)]),
        "glu": Paired([render(2000, 2500), render(1800, 2100)], [render(1000), render(1000)]),
    }
    floor = [r for paired in runs.values() for r in paired.floor]
    table = every_page_table(runs, floor, 2, (9.0, 8.0, 7.0), (12.5, 9.0, 7.5))
    home, glu = (line for line in table.splitlines() if line.startswith(("| home", "| glu")))
    assert "1.23× (1.15–1.30)" in home and home.endswith("❌ |")
    assert "1.25×" in home  # the median of the browser CPU ratios 1.3 and 1.2
    assert "1.90× (1.80–2.00)" in glu
    assert "before 9.0 / 8.0 / 7.0, after 12.5 / 9.0 / 7.5" in table
    assert "2 pairs per page" in table
    assert "| 2.50 (0.50) |" in home  # draws per chart (of them automargin's)


def test_a_page_within_the_aim_is_marked_so():
    runs = {"quiz": Paired([render(900), render(1150)], [render(1000), render(1000)])}
    table = every_page_table(runs, runs["quiz"].floor, 2, (1.0,) * 3, (1.0,) * 3)
    assert "1.02× (0.90–1.15)" in table and table.splitlines()[2].endswith("✅ |")


def test_profile_samples_are_grouped_by_the_script_they_fall_in():
    from bench.app import profile_group

    js = "http://127.0.0.1:8501/static/js/"
    assert profile_group(js + "PlotlyChart.D9Z0_fxz.js", "a") == "Plotly"
    assert profile_group(js + "rehype-katex.YTWa9hPp.js", "b") == "Markdown + KaTeX"
    assert profile_group(js + "react-dom.Dzbslgj4.js", "c") == "React + Streamlit"
    assert profile_group(js + "numbro.BARYlD0b.js", "d") == "other JS"
    assert profile_group("", "(idle)") == "idle"
    assert profile_group("", "(garbage collector)") == "style, layout, GC, V8"
