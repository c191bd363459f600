"""The small shapes beside a status, a phone number or a private note in the HTML views.

Drawn by code: a template's macro cost more to call than the shape costs to write, and a
five-year plan shows one beside each of its hundreds of goals. The shapes are decoration
(``aria-hidden``): the words beside them say the same, so colour or shape is never the only sign.
"""

from __future__ import annotations

from markupsafe import Markup

__all__ = ["svg_icon"]

_OPEN = (
    '<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="16" '
    'height="16">'
)

_SHAPES: tuple[tuple[str, str], ...] = (
    (
        "achieved",
        '<path d="M3 8.5l3.2 3.2L13 4.8" fill="none" stroke="currentColor" stroke-width="2.2" '
        'stroke-linecap="round" stroke-linejoin="round"/>',
    ),
    (
        "active",
        '<path d="M2.5 8h9M8 4l4 4-4 4" fill="none" stroke="currentColor" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round"/>',
    ),
    (
        "planned",
        '<circle cx="8" cy="8" r="5" fill="none" stroke="currentColor" stroke-width="2"/>',
    ),
    (
        "on-hold",
        '<path d="M5.5 3.5v9M10.5 3.5v9" stroke="currentColor" stroke-width="2.2" '
        'stroke-linecap="round"/>',
    ),
    (
        "phone",
        '<path d="M4.6 1.8l2 2.6-1.2 1.6a8 8 0 004.6 4.6l1.6-1.2 2.6 2-1.3 2.1C8 13.4 2.6 8 '
        '1.8 3.1z" fill="currentColor"/>',
    ),
    (
        "lock",
        '<path d="M4.5 7V5a3.5 3.5 0 017 0v2M3.5 7h9v7h-9z" fill="none" stroke="currentColor" '
        'stroke-width="1.8" stroke-linejoin="round"/>',
    ),
)

_OTHER = '<path d="M4 8h8" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>'
"""A dash, for a status without a shape of its own (not achieved, dropped)."""

_ICONS = {name: Markup(_OPEN + shape + "</svg>") for name, shape in _SHAPES}
_DASH = Markup(_OPEN + _OTHER + "</svg>")


def svg_icon(name: object) -> Markup:
    """The icon called ``name`` (a status, or "phone" or "lock"), as inline SVG markup."""
    for known, icon in _ICONS.items():
        if name == known:
            return icon
    return _DASH
