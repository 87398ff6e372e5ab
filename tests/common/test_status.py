"""The status enum and reason codes: Python mirrors the Solidity files and behaviour."""

from __future__ import annotations

import re

import pytest

from blokketen._exceptions import InputError
from blokketen.common.status import (
    REGISTRY_REASON_BASE,
    Reason,
    Status,
    StatusReport,
    check_reason,
)
from blokketen.project import Project

COMMON = Project.find().contracts / "common"


def test_the_enum_mirrors_istatus_sol():
    text = (COMMON / "IStatus.sol").read_text()
    body = re.search(r"enum Status \{(.*?)\}", text, flags=re.DOTALL)
    assert body is not None
    names = [n.strip() for n in body.group(1).split(",")]
    assert names == [s.label for s in Status]


def test_the_shared_reasons_mirror_statuscodes_sol():
    text = (COMMON / "StatusCodes.sol").read_text()
    constants = dict(re.findall(r"uint16 internal constant (\w+) = (\d+);", text))
    shared = {k: int(v) for k, v in constants.items()
              if k not in ("LAST_SHARED_REASON", "REGISTRY_REASON_BASE")}
    assert shared == {r.name: int(r) for r in Reason}
    assert int(constants["LAST_SHARED_REASON"]) == max(Reason)
    assert int(constants["REGISTRY_REASON_BASE"]) == REGISTRY_REASON_BASE


CASES = [(s, r) for s in Status for r in (0, 1, 9, 10, 255, 256, 257, 258, 65535)]


def test_final_statuses_and_reason_rules_equal_the_contract(registry):
    for status in Status:
        assert registry.call("isFinal", int(status)) == status.is_final, status
    for status, reason in CASES:
        try:
            check_reason(status, reason, highest_registry_reason=257)
            python_ok = True
        except InputError:
            python_ok = False
        try:
            registry.call("checkReason", int(status), reason)
            chain_ok = True
        except (registry.errors.StatusUnknownReason, registry.errors.StatusReasonRequired):
            chain_ok = False
        assert python_ok == chain_ok, (status, reason)


def test_check_reason_says_what_is_wrong():
    with pytest.raises(InputError, match="needs a reason"):
        check_reason(Status.REVOKED, 0)
    with pytest.raises(InputError, match="neither"):
        check_reason(Status.REVOKED, 300, highest_registry_reason=299)
    with pytest.raises(InputError, match="uint16"):
        check_reason(Status.ACTIVE, 70000, field="reden")
    assert check_reason(Status.ACTIVE, 0) == 0


def test_a_report_is_valid_only_when_active():
    assert StatusReport(Status.ACTIVE).is_valid
    assert not StatusReport(Status.EXPIRED).is_valid
    assert str(StatusReport(Status.REVOKED, int(Reason.FRAUD))) == "Revoked (fraud)"
    assert str(StatusReport(Status.WITHDRAWN, 300)) == "Withdrawn (registry reason 300)"
    assert str(StatusReport(Status.PENDING)) == "Pending"
