"""Deploy the registries: `python scripts/deploy.py` or `brownie run scripts/deploy.py`.

Under Brownie the contracts come from Brownie's own build and deploy from its first account;
as a plain script it uses Blokketen's deployer and manifest on `--network` (default local).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))



def main() -> None:
    """Entry point for `brownie run scripts/deploy.py`."""
    import brownie

    from blokketen.pilots import deploy_order

    project = brownie.project.get_loaded_projects()[0]
    admin = brownie.accounts[0]
    for pilot, name in deploy_order():
        container = getattr(project, name, None)
        if container is None:
            continue
        contract = container.deploy(*pilot.constructor_args(name, admin.address),
                                    {"from": admin})
        print(f"{name} deployed at {contract.address}")


def _standalone(argv: list[str]) -> int:
    from blokketen.cli.main import main as cli_main

    return cli_main(["deploy", *argv])


if __name__ == "__main__":
    sys.exit(_standalone(sys.argv[1:]))
