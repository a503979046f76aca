"""The application layer: what people look at (roster, posts, platforms, the report's data) and
what they do (decide, record spend), built from store queries and domain rules. The explorer, the
report and the command line all go through it, so a number is never computed two ways."""
