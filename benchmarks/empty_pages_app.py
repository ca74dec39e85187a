"""The framework's floor for a page switch (`make bench`): two pages, each with one radio like the empty
app's; a button on the first switches to the second, as "See the results" goes from the survey to the
results."""

import streamlit as st


def first() -> None:
    st.radio("Pick one", ["0", "1", "2", "3", "4", "Don't know", "Not applicable"], key="pick")
    if st.button("Go", key="go"):
        st.switch_page(PAGES[1])


def second() -> None:
    st.radio("Pick one", ["0", "1", "2", "3", "4", "Don't know", "Not applicable"], key="pick2")
    if st.button("Back", key="back"):
        st.switch_page(PAGES[0])


PAGES = [st.Page(first, title="A", url_path="a", default=True), st.Page(second, title="B", url_path="b")]
st.navigation(PAGES, position="hidden").run()
