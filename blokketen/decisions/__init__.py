"""The local council decisions pilot (LBLOD), one room:

- :mod:`~blokketen.decisions.types` value types (kinds, states, references, verdicts,
  deadline evidence); :mod:`~blokketen.decisions.canon` RDFC-1.0 under a work limit;
  :mod:`~blokketen.decisions.page` a published page to its checked graph, decisions, leaves
  and root; :mod:`~blokketen.decisions.ldes` checkpoints of an event stream. None needs a chain.
- :mod:`~blokketen.decisions.client` the typed client :class:`LocalDecisionRegistry` and
  the EIP-712 message a signer signs (:class:`~blokketen.decisions.client.SignRequest`).
- :mod:`~blokketen.decisions.cli` the ``blokketen decisions ...`` verbs,
  :mod:`~blokketen.decisions.demo` its part of ``make demo``,
  :mod:`~blokketen.decisions.pilot` its registration.

This package exports what needs no chain; import the client from its module.
"""

from typing import TYPE_CHECKING, Any

from blokketen.decisions.types import (
    ADMIN_DELAY,
    Annulment,
    Deadlines,
    DecisionVerification,
    Document,
    DocumentKind,
    DocumentRef,
    DocumentState,
)

if TYPE_CHECKING:
    from blokketen.decisions.canon import DEFAULT_MAX_WORK, canonical_nquads, graph_hash
    from blokketen.decisions.page import (
        DECISION_TAG,
        PRIVATE_DECISION_TAG,
        Decision,
        DecisionPage,
        decision_leaf,
        parse_page,
        read_page,
        uri_hash,
    )

_LAZY = {
    "DEFAULT_MAX_WORK": "canon", "canonical_nquads": "canon", "graph_hash": "canon",
    "DECISION_TAG": "page", "PRIVATE_DECISION_TAG": "page", "Decision": "page",
    "DecisionPage": "page", "decision_leaf": "page", "parse_page": "page", "read_page": "page",
    "uri_hash": "page",
}
"""Names loaded on first use: the RDF libraries (rdflib, pyld) stay out of `blokketen --help`."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"blokketen.decisions.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'blokketen.decisions' has no attribute {name!r}")


__all__ = [
    "ADMIN_DELAY",
    "DECISION_TAG",
    "DEFAULT_MAX_WORK",
    "PRIVATE_DECISION_TAG",
    "Annulment",
    "Deadlines",
    "Decision",
    "DecisionPage",
    "DecisionVerification",
    "Document",
    "DocumentKind",
    "DocumentRef",
    "DocumentState",
    "canonical_nquads",
    "decision_leaf",
    "graph_hash",
    "parse_page",
    "read_page",
    "uri_hash",
]
