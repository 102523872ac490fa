"""PaddleX-format model folders for PaddleOCR, built offline from the ONNX models inside the rapidocr wheel.

paddleocr's onnxruntime engine wants a folder holding ``inference.onnx`` beside an ``inference.yml``
whose ``Global.model_name`` is the name passed. The PP-OCRv6 small det/rec models ship in the
``rapidocr`` wheel; the recogniser's character list is read from the ONNX file's metadata.
Nothing is ever downloaded.
"""
import contextlib
import os
import shutil
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

DET_NAME = "PP-OCRv6_small_det"
REC_NAME = "PP-OCRv6_small_rec"
_WHEEL_FILES = {DET_NAME: "PP-OCRv6_det_small.onnx", REC_NAME: "PP-OCRv6_rec_small.onnx"}
CONFIG_FORMAT = 2  # raised when the configs written change, so that folders built before are not used
STOCK_REC_WIDTH = 320  # PP-OCR's own recogniser config pads every text line to at least this width


@dataclass(frozen=True)
class ModelDirs:
    det: Path
    rec: Path


def wheel_model_file(name: str) -> Path:
    """The ONNX file for ``name`` inside the installed rapidocr package."""
    import rapidocr

    path = (Path(rapidocr.__file__).parent / "models" / _WHEEL_FILES[name]).resolve()  # the file, not a link
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: reinstall rapidocr=={version('rapidocr')}")
    return path


def _det_config() -> dict:
    return {
        "Global": {"model_name": DET_NAME},
        "PreProcess": {"transform_ops": [
            {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
            {"DetLabelEncode": None},
            {"DetResizeForTest": None},
            {"NormalizeImage": {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
                                "scale": "1./255.", "order": "hwc"}},
            {"ToCHWImage": None},
            {"KeepKeys": {"keep_keys": ["image", "shape", "polys", "ignore_tags"]}},
        ]},
        "PostProcess": {"name": "DBPostProcess", "thresh": 0.2, "box_thresh": 0.45,
                        "max_candidates": 3000, "unclip_ratio": 1.4},
    }


def _rec_config(onnx_file: Path, min_width: int) -> dict:
    import onnxruntime as ort

    meta = ort.InferenceSession(str(onnx_file), providers=["CPUExecutionProvider"]).get_modelmeta()
    characters = meta.custom_metadata_map["character"].split("\n")
    joined = "".join(characters)  # one YAML string, not ~18,700 list items: parsed in ms, not 0.45 s per process
    return {
        "Global": {"model_name": REC_NAME},
        "PreProcess": {"transform_ops": [
            {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
            {"MultiLabelEncode": {"gtc_encode": "NRTRLabelEncode"}},
            {"RecResizeImg": {"image_shape": [3, 48, min_width]}},
            {"KeepKeys": {"keep_keys": ["image", "label_ctc", "label_gtc", "length", "valid_ratio"]}},
        ]},
        "PostProcess": {"name": "CTCLabelDecode",  # paddlex takes list(character_dict): the same characters
                        "character_dict": joined if len(joined) == len(characters) else characters},
    }


def default_models_root() -> Path:
    """Where built folders live: CLAIMFLOW_MODELS_DIR, else ~/.cache/claimflow/ocr-models."""
    root = os.environ.get("CLAIMFLOW_MODELS_DIR") or Path.home() / ".cache" / "claimflow" / "ocr-models"
    return Path(root) / f"rapidocr-{version('rapidocr')}-config{CONFIG_FORMAT}"


def _build_one(name: str, target: Path, rec_min_width: int) -> None:
    onnx_file = wheel_model_file(name)
    config = _det_config() if name == DET_NAME else _rec_config(onnx_file, rec_min_width)
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        (tmp / "inference.onnx").symlink_to(onnx_file)
    except OSError:
        shutil.copyfile(onnx_file, tmp / "inference.onnx")
    (tmp / "inference.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    if target.exists() and not _usable(target):  # left by a venv that has since moved or gone: set it aside
        stale = target.with_name(target.name + f".stale{os.getpid()}")
        with contextlib.suppress(OSError):
            target.rename(stale)
        shutil.rmtree(stale, ignore_errors=True)
    try:
        tmp.rename(target)  # atomic: concurrent workers never see a half-built folder
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not _usable(target):
            raise


def _usable(folder: Path) -> bool:
    """A built folder whose config is there and whose model file can be opened (its link not dangling)."""
    return (folder / "inference.yml").is_file() and (folder / "inference.onnx").is_file()


def ensure_model_dirs(root: Path | None = None, rec_min_width: int = STOCK_REC_WIDTH) -> ModelDirs:
    """Build (once) and return the det/rec model folders for paddleocr. The recogniser pads short lines to
    ``rec_min_width``; the stock width keeps PP-OCR's own config, another gets a folder of its own."""
    root = root or default_models_root()
    rec_folder = REC_NAME if rec_min_width == STOCK_REC_WIDTH else f"{REC_NAME}-w{rec_min_width}"
    dirs = ModelDirs(det=root / DET_NAME, rec=root / rec_folder)
    for name, path in ((DET_NAME, dirs.det), (REC_NAME, dirs.rec)):
        if not _usable(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            _build_one(name, path, rec_min_width)
    return dirs
