"""Role windows as a verifier reads them, without a chain."""

from __future__ import annotations

import pytest

from blokketen._exceptions import InputError
from blokketen.common.roles import OPEN_ENDED, RoleWindow, holds_at


def test_a_window_counts_from_the_later_of_decision_and_record():
    backdated = RoleWindow(valid_from=100, valid_until=OPEN_ENDED, recorded_at=500)
    assert (backdated.effective_from, backdated.effective_until) == (500, OPEN_ENDED)
    assert not backdated.counts_at(499) and backdated.counts_at(500)


def test_a_window_ends_at_the_earlier_of_term_and_end():
    ended = RoleWindow(valid_from=100, valid_until=1000, recorded_at=50, ended_at=700)
    assert ended.effective_until == 700 and ended.ended
    assert ended.counts_at(699) and not ended.counts_at(700)
    lapsed = RoleWindow(valid_from=100, valid_until=600, recorded_at=50, ended_at=700)
    assert lapsed.effective_until == 600


def test_holds_at_vouches_for_no_future():
    windows = [RoleWindow(0, OPEN_ENDED, 10)]
    assert holds_at(windows, 20, now=20)
    assert not holds_at(windows, 21, now=20)
    assert not holds_at([], 5, now=20)


def test_from_tuple_wants_four_numbers():
    assert RoleWindow.from_tuple((1, 2, 3, 0)) == RoleWindow(1, 2, 3, 0)
    with pytest.raises(InputError):
        RoleWindow.from_tuple((1, 2, 3))
