"""What people look at, built from store queries and domain rules; the explorer and the report
both read it, so a number is never computed two ways."""
