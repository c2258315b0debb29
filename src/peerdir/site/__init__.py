"""Turning a Directory into site content: pure functions, no MkDocs imports (hooks/ adapt them)."""
