"""Check what arrived under a source's intake/ before processing: claim files parse, photos are there."""
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from models.errors import InvalidClaim, InvalidData
from models.registry import load_hospitals, load_roster
from pipeline.extract.settings import PhotoLimits
from storage.object_store import ObjectInfo, ObjectStore


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the intake: which claim, which object, which field, and what."""

    claim: str
    object: str
    field: str
    message: str


def check_source(store: ObjectStore, limits: PhotoLimits) -> tuple[int, list[Problem]]:
    """Return (number of claim folders, problems found) for everything under ``intake/``."""
    folders: dict[str, list[ObjectInfo]] = defaultdict(list)
    for info in store.list_objects("intake/"):
        parts = info.key.split("/")
        if len(parts) < 3:
            continue
        folders[parts[1]].append(info)
    problems: list[Problem] = []
    for claim_id, keys in sorted(folders.items()):
        problems.extend(_check_claim(store, claim_id, keys, limits))
    problems.extend(_check_reference_data(store))
    return len(folders), problems


def _check_claim(store: ObjectStore, claim_id: str, objects: list[ObjectInfo], limits: PhotoLimits) -> list[Problem]:
    claim_key = f"intake/{claim_id}/claim.json"
    out: list[Problem] = []
    if claim_key not in {info.key for info in objects}:
        out.append(Problem(claim_id, claim_key, "(file)", "claim.json is missing"))
    else:
        try:
            claim = store.read_claim(claim_id)
            if claim.claim_id != claim_id:
                out.append(Problem(claim_id, claim_key, "claim_id",
                                   f"says {claim.claim_id!r} but the folder is {claim_id!r}"))
        except InvalidClaim as e:
            out.append(Problem(e.claim, claim_key, e.field, e.message))
    photos = [info for info in objects if info.key != claim_key]
    if not photos:
        out.append(Problem(claim_id, f"intake/{claim_id}/", "(photos)", "no photos"))
    for info in photos:  # sizes come from the listing: no extra request per photo
        if not limits.accepts(info.key):
            out.append(Problem(claim_id, info.key, "(format)",
                               f"not a photo format we read ({', '.join(limits.extensions)})"))
        elif info.size == 0:
            out.append(Problem(claim_id, info.key, "(file)", "photo is empty (0 bytes)"))
        elif info.size > limits.max_bytes:
            out.append(Problem(claim_id, info.key, "(file)", f"photo is larger than {limits.max_bytes} bytes"))
    return out


def _check_reference_data(store: ObjectStore) -> list[Problem]:
    """Validate roster.csv / hospitals.csv at the source's top, when present."""
    out: list[Problem] = []
    for name, loader in (("roster.csv", load_roster), ("hospitals.csv", load_hospitals)):
        if not store.exists(name):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(store.get_bytes(name, max_bytes=200 * 1024 * 1024))
            try:
                loader(path)
            except InvalidData as e:
                out.append(Problem("-", name, e.where, e.message))
    return out
