"""Typed clients of the registries and the shared transaction layer they send through."""
