"""The Parcel page: one land registry parcel as the chain holds it (owner address, area,
land use, status, rights with their windows, freeze), its history from the contract's
events as a timeline with the owners in order, and its split/merge lineage as a graph.

The registry asked is the manifest's, after its code is checked against the manifest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from blokketen._exceptions import InputError
from blokketen.contract.trust import TrustedContract
from blokketen.land import history
from blokketen.land.capakey import normalise_capakey
from blokketen.land.client import LandRegistry
from blokketen.land.types import FreezeInfo, Parcel, Right
from blokketen.web import amounts
from blokketen.web.drawing import lineage_svg, timeline_svg
from blokketen.web.i18n import Texts
from blokketen.web.render import page
from blokketen.web.site import Site

__all__ = ["ParcelView", "UnknownParcel", "parcel_page", "read_parcel"]

LINEAGE_DEPTH = 2
"""How many generations of ancestors and descendants the graph shows."""


class UnknownParcel(InputError):
    """No parcel under the key (the page answers 404)."""


@dataclass(frozen=True)
class Event:
    """One line of the timeline."""

    name: str
    block: int
    when: str
    detail: str


@dataclass(frozen=True)
class ParcelView:
    """Everything the page shows of one parcel."""

    parcel: Parcel
    rights: tuple[Right, ...]
    freeze: FreezeInfo
    events: tuple[Event, ...]
    owners: tuple[str, ...]
    generations: dict[str, int]
    edges: tuple[tuple[str, str], ...]
    trusted: TrustedContract


def _when(unix: int) -> str:
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _detail(event: history.LandEvent, t: Texts) -> str:
    if isinstance(event, history.ParcelRegistered | history.ParcelDerived):
        return f"{event.owner}, {amounts.whole(event.area_m2, t.lang)} m²"
    if isinstance(event, history.ParcelTransferred):
        return f"{event.from_} → {event.to}"
    if isinstance(event, history.ParcelRetired):
        return ", ".join(event.child_keys)
    if isinstance(event, history.RightAdded):
        return f"#{event.right_id} {t('right.' + event.kind.name)}, {event.holder}"
    if isinstance(event, history.RightEnded | history.RightCarried):
        return f"#{event.right_id}"
    if isinstance(event, history.ParcelFrozen | history.ParcelUnfrozen):
        return event.court
    if isinstance(event, history.TransferOpened):
        return f"#{event.transfer_id} {event.seller} → {event.buyer}"
    return ""


def _owners(events: list[history.LandEvent]) -> tuple[str, ...]:
    owners: list[str] = []
    for event in events:
        if isinstance(event, history.ParcelRegistered | history.ParcelDerived):
            owners.append(event.owner)
        elif isinstance(event, history.ParcelTransferred):
            owners.append(event.to)
    return tuple(owners)


def _family(registry: LandRegistry, key: str,
            block: int) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """Ancestors and descendants of ``key`` up to :data:`LINEAGE_DEPTH` generations, as the
    registry knew them at ``block``."""
    generations = {key: 0}
    edges: set[tuple[str, str]] = set()
    for direction in (-1, 1):
        frontier = [key]
        for depth in range(1, LINEAGE_DEPTH + 1):
            following = []
            for at in frontier:
                lineage = registry.lineage(at, block=block)
                for other in (lineage.parents if direction < 0 else lineage.children):
                    edges.add((other, at) if direction < 0 else (at, other))
                    if other not in generations:
                        generations[other] = direction * depth
                        following.append(other)
            frontier = following
    return generations, edges


def read_parcel(site: Site, capakey: str, t: Texts) -> ParcelView:
    """The parcel under ``capakey`` (any notation) from the manifest's LandRegistry, its
    events described in ``t``'s language."""
    key = normalise_capakey(capakey)
    registry = site.client(LandRegistry)
    block = registry.chain.block_number
    trusted = registry.trusted(block=block)
    try:
        parcel = registry.parcel(key, block=block)
    except registry.errors.LandRegistryUnknownParcel:
        raise UnknownParcel("capakey", f"{key}: no such parcel in the registry") from None
    events = registry.history(key, to_block=block)
    generations, edges = _family(registry, key, block)
    return ParcelView(
        parcel=parcel,
        rights=registry.rights(key, block=block),
        freeze=registry.freeze_info(key, block=block),
        events=tuple(Event(type(e).__name__, e.block_number, _when(e.timestamp), _detail(e, t))
                     for e in events),
        owners=_owners(events),
        generations=generations,
        edges=tuple(sorted(edges)),
        trusted=trusted,
    )


async def parcel_page(request: Request, site: Site, lang: str) -> Response:
    """The form, and the parcel when ``capakey`` is given (400 for a malformed key, 404 for
    an unknown one)."""
    capakey = request.query_params.get("capakey", "")
    request.state.template = "parcel.html"
    request.state.context = {"capakey": capakey, "view": None}
    if not capakey.strip():
        return page(request, "parcel.html", lang=lang, **request.state.context)
    t = Texts(lang)
    try:
        normalise_capakey(capakey)
    except InputError:
        raise InputError("capakey", t("parcel.malformed", capakey=capakey.strip())) from None
    try:
        view = await run_in_threadpool(read_parcel, site, capakey, t)
    except UnknownParcel as err:
        key = err.problem.partition(":")[0]
        raise UnknownParcel("capakey", f"{key}: {t('parcel.unknown')}") from None

    def href(key: str) -> str:
        return "/parcel?" + urlencode({"capakey": key, "lang": lang})

    lineage: Markup | None = None
    if len(view.generations) > 1:
        lineage = lineage_svg(view.generations, view.edges, current=view.parcel.capakey,
                              href=href, title=t("parcel.lineage"))
    timeline = timeline_svg([f"{t('event.' + e.name)} ({e.when})" for e in view.events],
                            title=t("parcel.timeline"))
    parents = sorted(k for k, g in view.generations.items() if g == -1)
    children = sorted(k for k, g in view.generations.items() if g == 1)
    return page(request, "parcel.html", lang=lang, capakey=capakey, view=view,
                lineage=lineage, timeline=timeline, parents=parents, children=children,
                href=href, when=_when, area=amounts.whole(view.parcel.area_m2, lang))
