"""The one layer that speaks SQL: schema, connections, writes, rollups and windowed queries."""
