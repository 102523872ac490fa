"""Re-encrypt what is sealed under an older data key, after ``storage.crypto.rotate_keyring``: every column of
an encrypted type in the claim database, and the sealed objects under ``derived/`` of a store."""
from __future__ import annotations

from sqlalchemy import Table, text

from storage.crypto import keyring
from storage.database.session import make_engine
from storage.database.tables import EncryptedJSON, EncryptedText, metadata
from storage.object_store import ObjectStore

DERIVED_MAX_BYTES = 64 * 1024 * 1024


def _sealed_columns(table: Table) -> list[str]:
    return [c.name for c in table.columns if isinstance(c.type, (EncryptedText, EncryptedJSON))]


def rekey_database(url: str) -> int:
    """Seal again, under the current key, every value of the database sealed under another; how many."""
    ring = keyring()
    changed = 0
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for table in metadata.sorted_tables:
                columns = _sealed_columns(table)
                if not columns:
                    continue
                keys = [c.name for c in table.primary_key.columns]
                rows = conn.execute(text(f"SELECT {', '.join(keys + columns)} FROM {table.name}")).fetchall()
                for row in rows:
                    values = dict(zip(keys + columns, row))
                    new = {c: ring.encrypt_text(ring.decrypt_text(v)) for c in columns
                           if isinstance(v := values[c], str) and ring.sealed_with(v) != ring.current}
                    if new:
                        where = " AND ".join(f"{k} = :k_{k}" for k in keys)
                        conn.execute(text(f"UPDATE {table.name} SET {', '.join(f'{c} = :{c}' for c in new)} "
                                          f"WHERE {where}"), {**new, **{f"k_{k}": values[k] for k in keys}})
                        changed += len(new)
    finally:
        engine.dispose()
    return changed


def rekey_store(store: ObjectStore) -> int:
    """Seal again, under the current key, every object under derived/ sealed under another; how many."""
    ring = keyring()
    changed = 0
    for info in store.list_objects("derived/"):
        data = store.get_bytes(info.key, DERIVED_MAX_BYTES)
        if ring.sealed_with(data) != ring.current:
            store.put_bytes(info.key, ring.encrypt_bytes(ring.decrypt_bytes(data)), "application/octet-stream")
            changed += 1
    return changed
