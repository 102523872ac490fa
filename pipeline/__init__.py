"""claimflow's pipeline: extraction, validation and routing stages, the flows and the CLI that compose them."""
import hashlib
import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

try:
    __version__ = version("claimflow")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+local"


def _code_fingerprint() -> str:
    """Short hash of the extraction code, every data file it reads (and the text normalisation in models) and
    the effective extraction settings (a file named by CLAIMFLOW_EXTRACTION_CONFIG, parsed, so comments do not
    count): any change there invalidates cached extractions."""
    root = Path(__file__).resolve().parent
    extract = root / "extract"
    digest = hashlib.sha256()
    text = root.parent / "models"  # the text normalisation extraction matches with
    for path in sorted([*extract.rglob("*.py"), *(p for p in (extract / "data").rglob("*") if p.is_file()),
                        text / "text.py", text / "data" / "text_folds.yaml"]):
        digest.update(path.relative_to(root.parent).as_posix().encode())
        digest.update(path.read_bytes())
    override = os.environ.get("CLAIMFLOW_EXTRACTION_CONFIG")
    if override:
        settings = yaml.safe_load(Path(override).read_text(encoding="utf-8"))
        digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:8]


PIPELINE_VERSION = f"{__version__}+{_code_fingerprint()}"
"""The version written into every decision and keyed into the extraction cache."""
