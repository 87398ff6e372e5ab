"""The contract layer without a chain: the fast decoding of bulk reads, the shared input
checks."""

from __future__ import annotations

import enum

import pytest
from eth_abi import encode
from eth_utils import to_checksum_address
from hypothesis import given, settings
from hypothesis import strategies as st

from blokketen import InputError
from blokketen.contract import checks as check
from blokketen.contract.abi import Function

ROWS = Function.from_abi({
    "type": "function", "name": "rows", "inputs": [], "stateMutability": "view",
    "outputs": [{"name": "list", "type": "tuple[]", "components": [
        {"name": "who", "type": "address"}, {"name": "size", "type": "uint48"},
        {"name": "on", "type": "bool"}, {"name": "tag", "type": "bytes4"},
        {"name": "hash", "type": "bytes32"}]}],
})
TYPES = ["(address,uint48,bool,bytes4,bytes32)[]"]
ROW = st.tuples(st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex()),
                st.integers(0, 2**48 - 1), st.booleans(), st.binary(min_size=4, max_size=4),
                st.binary(min_size=32, max_size=32))


@settings(max_examples=60, deadline=None)
@given(st.lists(ROW, max_size=20))
def test_a_static_tuple_array_decodes_like_eth_abi(rows):
    data = encode(TYPES, [rows])
    plain = ROWS.decode(data, checksum=False)
    assert plain == tuple(rows)
    assert ROWS.decode(data) == tuple((to_checksum_address(r[0]), *r[1:]) for r in rows)


def test_bad_words_are_left_to_eth_abi():
    data = bytearray(encode(TYPES, [[("0x" + "11" * 20, 5, True, b"abcd", b"\1" * 32)]]))
    data[64] = 1  # the address word's padding
    with pytest.raises(Exception, match="[Pp]adding"):
        ROWS.decode(bytes(data))
    with pytest.raises(Exception):  # noqa: B017 - eth-abi's own error for short data
        ROWS.decode(bytes(data[:-1]))


class Colour(enum.IntEnum):
    RED = 0
    DARK_BLUE = 1


@pytest.mark.parametrize("given_", [Colour.DARK_BLUE, 1, "1", "dark-blue", " Dark Blue ",
                                    "DARK_BLUE"])
def test_member_accepts_the_member_its_number_or_its_name(given_):
    assert check.member("colour", given_, Colour) is Colour.DARK_BLUE


@pytest.mark.parametrize("given_", [2, -1, "green", "", None, True, 1.0, b"1"])
def test_member_refuses_anything_else_naming_the_field(given_):
    with pytest.raises(InputError, match="^colour: one of red, dark-blue"):
        check.member("colour", given_, Colour)


def test_address_checks_the_checksum_and_returns_it():
    good = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    assert check.address("a", good.lower()) == check.address("a", good) == good
    assert check.address("a", "0x" + good[2:].upper()) == good
    for bad, problem in [(good.replace("C", "c", 1), "checksum"), (good[:-1], "not an address"),
                         ("0x" + "00" * 20, "zero"), (None, "not an address"),
                         (good[2:], "not an address"), ("0x" + "g" * 40, "not an address")]:
        with pytest.raises(InputError, match=problem):
            check.address("a", bad)
    assert check.address("a", "0x" + "00" * 20, zero_ok=True) == "0x" + "00" * 20


def test_words_serials_and_instances():
    word = b"\x01" * 32
    assert check.words32("proof", [word, "0x" + "01" * 32]) == [word, word]
    with pytest.raises(InputError, match="proof"):
        check.words32("proof", [word, "0x" + "01" * 32], text_ok=False)
    with pytest.raises(InputError, match="proof"):
        check.words32("proof", word)
    assert check.serial("id", 1) == 1 and check.serial("id", check.UINT256_MAX)
    for bad in (0, -1, check.UINT256_MAX + 1, True, "1"):
        with pytest.raises(InputError, match="^id:"):
            check.serial("id", bad)
    assert check.instance("colour", Colour.RED, Colour) is Colour.RED
    with pytest.raises(InputError, match="colour: a Colour expected, not int"):
        check.instance("colour", 0, Colour)
