"""Pytest support for projects built on Blokketen (the plugin loads automatically)."""
