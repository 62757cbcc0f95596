"""The stalking and protective orders dashboard's logic, in layers (docs/ARCHITECTURE.md).

``ui`` over ``publish`` and ``uploads``, over ``views``, over ``charts``, over ``figures``, over ``data``;
``build`` makes the bundle that ``data`` reads. Which layer may import which, and that only ``ui`` imports
Streamlit, are import-linter contracts in ``pyproject.toml`` (``make check``), not a list kept here.
"""
