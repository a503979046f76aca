"""Reading messy files into validated rows: encodings, delimiters, header aliases, numbers."""
