"""The pilot's demo runs on a fresh chain and tells the story it promises."""

from __future__ import annotations

from blokketen.decisions.demo import run_demo


def test_the_demo_signs_proves_amends_and_annuls(bk_chain, bk_accounts, bk_isolated):
    lines: list[str] = []
    run_demo(bk_chain, bk_accounts, lines.append)
    text = "\n".join(lines)
    assert "anchored, signed and published in one transaction" in text
    assert "from the published page alone: valid (version 1, page bytes identical)" in text
    assert "version 1 is superseded" in text and "version 2 is valid" in text
    assert "2026_GR_00032: annulled; 2026_GR_00031 in the same list stays valid" in text


def test_the_demo_checks_the_code_of_a_deployed_registry(bk_chain, bk_accounts,
                                                                  bk_project, bk_isolated):
    """`make demo` hands the demo the registry the deployer made (the whole demo on it runs in
    `make demo`): its code, with the EIP-712 domain in immutables, is compared with the
    project's build; other code is refused."""
    import pytest

    from blokketen._exceptions import UntrustedContract
    from blokketen.decisions.client import LocalDecisionRegistry
    from blokketen.decisions.demo import _built
    from blokketen.decisions.types import ADMIN_DELAY
    from blokketen.diploma.client import DiplomaRegistry

    admin = bk_accounts[0]
    store = bk_project.artifacts()
    deployed = LocalDecisionRegistry.deploy(bk_chain, admin, admin.address, ADMIN_DELAY,
                                            store=store)
    pinned = _built(bk_chain, deployed.address)
    assert pinned.code_hash == deployed.trusted().code_hash
    other = DiplomaRegistry.deploy(bk_chain, admin, admin.address, ADMIN_DELAY, store=store)
    with pytest.raises(UntrustedContract):
        _built(bk_chain, other.address)
