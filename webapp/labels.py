"""The web app's words: checklist lines and reason details in Chinese, over the shared vocabulary
(models.labels, ``models/data/labels.yaml``)."""
from __future__ import annotations

import re
from functools import lru_cache

from models.labels import label, labels

__all__ = ["checklist_line", "label", "labels", "reason_detail", "word"]


def checklist_line(line: str) -> str:
    """A checklist line such as ``expense_list|hospital_invoice`` as 费用清单或医疗收费票据."""
    return "或".join(label("doc_types", part) for part in line.split("|"))


def word(text: str) -> str:
    """One term of a reason's detail in Chinese: a doc type, field, transport mode, claim type or other word, a
    ``doc_type.field`` pair, a photo (its file name), or ``a+b`` of them; other text stays as it is."""
    if "+" in text:
        return "、".join(word(part) for part in text.split("+"))
    if text.startswith("intake/"):
        return text.rsplit("/", 1)[-1]
    doc_type, _, field = text.partition(".")
    if field and doc_type in labels()["doc_types"]:
        return f"{label('doc_types', doc_type)}·{label('fields', field)}"
    for group in ("doc_types", "fields", "transport_modes", "claim_types", "words"):
        if text in labels()[group]:
            return label(group, text)
    return text


@lru_cache
def _detail_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), words) for pattern, words in labels()["reason_details"]]


def reason_detail(code: str, detail: str | None) -> str:
    """A reason's detail in Chinese: the missing documents, a known sentence of the rules (``reason_details``)
    with its terms in words, or a single term."""
    if not detail:
        return ""
    if code == "MISSING_DOCUMENT":
        return checklist_line(detail)
    for pattern, words in _detail_patterns():
        match = pattern.fullmatch(detail)
        if match:
            return _fill(words, [word(group) for group in match.groups()])
    return word(detail)


def _fill(words: str, terms: list[str]) -> str:
    """``words`` with {1}, {2} … replaced by the terms."""
    return re.sub(r"\{(\d)\}", lambda m: terms[int(m.group(1)) - 1], words)
