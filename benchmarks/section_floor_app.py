"""The floor of a survey section change for `make bench`: a section's worth of content in a bare Streamlit
app — a picker, a heading and description, six bordered questions (the question and help as one Markdown
block, a radio of six sentence-long options, a note expander drawn only while open), a caption and a button
that swaps to the other section, whose widgets have other keys, as Foco's do. What the framework and the
browser cost for that content, without Foco's navigation, progress, banner, database or fragments."""

import streamlit as st

section = st.session_state.setdefault("section", 0)


def move() -> None:
    st.session_state.section = 1 - st.session_state.section


st.radio("Section", [0, 1], horizontal=True, key="picker", format_func=lambda i: f"Section {i + 1} (3/6)")
st.subheader(f"Section {section + 1}")
st.write("A description of this dimension, in two sentences. It says what the section asks about.")
for q in range(6):
    with st.container(border=True):
        st.markdown(
            f"**{q + 1}.** A question about practice number {q} in section {section}?\n\n"
            ":small[:gray[Some help text that explains the question in a sentence or two, with an example.]]"
        )
        options = [f"Option {i}: what the organization does at step {i}, in a sentence." for i in range(5)]
        st.radio(
            f"q{section}{q}", [*options, "Don't know"], index=None, key=f"a{section}_{q}",
            label_visibility="collapsed",
        )  # fmt: skip
        with st.expander("Note or evidence", key=f"e{section}_{q}", on_change="rerun") as box:
            if box.open:
                st.text_area("Note")
st.caption("3 questions left")
_, right = st.columns(2)
right.button("Next section", on_click=move, type="primary", width="stretch")
