"""The scenario editor: table models over the scenario, undoable edits, the what-changed list."""
