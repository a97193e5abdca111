"""``key：`` with a full-width colon, as Chinese input methods type it: YAML reads no key there.

Both readers of a case file say so in the same words: the loader when the YAML does not
parse, the validation when the line was read as text or as part of another key.
"""

from __future__ import annotations

from letters import rx
from letters.locale import _

__all__ = ["WIDE_KEY", "full_width_colon", "wide_colon"]

#: A line that starts like ``key：``.
WIDE_KEY = rx.compile(r"^[ \t]*(?:-[ \t]+)?([^\s#:'\"：-][^:#：]*?)[ \t]*：")


def wide_colon(key: str) -> str:
    return _('"{key}：" has a full-width colon; after a key write the ASCII colon and a space ("{key}: …")').format(key=key)


def full_width_colon(text: str, up_to: int) -> tuple[int, str] | None:
    """The first line up to ``up_to`` whose key is followed by ``：`` instead of ``:``, and the key."""
    for number, line in enumerate(text.splitlines()[:up_to], start=1):
        found = WIDE_KEY.match(line)
        if found:
            return number, found.group(1)
    return None
