"""The Textual explorer: panes, screens and bindings. Reads through analysis functions run on one
database thread; never imports the store, never builds SQL."""
