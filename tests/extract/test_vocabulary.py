"""Known terms put a misread window right only where the recogniser allows it; numbered lists split in order."""
import random

import pytest

from pipeline.extract.fields.values import numbered_items
from pipeline.extract.settings import load_settings
from pipeline.extract.vocabulary import correct, known_terms

SETTINGS = load_settings().vocabulary


def _scorer(likely: dict[str, float]):
    """The recogniser's score as the stage computes it from a line's probabilities (best_path_gap, tested on
    matrices in test_seal.py): listed texts score their value, anything else far below."""
    return lambda text: likely.get(text, -20.0)


def test_a_window_the_recogniser_nearly_read_as_a_term_is_put_right() -> None:
    read = "左候骨骨折;冠状动脉粥样硬化性心脏病"
    assert correct(read, known_terms("medical_terms"), _scorer({"候骨骨折": 0.0, "髌骨骨折": -2.0}), SETTINGS) == \
        "左髌骨骨折;冠状动脉粥样硬化性心脏病"


@pytest.mark.parametrize("likely, why", [
    ({"候骨骨折": 0.0, "髌骨骨折": -9.0}, "the recogniser gave the term's character no weight"),
    ({"候骨骨折": 0.0, "髌骨骨折": -2.0, "鼻骨骨折": -2.5}, "two terms fit the window about as well"),
    ({"候骨骨折": -9.0, "髌骨骨折": -2.0}, "the window is not on the line read"),
])
def test_a_window_is_left_as_read(likely: dict[str, float], why: str) -> None:
    assert correct("左候骨骨折", known_terms("medical_terms"), _scorer(likely), SETTINGS) is None, why


def test_a_window_that_is_a_term_or_far_from_every_term_is_never_changed() -> None:
    rng = random.Random(4)
    for term in rng.sample(known_terms("medical_terms"), 30):
        assert correct(term, known_terms("medical_terms"), lambda text: 0.0, SETTINGS) in (None, term)
    assert correct("手外伤", known_terms("medical_terms"), lambda text: 0.0, SETTINGS) is None


def test_two_characters_may_change_only_in_a_longer_term() -> None:
    likely = {"失曲性休见": 0.0, "失血性休克": -3.0}
    assert correct("多发伤;失曲性休见", known_terms("medical_terms"), _scorer(likely), SETTINGS) == "多发伤;失血性休克"
    likely = {"候骨骨伤": 0.0, "髌骨骨折": -3.0}
    assert correct("左候骨骨伤", known_terms("medical_terms"), _scorer(likely), SETTINGS) is None


def test_an_airport_misread_on_a_boarding_pass_is_put_right() -> None:
    likely = {"湖阳潮汕": 0.0, "揭阳潮汕": -2.5}
    assert correct("湖阳潮汕", known_terms("places"), _scorer(likely), SETTINGS) == "揭阳潮汕"


@pytest.mark.parametrize("text, items", [
    ("1.左股骨粗隆间骨折 2.左髌骨骨折 3.2型糖尿病", "左股骨粗隆间骨折;左髌骨骨折;2型糖尿病"),
    ("胸12椎体压缩性骨折2.2型糖尿病", "胸12椎体压缩性骨折;2型糖尿病"),  # its 1. lost with the label
    ("(1)头皮裂伤(2)脑震荡", "头皮裂伤;脑震荡"),
    ("1、右锁骨骨折 2、高血压病", "右锁骨骨折;高血压病"),
    ("腰1椎体压缩性骨折", "腰1椎体压缩性骨折"),
    ("右踝关节骨折;慢性支气管炎", "右踝关节骨折;慢性支气管炎"),
])
def test_numbered_items_follow_their_order(text: str, items: str) -> None:
    assert numbered_items(text) == items
