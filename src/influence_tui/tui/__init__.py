"""The Textual explorer: panes, screens and bindings. Reads through analysis and store functions
run on one database thread; never builds SQL."""
