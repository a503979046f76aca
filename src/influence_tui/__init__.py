"""influence-tui: a keyboard-driven terminal explorer for influencer-marketing campaigns."""

__version__ = "0.1.0"
