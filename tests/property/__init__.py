"""Property-based tests (hypothesis) over generated plans."""
