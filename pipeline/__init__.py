"""claimflow's pipeline: extraction, validation and routing stages, the flows and the CLI that compose them."""
import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    __version__ = version("claimflow")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+local"


def _code_fingerprint() -> str:
    """Short hash of the extraction code and data: any change there invalidates cached extractions."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*(root / "extract").rglob("*.py"), *(root / "extract").rglob("*.yaml")]):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


PIPELINE_VERSION = f"{__version__}+{_code_fingerprint()}"
"""The version written into every decision and keyed into the extraction cache."""
