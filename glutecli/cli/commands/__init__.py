"""One module per command: each parses its options, makes one services call and emits the result."""
