"""The framework's floor for a page switch (`make bench`): two pages, each with one radio like the empty
app's; a link on the first opens the second, as "See the results" (an `st.page_link`: one run, the page's)
goes from the survey to the results. Until issue 15's fourth round the switch here was a button calling
`st.switch_page`, two runs (the click's, then the page's), as "See the results" had been."""

import streamlit as st


def first() -> None:
    st.radio("Pick one", ["0", "1", "2", "3", "4", "Don't know", "Not applicable"], key="pick")
    with st.container(key="go"):
        st.page_link(PAGES[1], label="Go")


def second() -> None:
    st.radio("Pick one", ["0", "1", "2", "3", "4", "Don't know", "Not applicable"], key="pick2")
    with st.container(key="back"):
        st.page_link(PAGES[0], label="Back")


PAGES = [st.Page(first, title="A", url_path="a", default=True), st.Page(second, title="B", url_path="b")]
st.navigation(PAGES, position="hidden").run()
