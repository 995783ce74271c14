"""Arabic text rules: plain Python, no Django imports (see STYLE.md)."""
