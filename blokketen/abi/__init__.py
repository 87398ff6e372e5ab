"""ABIs of the registry contracts, exported by `blokketen compile`."""
