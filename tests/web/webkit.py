"""Shared helpers of the web tests: what a person reads on a page, and the field an error
names."""

from __future__ import annotations

import re


def text(html: str) -> str:
    """The words of a page, without tags (for assertions on what a person reads)."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def field_error(html: str) -> str:
    """The field an error message names (empty when the message names none)."""
    found = re.search(r'<div class="message error" role="alert".*?<code>(.*?)</code>', html,
                      re.S)
    return found.group(1) if found else ""


def classes(html: str) -> list[tuple[str, str]]:
    """(pass|fail|notrun, check name) of every check on the Verify page, in order."""
    return re.findall(r'<li class="(pass|fail|notrun)" data-check="(\w+)"', html)
