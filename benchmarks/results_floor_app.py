"""The floor of "See the results" for `make bench`: the Results summary's content in a bare Streamlit app.

Two pages under a top navigation of four entries, as Foco's, in its wide layout. The first holds a radio and a
link (as the last survey section holds its questions and "See the results"); the link opens the second, one
run, which draws what Foco's summary draws, element for element (counted in Chromium on the benchmark's own
result): the app's title, a language select box and the script that sets the page's language, the page's
header, four tabs kept in state, two metrics and the level's words, the curve and the radar (Foco's own SVG
pictures of one result, so the images are the same bytes), the dimensions' table and its notes, a closed
"why this level", the peer benchmark's heading, toggle and caption, the submit box, the resume link and the
way back. What the framework and the browser cost for that content, without Foco's session, database,
fragments or checks.
"""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from floor_chrome import chrome  # noqa: E402  # this folder: Streamlit puts a script's own on the path

from assessment.bank import DEFAULT_BANK_DIR, load_bank  # noqa: E402
from assessment.engine.recommend import recommend  # noqa: E402
from assessment.engine.scoring import AnswerValue, score  # noqa: E402
from assessment.outputs.export import Scored, projection_of  # noqa: E402
from assessment.outputs.projection_chart import projection_svg_with_alt  # noqa: E402
from assessment.outputs.svg_charts import Chart, curve_chart, radar_chart  # noqa: E402
from assessment.ui.components import md_table  # noqa: E402
from assessment.ui.pages.results_plan import items_table  # noqa: E402

LANG = "en"
PICK = ["0", "1", "2", "3", "4", "Don't know", "Not applicable"]


@st.cache_resource
def drawn() -> tuple[Chart, Chart, str, tuple[str, str]]:
    """Foco's own pictures and plan table of the benchmark's result (its answers: bench_browser's steps)."""
    bank = load_bank(DEFAULT_BANK_DIR)
    org_type = bank.info.organization_types[0].id
    answers: dict[str, AnswerValue] = {}
    for s, dim in enumerate(bank.dimensions):
        asked = [q for q in bank.questions_by_dimension[dim] if q.applies(org_type)]
        answers |= {q.id: (3 * (s + i) + 1) % 5 for i, q in enumerate(asked)}
    result = score(bank, answers, org_type)
    plan = recommend(bank, result)
    projection = projection_of(bank, Scored("Benchmark library", "", result, plan, org_type))
    return (
        curve_chart(bank, result, LANG),
        radar_chart(bank, result, LANG, "Benchmark library"),
        items_table(plan, {}, LANG),
        projection_svg_with_alt(bank, projection, LANG),
    )


def survey() -> None:
    chrome()
    st.radio("Pick one", PICK, key="pick")
    with st.container(key="go"):
        st.page_link(PAGES[2], label="Go")


def results() -> None:
    chrome()
    st.header("Results for Benchmark library", anchor=False)
    tabs = st.tabs(["Summary", "Plan", "Next steps", "Files & sharing"], key="tab", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            left, right = st.columns([1, 2])
            left.metric("Overall level", "Level 3: Planned")
            left.metric("Overall score", "49.8 / 100")
            right.write("A sentence on what this level means for the organization. " * 3)
            curve, radar, _, _ = drawn()
            curve_col, radar_col = st.columns(2)
            for column, key, title, chart in (
                (curve_col, "curve", "The maturity curve", curve),
                (radar_col, "radar", "The five dimensions", radar),
            ):
                with column, st.container(key=f"chart_{key}"):
                    st.subheader(title, anchor=False)
                    st.image(chart.svg, alt=chart.alt, caption=chart.alt)
            rows = [
                [f"**Dimension {d}**", f"{40 + d:.1f}", f"**Level {d % 5 + 1}**", "6 of 6"] for d in range(5)
            ]
            st.markdown(md_table(["Dimension", "Score", "Level", "Answers"], rows, right=(1,)))
            st.caption(
                "\n\n".join(f"**Dimension {d}**: what its level means, in a sentence." for d in range(5))
            )
            with st.expander("Why this level", key="why", on_change="rerun"):
                pass
            st.subheader("Compared with similar organizations", anchor=False)
            st.toggle("Count this organization in the peer benchmark", key="opt_in", help="Only counts.")
            st.caption("Library: not enough organizations have chosen to be counted yet.")
    if tabs[1].open:
        with tabs[1]:
            plan_tab()
    st.markdown("**Done? Submit the assessment**\n\n:gray[Submitting freezes the answers.]")
    st.button("Submit and freeze", key="submit")
    st.markdown("**Your link to come back**\n\n:gray[Every answer is saved as you give it.]")
    st.code("http://127.0.0.1/survey?a=a-resume-token-of-thirty-two-chars", language=None)
    st.button("Back to the survey", key="back_to_survey")
    with st.container(key="back"):
        st.page_link(PAGES[1], label="Back")


st.set_page_config(page_title="Floor", layout="wide")  # Foco's layout: the pictures side by side, wide


def plan_tab() -> None:
    """What Foco's Plan tab draws (counted in Chromium on the benchmark's result), element for element."""
    _, _, table, (svg, alt) = drawn()
    st.subheader("Your action plan")
    st.caption("Ranked by the gap each action closes, its impact and its effort. " * 2)
    st.markdown("#### Who does what, by when")
    with st.container(key="plan_items"):
        st.markdown(table)
    with st.expander("Set an item's owner, due date, status and note", icon=":material/edit:", key="edit",
                     on_change="rerun"):  # fmt: skip
        pass
    st.markdown("#### Each action in detail")
    for phase in ("Now (4)", "Next (5)", "Later (11)"):
        with st.expander(phase, key=f"details_{phase[:3]}", on_change="rerun"):
            pass
    with st.container(key="plan_panel"):
        st.markdown("#### Target level per dimension")
        st.caption(
            "One above today's unless you choose another. The chart below shows which phase reaches it."
        )
        with st.expander("Change the targets", key="targets", on_change="rerun"):
            pass
        st.markdown("#### Where the plan leads")
        with st.container(key="projection"):
            st.image(svg, alt=alt, width="content", caption=alt)
        st.markdown(
            "\n".join(
                f"- Dimension {d}: target level 4, reached after “Next”, with: two actions." for d in range(5)
            )
        )
        st.markdown("#### The plan for your tools")
        files = (("CSV", "csv", None), ("workbook (Excel)", "xlsx", ":material/table_view:"),
                 ("calendar (.ics)", "ics", ":material/calendar_month:"))  # fmt: skip
        for column, (name, key, icon) in zip(st.columns(3), files, strict=True):
            column.download_button(
                f"Download the {name}", b"", file_name=f"plan.{key}", key=f"dl_{key}", on_click="ignore",
                icon=icon, width="stretch",
            )  # fmt: skip


PAGES = [
    st.Page(lambda: None, title="Start", url_path="start", icon=":material/flag:"),
    st.Page(survey, title="Survey", url_path="survey", default=True, icon=":material/checklist:"),
    st.Page(results, title="Results", url_path="results", icon=":material/insights:"),
    st.Page(lambda: None, title="Workspace", url_path="workspace", icon=":material/work:"),
]
st.navigation(PAGES, position="top").run()
