"""Figures and their words: arithmetic on published numbers (rates, latest, evidence, coverage, series),
a force's profile, the sources and credits behind each figure, the colour classes.

Imports ``data`` only; pure functions on pandas, so every number can be tested without a running app.
"""
