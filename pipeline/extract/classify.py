"""Classify a page into a contract doc type from title and label keywords plus layout cues."""
import math
import re
from functools import cached_property, lru_cache
from importlib.resources import files
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from models.enums import DocType
from models.ocr import OcrLine
from models.text import normalize


class TypeLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    keywords: dict[str, float]
    patterns: dict[str, float] = Field(default_factory=dict)


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title_factor: float = Field(ge=1)
    misread_min_length: int = Field(ge=3)
    misread_factor: float = Field(gt=0, le=1)
    min_score: float = Field(gt=0)
    min_margin: float = Field(ge=0, lt=1)
    temperature: float = Field(gt=0)
    title_top_share: float = Field(gt=0, le=1)
    title_height_factor: float = Field(ge=1)
    title_first_lines: int = Field(ge=0)
    title_max_length: int = Field(ge=2)
    types: dict[DocType, TypeLexicon]

    @cached_property
    def all_keywords(self) -> frozenset[str]:
        """Every keyword of every type."""
        return frozenset(word for lex in self.types.values() for word in lex.keywords)


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The doc-type keyword lexicon (extract/data/doc_types.yaml by default)."""
    source = path or str(files("pipeline.extract") / "data" / "doc_types.yaml")
    return Lexicon.model_validate(yaml.safe_load(Path(source).read_text(encoding="utf-8")))


class Classification(BaseModel):
    doc_type: DocType
    confidence: float
    scores: dict[DocType, float]


def title_lines(lines: list[OcrLine], lexicon: Lexicon) -> list[OcrLine]:
    """The first few lines of the page (``title_first_lines``), and lines in larger type than the median
    (``title_height_factor``) in its top part (``title_top_share``); only lines of at most ``title_max_length``
    characters, since a title is short and a body sentence near the top is not one (a certificate's first
    sentence naming 公民身份号码 must not count as an ID card's title)."""
    if not lines:
        return []
    heights = sorted(ln.height for ln in lines)
    median = heights[len(heights) // 2]
    top, bottom = min(ln.y0 for ln in lines), max(ln.y1 for ln in lines)
    cutoff = top + lexicon.title_top_share * (bottom - top)
    leading = sorted((ln for ln in lines if len(ln.text) >= 2), key=lambda ln: ln.y0)[:lexicon.title_first_lines]
    large = [ln for ln in lines if ln.height >= lexicon.title_height_factor * median and ln.y0 <= cutoff]
    return [ln for ln in dict.fromkeys([*leading, *large]) if len(ln.text) <= lexicon.title_max_length]


@lru_cache(maxsize=4096)
def _misread(word: str) -> re.Pattern[str]:
    """``word`` with any one of its characters misread (门诊病历 also matches 「诊病历)."""
    return re.compile("|".join(re.escape(word[:i]) + "." + re.escape(word[i + 1:]) for i in range(len(word))))


def score_types(lines: list[OcrLine], lexicon: Lexicon) -> dict[DocType, float]:
    """Keyword and pattern score for each doc type; a long keyword read with one character wrong counts
    ``misread_factor`` of its weight."""
    body = normalize("".join(ln.text for ln in lines))
    titles = normalize("".join(ln.text for ln in title_lines(lines, lexicon)))
    scores: dict[DocType, float] = {}
    for doc_type, lex in lexicon.types.items():
        score = 0.0
        for word, weight in lex.keywords.items():
            if word in body:
                score += weight * (lexicon.title_factor if word in titles else 1.0)
            elif len(word) >= lexicon.misread_min_length and any(
                    m[0] not in lexicon.all_keywords for m in _misread(word).finditer(body)):
                score += weight * lexicon.misread_factor  # 居民委员会 read where 村民委员会 is printed does not count
        for pattern, weight in lex.patterns.items():
            if re.search(pattern, body):
                score += weight
        scores[doc_type] = score
    return scores


def classify(lines: list[OcrLine], lexicon: Lexicon | None = None) -> Classification:
    """The best doc type with a confidence; ``other`` when no type scores enough or wins clearly."""
    lexicon = lexicon or load_lexicon()
    scores = score_types(lines, lexicon)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    exps = {t: math.exp((s - top) / lexicon.temperature) for t, s in scores.items()}
    total = sum(exps.values())
    p_top, p_second = exps[best] / total, math.exp((second - top) / lexicon.temperature) / total
    if top < lexicon.min_score:
        return Classification(doc_type=DocType.other, confidence=round(1 - top / (2 * lexicon.min_score), 3),
                              scores=scores)
    if p_top - p_second < lexicon.min_margin:
        return Classification(doc_type=DocType.other, confidence=round(1 - p_top, 3), scores=scores)
    return Classification(doc_type=best, confidence=round(p_top, 3), scores=scores)
