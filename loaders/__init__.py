"""Loaders: read a report in any format into clean text, and extract its graph."""
