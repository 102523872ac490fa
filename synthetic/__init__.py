"""Seeded synthetic phone photos of claim documents for tests and benchmarks.

render_page() draws a clean document page with the truth of its contract key fields, from the tuned
layout family or the blind one (synthetic/blind, never tuned against), photograph()
turns it into a phone photo (optionally a deliberately bad one), generate() streams both as JPEGs.
"""
from synthetic.dataset import SyntheticPhoto, generate, make_photo
from synthetic.photo import DEFECTS, PhotoMeta, photograph
from synthetic.render import BLIND, FAMILIES, LAYOUTS, RenderedPage, render_page
from synthetic.textfmt import money_upper

__all__ = ["BLIND", "DEFECTS", "FAMILIES", "LAYOUTS", "PhotoMeta", "RenderedPage", "SyntheticPhoto", "generate",
           "make_photo", "money_upper", "photograph", "render_page"]
