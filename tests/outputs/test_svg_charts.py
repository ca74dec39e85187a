"""A result's curve and radar as static SVG (outputs/svg_charts.py): the Results page's first view and the PDF
show them as pictures. Positions are worked out by hand from the drawing's geometry: the curve's plot runs
from x = 36 to 472 px (4.36 px a point), the radar is centred at (240, 204) with a radius of 118 px."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from assessment.bank import Bank
from assessment.engine.scoring import score
from assessment.i18n import t
from assessment.outputs.charts import level_bands, lines
from assessment.outputs.svg_charts import curve_chart, maturity_curve_svg, radar_chart, radar_svg

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
