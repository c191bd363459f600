"""Outcomes frameworks: the life domains that outcomes, assessment items and ratings belong to.

Organisations bring their own framework through the ``register_frameworks`` hook; the ones the
library ships are registered through the very same hook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

__all__ = ["N_", "Domain", "Framework", "RatingScale"]


def N_(message: str) -> str:
    """Mark a framework's words for the catalogues (``make translations`` extracts them)
    without translating them: they are translated when a copy is written, in its language
    (:meth:`Framework.translated`), not once when the module is imported."""
    return message


def _tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(values)


def _labels(values: Mapping[int, str]) -> dict[int, str]:
    return dict(values)


@attrs.frozen
class Domain:
    """One life domain of a framework, such as "connectedness"."""

    id: str
    name: str
    description: str = ""


@attrs.frozen
class RatingScale:
    """The whole numbers a person rates a domain with, and words for some of them."""

    minimum: int
    maximum: int
    labels: dict[int, str] = attrs.field(factory=dict, converter=_labels)

    def __attrs_post_init__(self) -> None:
        if self.minimum >= self.maximum:
            raise ValueError(
                f"a rating scale needs minimum < maximum, not {self.minimum}..{self.maximum}"
            )

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.minimum <= value <= self.maximum

    def label(self, value: int) -> str:
        """The words for a value, or the number itself when the scale names none."""
        return self.labels.get(value, str(value))


@attrs.frozen
class Framework:
    """An outcomes framework: an id, a name, its domains and, optionally, a rating scale.

    ``source`` cites where the framework comes from and ``licence`` says on what terms it may
    be used: some frameworks may not be shipped without their owner's approval.
    """

    id: str
    name: str
    domains: tuple[Domain, ...] = attrs.field(converter=_tuple)
    rating_scale: RatingScale | None = None
    version: str | None = None
    source: str | None = None
    licence: str | None = None

    def domain(self, id: str) -> Domain | None:
        """The domain with this id, if the framework has one."""
        for domain in self.domains:
            if domain.id == id:
                return domain
        return None

    def translated(self, gettext: Callable[[str], str]) -> Framework:
        """The framework as a copy in another language shows it: its name, its domains' names
        and descriptions and its scale's labels through ``gettext`` (the copy's catalogue,
        with a plugin's own on top, so a plugin's framework is translated by its catalogue
        and otherwise stays as written)."""
        scale = self.rating_scale
        if scale is not None:
            scale = attrs.evolve(
                scale, labels={value: gettext(label) for value, label in scale.labels.items()}
            )
        return attrs.evolve(
            self,
            name=gettext(self.name),
            domains=tuple(
                attrs.evolve(
                    d, name=gettext(d.name), description=d.description and gettext(d.description)
                )
                for d in self.domains
            ),
            rating_scale=scale,
        )

    @property
    def domain_ids(self) -> list[str]:
        return [domain.id for domain in self.domains]
