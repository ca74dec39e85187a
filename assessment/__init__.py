"""Foco's core: the question bank, scoring, recommendations and exports. It never imports streamlit."""
