"""Rules about the contact log that both the complaint path (stages.py) and the bodies'
gates (jurisdiction.py) read; it imports neither, so neither imports the other for it."""

from __future__ import annotations

from letters.casefile.model import Contact, ContactKind

__all__ = ["final_response"]


def final_response(contacts: list[Contact]) -> Contact | None:
    """The company's latest final response (``final: true``), if the user has not filed since."""
    for contact in reversed(contacts):
        if contact.kind is ContactKind.FILING:
            return None
        if contact.kind is ContactKind.REPLY and contact.final:
            return contact
    return None
