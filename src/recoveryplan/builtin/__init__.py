"""The library's own plugins: they use exactly the hooks a third-party plugin uses."""
