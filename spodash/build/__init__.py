"""The data build: raw public sources in ``../shared/data/raw`` -> the bundle in ``data/`` and ``geo/``.

Run ``python -m spodash.build`` (``--raw DIR`` or ``SPODASH_RAW_DIR`` to read elsewhere).
It fails loudly on anything it cannot place; it never fills a gap.
"""
from __future__ import annotations


class BuildError(RuntimeError):
    """Something in a raw file the build does not know how to place."""
