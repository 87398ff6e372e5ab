"""The contract layer: the base client, ABI, typed errors, events, the one transaction layer
and the input checks that every pilot's client uses.

Importing this package is free: each module loads what it needs (``checks`` needs no chain).
"""
