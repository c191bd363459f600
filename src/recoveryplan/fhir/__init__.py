"""FHIR R4: a plan as a ``Bundle`` of standard resources, and such a bundle back as a plan.

``to_fhir`` writes what FHIR has elements for into those elements and the rest into this
project's extensions (see ``docs/fhir.md``); ``from_fhir`` reads either our own bundles, exactly,
or bundles from elsewhere, as far as they go, saying what it could not map.
"""

from __future__ import annotations

from .export import to_fhir
from .importing import fhir_revision, from_fhir

__all__ = ["fhir_revision", "from_fhir", "to_fhir"]
