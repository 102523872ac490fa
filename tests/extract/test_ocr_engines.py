"""The two OCR engines and the model folders they read, on a generated page's real pixels."""
import difflib
import random

import numpy as np
import pytest
import yaml

from models.enums import DocType
from pipeline.extract.ocr import PaddleOcrEngine, RapidOcrEngine
from pipeline.extract.ocr_models import REC_NAME, STOCK_REC_WIDTH, ensure_model_dirs
from pipeline.extract.settings import load_settings
from synthetic.render import render_page


def _rec_width(folder) -> int:
    config = yaml.safe_load((folder / "inference.yml").read_text(encoding="utf-8"))
    resize = next(op["RecResizeImg"] for op in config["PreProcess"]["transform_ops"] if "RecResizeImg" in op)
    return resize["image_shape"][2]


def test_a_narrow_recogniser_width_gets_its_own_folder_beside_the_stock_one(tmp_path) -> None:
    stock = ensure_model_dirs(tmp_path)
    narrow = ensure_model_dirs(tmp_path, rec_min_width=48)
    assert stock.rec.name == REC_NAME and _rec_width(stock.rec) == STOCK_REC_WIDTH
    assert narrow.rec != stock.rec and _rec_width(narrow.rec) == 48
    assert narrow.det == stock.det
    assert (narrow.rec / "inference.onnx").resolve() == (stock.rec / "inference.onnx").resolve()


def test_a_folder_whose_model_link_dangles_is_built_again(tmp_path) -> None:
    """A folder built through a venv that has since moved or gone (its link dangles) is rebuilt, not used."""
    dirs = ensure_model_dirs(tmp_path)
    link = dirs.det / "inference.onnx"
    link.unlink()
    link.symlink_to(tmp_path / "gone" / "inference.onnx")
    assert not link.is_file()
    again = ensure_model_dirs(tmp_path)
    assert (again.det / "inference.onnx").is_file() and (again.det / "inference.yml").is_file()
    target = (again.det / "inference.onnx").readlink()
    assert target == target.resolve()  # linked to the file itself, not through a venv's own links


def _page_text(engine, image: np.ndarray) -> str:
    lines = engine.recognize(image)
    return "\n".join(ln.text for ln in sorted(lines, key=lambda ln: (round(ln.cy / 20), ln.x0)))


@pytest.mark.ocr
@pytest.mark.parametrize("engine_class", [PaddleOcrEngine, RapidOcrEngine])
def test_the_narrow_recogniser_reads_a_page_as_the_stock_one_does(engine_class) -> None:
    """Padding short lines to 48 px instead of 320 must not change what is read (it only saves time)."""
    page = render_page(DocType.hospital_invoice, random.Random("engines:invoice"), None)
    image = np.ascontiguousarray(np.asarray(page.image.convert("RGB"))[:, :, ::-1])
    ocr = load_settings().ocr
    narrow = _page_text(engine_class(ocr.model_copy(update={"rec_min_width": 48})), image)
    stock = _page_text(engine_class(ocr.model_copy(update={"rec_min_width": STOCK_REC_WIDTH})), image)
    assert len(stock) > 200
    assert difflib.SequenceMatcher(None, narrow, stock).ratio() > 0.98, (narrow, stock)
    assert str(page.truth["name"]) in narrow and f"{page.truth['total_amount']:.2f}" in narrow
