"""What every Foco page draws above its own content, for the bare apps that stand for Foco's pages in
`make bench` (results_floor_app.py, portfolio_floor_app.py): the app's title, the language select box and
the script that sets the page's language (ui/components.py's, a fixed text)."""

import streamlit as st


def chrome() -> None:
    title, language = st.columns([4, 1], vertical_alignment="bottom")
    title.markdown("### Foco — social-media maturity")
    language.selectbox("Language", ["English", "Español", "Italiano"], key="lang")
    st.html('<script>document.documentElement.lang = "en";</script>', unsafe_allow_javascript=True)
