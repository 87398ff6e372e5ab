"""The `blokketen` command line."""
