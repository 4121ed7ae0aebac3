"""Reading and writing scenario files: YAML with CSV side tables, located errors, atomic saves."""
