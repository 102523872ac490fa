"""Text normalisation for matching: full-width to half-width, spaces and look-alike punctuation folded."""
import unicodedata

_FOLD = str.maketrans({"：": ":", "（": "(", "）": ")", "，": ",", "。": ".", "－": "-", "—": "-", "·": "·",
                       "．": ".", "〇": "0", "Ｏ": "0",
                       "粵": "粤", "廣": "广", "東": "东", "車": "车", "據": "据"})


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), punctuation folded, spaces removed."""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return "".join(folded.split())
