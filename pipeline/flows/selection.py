"""Which claims a run has to look at: new claims, claims with photos that arrived after their decision, and a
fingerprint of a claim's objects for idempotent triggers."""
import hashlib
from collections import defaultdict

from storage.database.repository import decided_objects
from storage.database.session import session_scope
from storage.object_store import CLAIM_FILE, INTAKE, ObjectInfo, ObjectStore


def intake_listing(store: ObjectStore, claim_id: str | None = None) -> dict[str, list[ObjectInfo]]:
    """Every claim folder under intake/ (or just ``claim_id``'s) that holds a claim.json, with all its objects."""
    folders: dict[str, list[ObjectInfo]] = defaultdict(list)
    for info in store.list_objects(f"{INTAKE}{claim_id}/" if claim_id else INTAKE):
        parts = info.key.split("/")
        if len(parts) == 3:
            folders[parts[1]].append(info)
    return {c: infos for c, infos in sorted(folders.items()) if any(i.key.endswith("/" + CLAIM_FILE) for i in infos)}


def pending_claims(store: ObjectStore, db_url: str, claim_id: str | None = None) -> list[str]:
    """Claims (all, or just ``claim_id``) without a current decision, or with a photo their current decision
    did not see (a claim waiting for documents whose documents have since arrived is one of these)."""
    with session_scope(db_url) as session:
        decided = decided_objects(session, claim_id)
    pending = []
    for found, infos in intake_listing(store, claim_id).items():
        photos = {i.key for i in infos if not i.key.endswith("/" + CLAIM_FILE)}
        if found not in decided or photos - decided[found]:
            pending.append(found)
    return pending


def fingerprint(infos: list[ObjectInfo]) -> str:
    """A hash of a claim's objects (key, size, content etag): the same uploads give the same fingerprint."""
    digest = hashlib.sha256()
    for info in sorted(infos, key=lambda i: i.key):
        digest.update(f"{info.key}\0{info.size}\0{info.etag or ''}\n".encode())
    return digest.hexdigest()[:32]
