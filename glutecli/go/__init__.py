"""`glute go`: today's session guided live in the terminal (session: state machine; screen: rich; keys: terminal)."""
