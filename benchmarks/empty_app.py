"""The framework's floor for `make bench`: one radio, as many options as a survey question, nothing else."""

import streamlit as st

st.radio("Pick one", ["0", "1", "2", "3", "4", "Don't know", "Not applicable"], key="pick")
