"""The Textual explorer: panes, screens and bindings. Reads through analysis functions run on one
database thread from thread workers (workers.py) that post their results as messages
(messages.py); the UI thread never waits on SQLite; never imports the store, never builds SQL."""
