"""Shared building blocks of the model."""

from __future__ import annotations

from ._fields import Enumeration

__all__ = ["Enumeration", "PersonRef"]

PersonRef = str
"""Who someone is in a plan: ``"person"`` (the plan's subject), ``"service"``, or a circle id.
Fields that hold one say so in their metadata (``refers_to="person"``)."""
