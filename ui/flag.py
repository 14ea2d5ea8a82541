"""A flag raised while a widget changes itself, so that it ignores its own signals."""

from __future__ import annotations


class Flag:
    """False until raised: ``with flag:`` raises it for the block, even when the block fails.

    Attributes:
        raised: Whether the flag is up (set it by hand when the change spans two calls).
    """

    def __init__(self) -> None:
        self.raised = False

    def __bool__(self) -> bool:
        return self.raised

    def __enter__(self) -> None:
        self.raised = True

    def __exit__(self, *_exc: object) -> None:
        self.raised = False
