"""Helpers the local decisions tests share: signatures, a published document, state snapshots."""

from __future__ import annotations

from typing import Any

from blokketen.decisions import DocumentKind, DocumentRef

DL = DocumentKind.DECISION_LIST
MINUTES = DocumentKind.MINUTES
ANNULLED = "http://data.lblod.info/id/besluiten/2026_GR_00032"
OTHER = "http://data.lblod.info/id/besluiten/2026_GR_00031"


def signature(registry: Any, ref: DocumentRef, page: Any, role: str, key: Any, **kw: Any) -> Any:
    """``key``'s own signature of ``page`` as ``ref`` in ``role`` (signer, nonce, deadline, sig)."""
    request = registry.sign_request(ref, page, role=role, signer=key.address, **kw)
    return registry.signature_of(key, request)


def publish_signed(registry: Any, actors: Any, page: Any, kind: DocumentKind = DL,
                   chair: Any = None, secretary: Any = None) -> DocumentRef:
    """Anchor, sign (council chair and secretary) and publish ``page`` as the next version."""
    publisher = registry.as_sender(actors.publisher)
    ref = publisher.anchor(page, kind=kind)
    for role, key in (("chair", chair or actors.chair),
                      ("secretary", secretary or actors.secretary)):
        publisher.submit_signature(ref, role=role,
                                   signature=signature(registry, ref, page, role, key))
    publisher.publish(ref)
    assert ref.version >= 1, ref
    return ref


def state(registry: Any, ref: DocumentRef) -> tuple[Any, ...]:
    """What a refused call must leave unchanged: the document, the latest version, the
    annulments of the sample decisions, the signers' nonces, the event count."""
    actors_nonces = tuple(registry._call("nonces", a) for a in _SIGNERS)
    return (registry.document(ref),
            registry.latest_version(ref.body_id, ref.session_id, ref.kind),
            registry.annulment(ref.body_id, ANNULLED), registry.annulment(ref.body_id, OTHER),
            actors_nonces, len(registry.events()))


_SIGNERS: list[str] = []


def watch_signers(*accounts: Any) -> None:
    """Include these accounts' nonces in :func:`state`."""
    _SIGNERS[:] = [a.address for a in accounts]


def deploy(chain: Any, project: Any, admin: Any) -> Any:
    from blokketen.decisions.client import LocalDecisionRegistry
    from blokketen.decisions.pilot import constructor_args

    return LocalDecisionRegistry.deploy(chain, admin,
                                        *constructor_args("LocalDecisionRegistry", admin.address),
                                        store=project.artifacts())
