"""Rendered plans in a real browser."""
