"""Packaged reference data (TOML): the agency gazetteer, provinces, abbreviations, cue words...

>>> load_toml("abbreviations")["abbreviation"][0]["forms"]
['UBND']
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any


def load_toml(name: str) -> dict[str, Any]:
    """Parse ``theodoi/data/<name>`` (the ``.toml`` suffix may be left out) once and cache it.

    The result is shared between callers: do not mutate it.
    """
    return _load(name if name.endswith(".toml") else f"{name}.toml")


@lru_cache(maxsize=64)
def _load(filename: str) -> dict[str, Any]:
    with resources.files(__name__).joinpath(filename).open("rb") as handle:
        return tomllib.load(handle)


def data_files(suffix: str = ".toml") -> list[str]:
    """Names of the packaged data files ending with ``suffix``."""
    return sorted(p.name for p in resources.files(__name__).iterdir() if p.name.endswith(suffix))
