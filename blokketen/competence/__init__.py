"""The competences pilot (VDAB + GO!): competences validated by two parties, disclosed by the
learner claim by claim.

A school (accredited per framework and level range) proposes a batch of learners'
credentials as one Merkle root; a VDAB validator validates or rejects it; each learner keeps a
receipt and shows chosen claims to an employer in a signed presentation; the employer's
verifier checks the claims, the proofs, the registry's status and the learner's signature.
Presentations are signed with :func:`blokketen.competence.client.present`. Pure modules:
:mod:`.claims`, :mod:`.credentials`, :mod:`.receipts`, :mod:`.presentation`,
:mod:`.samples`, :mod:`.types`; the chain side: :mod:`.client`, :mod:`.cli`, :mod:`.demo`.
"""

from blokketen.competence.claims import Claim
from blokketen.competence.credentials import LearnerEntry, PreparedBatch, prepare_batch
from blokketen.competence.presentation import Presentation
from blokketen.competence.receipts import CompetenceReceipt
from blokketen.competence.types import Authenticity, ClaimKind, Framework, Reason, Verdict

__all__ = ["Authenticity", "Claim", "ClaimKind", "CompetenceReceipt", "Framework",
           "LearnerEntry", "PreparedBatch", "Presentation", "Reason", "Verdict", "prepare_batch"]
