"""The Status page: the chain (id, head block, node), and for every contract of every
registered pilot its address in the manifest and whether the code there is the code the
manifest records."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from blokketen import pilots
from blokketen.deploy.deployer import code_state
from blokketen.web.render import page
from blokketen.web.site import Site

__all__ = ["ChainStatus", "RegistryStatus", "read_status", "status_page"]


@dataclass(frozen=True)
class RegistryStatus:
    """One contract: ``state`` is ``ok``, ``missing``, ``code differs`` or ``not_deployed``."""

    pilot: str
    contract: str
    address: str | None
    code_hash: str | None
    state: str


@dataclass(frozen=True)
class ChainStatus:
    """The chain and every registry."""

    chain_id: int
    head: int
    node: str
    manifest: str
    registries: tuple[RegistryStatus, ...]


def read_status(site: Site) -> ChainStatus:
    manifest = site.manifest()
    rows = []
    for pilot in pilots.PILOTS:
        for name in pilot.contracts:
            record = manifest.contracts.get(name)
            if record is None:
                rows.append(RegistryStatus(pilot.title, name, None, None, "not_deployed"))
            else:
                rows.append(RegistryStatus(pilot.title, name, record.address, record.code_hash,
                                           code_state(site.chain, record)))
    shown = manifest.path.relative_to(site.deployments.parent) \
        if manifest.path.is_relative_to(site.deployments.parent) else manifest.path
    return ChainStatus(chain_id=site.chain.chain_id, head=site.chain.block_number,
                       node=site.chain.client_version, manifest=str(shown),
                       registries=tuple(rows))


async def status_page(request: Request, site: Site, lang: str) -> Response:
    request.state.template = "status.html"
    request.state.context = {"state": None}
    found = await run_in_threadpool(read_status, site)
    return page(request, "status.html", lang=lang, status=200, state=found)
