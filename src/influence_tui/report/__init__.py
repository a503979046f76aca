"""Rendering the report as text, Markdown or JSON."""
