"""claimflow's pipeline: extraction, validation and routing stages, the flows and the CLI that compose them."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimflow")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+local"
