"""The one text normalisation for matching, used by extraction, the rules and the claim database alike:
full-width to half-width, spaces removed, look-alike punctuation and traditional forms folded (the table is
models/data/text_folds.yaml)."""
import unicodedata
from pathlib import Path

import yaml

_FOLD = str.maketrans(yaml.safe_load((Path(__file__).parent / "data" / "text_folds.yaml").read_text(encoding="utf-8")))


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), punctuation and traditional forms folded, spaces removed."""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return "".join(folded.split())
