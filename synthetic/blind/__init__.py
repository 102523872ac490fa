"""Blind layout families: one or more per doc type, written from how real paper varies, never tuned against.

These layouts were decided before any extraction result on them was seen. Extraction code must not be
changed because of a miss on one of them; bench/extract.py and bench/triage.py report them apart.
Each module exports LAYOUTS: {doc_type: {layout name: renderer}}; renderers take the same sampled
values as the tuned layouts of their doc type (synthetic.pages.SPECS[doc_type].sample).
"""
from models.enums import DocType
from synthetic.pages.base import Layout

BLIND_LAYOUTS: dict[DocType, dict[str, Layout]] = {t: {} for t in DocType}


def _register(*modules: object) -> None:
    for module in modules:
        for doc_type, layouts in module.LAYOUTS.items():  # type: ignore[attr-defined]
            BLIND_LAYOUTS[DocType(doc_type)].update(layouts)


def _load() -> None:
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        _register(importlib.import_module(f"{__name__}.{info.name}"))


_load()
