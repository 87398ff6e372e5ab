"""Running the application: uvicorn on 127.0.0.1 (unless told otherwise), with no access log
(an address can hold what a person looked up) and uvicorn's own messages only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from blokketen._exceptions import InputError

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


def serve(chain: Chain, deployments: Path, *, host: str = DEFAULT_HOST,
          port: int = DEFAULT_PORT, announce: bool = True) -> None:
    """Serve the pages for ``chain`` (manifests in ``deployments``) until interrupted."""
    import uvicorn

    from blokketen.web.app import create_app
    from blokketen.web.site import Site

    if not 0 < port < 65536:
        raise InputError("--port", "must be from 1 to 65535")
    if announce:
        print(f"Blokketen pages for chain {chain.chain_id} at http://{host}:{port}/ "
              "(Ctrl-C stops)", flush=True)
    hosts = None if host in ("0.0.0.0", "::") else [host, "127.0.0.1", "localhost"]
    app = create_app(Site(chain=chain, deployments=deployments), allowed_hosts=hosts)
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning",
                server_header=False)
