"""Pure domain: models, metric formulas, tiers, flags and the platform risk rule (no I/O)."""
