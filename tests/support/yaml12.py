"""Writing YAML that every reader reads the same, as a plan's YAML must be.

PyYAML writes YAML 1.1: it quotes text that 1.1 would read as something else (``"yes"``) but
not text that only YAML 1.2 would (``08``, ``1e3``), which the loader rightly refuses. This
dumper quotes both.
"""

from __future__ import annotations

from typing import Any

import yaml

from recoveryplan._yaml import _AMBIGUOUS


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_implicit_resolver("tag:yaml.org,2002:int", _AMBIGUOUS, list("-+.0123456789yYnNoO"))


def safe_dump(data: Any, **options: Any) -> str:
    text: str = yaml.dump(data, Dumper=_Dumper, **options)
    return text
