"""A result's curve and radar as static SVG (outputs/svg_charts.py): the Results page's first view and the PDF
show them as pictures. Positions are worked out by hand from the drawing's geometry: the curve's plot runs
from x = 36 to 472 px (4.36 px a point), the radar is centred at (240, 204) with a radius of 118 px."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from assessment.bank import Bank
from assessment.engine.scoring import score
from assessment.i18n import t
from assessment.outputs.charts import RadarSeries, level_bands, lines
from assessment.outputs.svg_charts import (
    curve_chart,
    heatmap_svg,
    maturity_curve_svg,
    radar_chart,
    radar_svg,
    radars_svg,
    scale_colour,
)

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # fails on anything that is not well-formed XML


def texts(root: ElementTree.Element) -> list[str]:
    return [e.text or "" for e in root.iter(f"{SVG}text")]


def test_the_curve_has_five_bands_their_names_and_the_point(app_bank: Bank) -> None:
    bands = level_bands(app_bank, "en")
    root = parsed(maturity_curve_svg(bands, 48.2, 3, "You are here", "Maturity"))
    # The white background, then one shaded rectangle per level: level 3 (40–60) from 36 + 40 × 4.36.
    rects = root.findall(f"{SVG}rect")[1:]
    assert len(rects) == 5
    assert (rects[2].get("x"), rects[2].get("width")) == ("210.4", "87.2")
    shown = texts(root)
    for band in bands:
        assert str(band.number) in shown
        assert " ".join(lines(band.name, 100)) in " ".join(shown), band.name
    assert "Maturity" in shown
    # "Conversational" is wider than its band at 12 px: drawn narrower, to the band less 5 px a side.
    long = next(e for e in root.iter(f"{SVG}text") if e.text == "Conversational")
    assert long.get("textLength") == "77.2" and long.get("lengthAdjust") == "spacingAndGlyphs"
    assert next(e for e in root.iter(f"{SVG}text") if e.text == "Planned").get("textLength") is None
    # 48.2 lies inside level 3: the point at 36 + 48.2 × 4.36 = 246.2 px, its label on its left.
    (point,) = root.findall(f"{SVG}circle")
    assert point.get("cx") == "246.2"
    label = next(e for e in root.iter(f"{SVG}text") if e.text == "You are here")
    assert label.get("text-anchor") == "end" and float(label.get("x") or 0) < 246.2


def test_a_capped_score_stays_inside_its_level_and_a_low_one_is_labelled_on_the_right(app_bank: Bank) -> None:
    bands = level_bands(app_bank, "en")
    # 65 capped at level 3 (40–60): drawn at 59.5, 36 + 59.5 × 4.36 = 295.4 px.
    capped = parsed(maturity_curve_svg(bands, 65.0, 3, "Here", "y"))
    assert capped.find(f"{SVG}circle").get("cx") == "295.4"  # type: ignore[union-attr]
    low = parsed(maturity_curve_svg(bands, 10.0, 1, "Here", "y"))
    label = next(e for e in low.iter(f"{SVG}text") if e.text == "Here")
    assert label.get("text-anchor") is None and float(label.get("x") or 0) > 36 + 10 * 4.36
    # No score: the curve and the bands only.
    assert parsed(maturity_curve_svg(bands, None, None, "Here", "y")).find(f"{SVG}circle") is None


@pytest.mark.parametrize("lang", ["en", "es", "it"])
@pytest.mark.parametrize("score", [12.0, 35.0, 55.0, 98.0])
def test_a_long_label_stays_inside_the_picture(app_bank: Bank, lang: str, score: float) -> None:
    # The quick check's label is the longest ("Usted está aquí (resultado provisional)"): wherever the point
    # falls, the label is whole and inside 0–480 px, counting 0.6 × 13 px a bold character (a wide font).
    label = f"{t('results.you_are_here', lang)} {t('quick.tag', lang)}"
    level = 1 + min(int(score // 20), 4)
    root = parsed(maturity_curve_svg(level_bands(app_bank, lang), score, level, label, "y"))
    shown = [
        e for e in root.iter(f"{SVG}text") if e.get("font-weight") == "bold" and not (e.text or "").isdigit()
    ]
    assert " ".join(e.text or "" for e in shown) == label
    for e in shown:
        x, wide = float(e.get("x") or 0), len(e.text or "") * 0.6 * 13
        left, right = (x - wide, x) if e.get("text-anchor") == "end" else (x, x + wide)
        assert left >= 0 and right <= 480, (e.text, left, right)


def test_the_radar_puts_each_score_on_its_axis() -> None:
    root = parsed(radar_svg(["A", "B", "C", "D", "E"], [50.0, 100.0, None, 0.0, 25.0], "Lib <b> & Co"))
    shape = root.find(f"{SVG}polygon[{SVG}title]")
    assert shape is not None
    # The org's name, escaped in the file, read back as written.
    assert shape.find(f"{SVG}title").text == "Lib <b> & Co"  # type: ignore[union-attr]
    points = [tuple(map(float, p.split(","))) for p in (shape.get("points") or "").split()]
    # 50 on the top axis: 59 px above the centre. 100 on the second (−18°): 118 × (cos, sin) of −18°.
    # Not assessed and 0 both at the centre.
    assert points[0] == (240.0, 145.0)
    assert points[1] == pytest.approx((352.2, 167.5), abs=0.05)
    assert points[2] == points[3] == (240.0, 204.0)
    # Not assessed (the third) is a hollow point at the centre; a real 0 (the fourth) a filled one there.
    dots = root.findall(f"{SVG}circle")
    assert [d.get("fill") for d in dots] == ["#0072B2", "#0072B2", "white", "#0072B2", "#0072B2"]
    assert {"A", "B", "C", "D", "E", "20", "100"} <= set(texts(root))


@pytest.mark.parametrize("lang", ["en", "es", "it"])
def test_a_results_pictures_say_what_the_alt_text_says(app_bank: Bank, lang: str) -> None:
    result = score(app_bank, dict.fromkeys(app_bank.questions, 2), "library")
    curve, radar = curve_chart(app_bank, result, lang), radar_chart(app_bank, result, lang, "Biblioteca")
    level = app_bank.level(result.overall_level or 0)
    levels = ", ".join(lv.name(lang) for lv in app_bank.levels)
    assert curve.alt == t("results.curve_alt", lang, levels=levels, n=level.level, name=level.name(lang))
    assert t("results.you_are_here", lang) in texts(parsed(curve.svg))
    # Step 2 of 0–4 everywhere: 50.0 on every dimension, each named in the description.
    for dim in app_bank.dimensions.values():
        assert f"{dim.name(lang)} 50.0" in radar.alt
    assert radar.data_uri.startswith("data:image/svg+xml;base64,")


def test_long_words_keep_a_line_of_their_own() -> None:
    assert lines("Preparación ante crisis", 16) == ["Preparación ante", "crisis"]
    assert lines("Independencia de las plataformas", 15) == ["Independencia", "de las", "plataformas"]
    assert lines("", 10) == []


def heat_rows(root: ElementTree.Element) -> list[list[tuple[str, str, str | None, str | None]]]:
    """Each row of the heatmap: its label, then per cell its fill, its number and that number's colour."""
    out = []
    for g in root.iter(f"{SVG}g"):
        label, *items = list(g)
        row: list[tuple[str, str, str | None, str | None]] = [(label.text or "", "", None, None)]
        for e in items:
            if e.tag == f"{SVG}rect":
                row.append(("cell", e.get("fill") or "", None, None))
            else:
                row[-1] = ("cell", row[-1][1], e.text, e.get("fill"))
        out.append(row)
    return out


def test_the_heatmap_colours_and_numbers_each_cell_and_leaves_a_not_assessed_one_blank() -> None:
    long = "Ayuntamiento de San Bartolomé de Tirajana · Biblioteca municipal"
    svg = heatmap_svg(
        ["R&D <x>", long], ["One", "Two", "Three"], [[0.0, 75.0, 50.0], [None, 100.0, 10.0]], "Score"
    )
    assert "R&amp;D &lt;x&gt;" in svg, "user text escaped in the file"
    root = parsed(svg)
    rows = heat_rows(root)
    # The scale's stops: 0 the first level colour, 50 the third, 75 the fourth, 100 the fifth; 10 is 0.4 of
    # the way from #E69F00 to #F0E442: E6 + 0.4 × 0A = EA, 9F + 0.4 × 45 = BB (186.6), 00 + 0.4 × 42 = 1A.
    # The number dark where it contrasts more (orange, yellow, sky, green: 4.6:1 against 3.4:1 for white on
    # #009E73), white on the strong blue (5.2:1 against 3.1:1).
    dark = "#222222"
    assert rows[0] == [
        ("R&D <x>", "", None, None),
        ("cell", "#E69F00", "0", dark),
        ("cell", "#009E73", "75", dark),
        ("cell", "#56B4E9", "50", dark),
    ]
    # Not assessed: light grey and no number. The long label cut to 28 characters, the last one "…".
    assert rows[1][0][0] == long[:27] + "…"
    assert rows[1][1:] == [
        ("cell", "#EEEEEE", None, None),
        ("cell", "#0072B2", "100", "white"),
        ("cell", "#EABB1A", "10", dark),
    ]
    assert {"One", "Two", "Three", "Score", "0", "100"} <= set(texts(root))
    # Each row is 26 px: two more rows, 52 px taller.
    taller = parsed(
        heatmap_svg(["a", "b", "c", "d"], ["One", "Two", "Three"], [[1.0, 2.0, 3.0]] * 4, "Score")
    )
    assert int(taller.get("height") or 0) - int(root.get("height") or 0) == 52


def test_the_scale_runs_through_the_level_colours() -> None:
    assert [scale_colour(v) for v in (0, 25, 50, 75, 100)] == [
        "#E69F00",
        "#F0E442",
        "#56B4E9",
        "#009E73",
        "#0072B2",
    ]
    # Half-way from the sky blue (56 B4 E9) to the green (00 9E 73): 2B, A9, AE.
    assert scale_colour(62.5) == "#2BA9AE"
    assert scale_colour(-5) == "#E69F00" and scale_colour(120) == "#0072B2"


def test_the_radar_of_several_clients_tells_them_apart_and_names_them() -> None:
    series = [
        RadarSeries("R&D <x>", [50.0, 60.0, 70.0]),
        RadarSeries("Town B", [None, 40.0, 20.0]),
        RadarSeries("Town C", [10.0, 20.0, 30.0]),
    ]
    svg = radars_svg(["A", "B", "C"], series)
    assert "R&amp;D &lt;x&gt;" in svg
    root = parsed(svg)
    shapes = [p for p in root.iter(f"{SVG}polygon") if p.find(f"{SVG}title") is not None]
    assert [p.find(f"{SVG}title").text for p in shapes] == ["R&D <x>", "Town B", "Town C"]  # type: ignore[union-attr]
    assert [p.get("stroke") for p in shapes] == ["#0072B2", "#D55E00", "#009E73"]
    # Markers: circles for the first, diamonds (4-point polygons) for the second, squares for the third;
    # Town B's first dimension not assessed: a hollow diamond (white inside).
    diamonds = [
        p
        for p in root.iter(f"{SVG}polygon")
        if "#D55E00" in (p.get("fill"), p.get("stroke")) and p.find(f"{SVG}title") is None
    ]
    assert [d.get("fill") for d in diamonds] == ["white", "#D55E00", "#D55E00", "#D55E00"]  # 3 + the legend's
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#009E73"]) == 4
    # The legend under the radar names each one: the picture grows past the single radar's 400 px.
    assert {"R&D <x>", "Town B", "Town C"} <= set(texts(root))
    assert int(root.get("height") or 0) > 400


def test_a_name_with_a_character_xml_cannot_hold_still_gives_a_picture() -> None:
    # A respondent's label may hold a control character (the storage checks names, not every label): left
    # out of the picture's text, or the whole SVG would fail to load in the browser.
    svg = heatmap_svg(["Ana\x01 · Radio\x0b"], ["A"], [[50.0]], "Score")
    root = ElementTree.fromstring(svg)
    assert "Ana · Radio" in ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
