"""Analyses behind each report, shared by its notebook and by the overview."""
