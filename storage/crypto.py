"""Personal data encrypted at rest, in the application: AES-256-GCM with keys from a keyring, and a keyed
hash (HMAC-SHA256) for the lookups that must find a value without decrypting every row.

Where the keys come from, first found:
- ``CLAIMFLOW_DATA_KEY``: one base64 key of 32 bytes (its id is ``env``; the index key is derived from it);
- ``CLAIMFLOW_KEYRING``: a keyring file;
- ``<data dir>/keys/keyring.json``: created on first use (mode 0600) and announced on standard error.

A keyring file holds every key ever current (old values stay readable) and the index key:
``{"current": "k2", "keys": {"k1": "<base64>", "k2": "<base64>"}, "index": "<base64>"}``. ``rotate_keyring``
adds a key and makes it current; ``claimflow rotate-key`` then re-encrypts what is stored under older keys.

Text values are stored as ``cf1:<key id>:<base64 of nonce + ciphertext>``, bytes as ``CFENC1`` + key id +
``:`` + nonce + ciphertext. A value without that mark is plain (rows and objects from before encryption) and
is read as it is.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_ENV = "CLAIMFLOW_DATA_KEY"
KEYRING_ENV = "CLAIMFLOW_KEYRING"
TEXT_MARK = "cf1:"
BYTES_MARK = b"CFENC1"
NONCE_BYTES = 12


class KeyringError(Exception):
    """A keyring that cannot be read, or a value sealed with a key it does not hold."""


@dataclass(frozen=True)
class Keyring:
    """The data keys by id, the current one's id, and the key of the keyed hash used for lookups."""

    current: str
    keys: dict[str, bytes]
    index: bytes

    def encrypt_text(self, value: str) -> str:
        """``value`` sealed with the current key (a fresh nonce each time)."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.current]).encrypt(nonce, value.encode(), self.current.encode())
        return f"{TEXT_MARK}{self.current}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt_text(self, value: str) -> str:
        """The plain text of a sealed value; a value without the mark is plain already."""
        if not value.startswith(TEXT_MARK):
            return value
        key_id, _, payload = value[len(TEXT_MARK):].partition(":")
        raw = base64.b64decode(payload)
        return self._open(key_id, raw[:NONCE_BYTES], raw[NONCE_BYTES:]).decode()

    def encrypt_bytes(self, data: bytes) -> bytes:
        """``data`` sealed with the current key."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.current]).encrypt(nonce, data, self.current.encode())
        return BYTES_MARK + self.current.encode() + b":" + nonce + sealed

    def decrypt_bytes(self, data: bytes) -> bytes:
        """The plain bytes of sealed data; data without the mark is plain already."""
        if not data.startswith(BYTES_MARK):
            return data
        key_id, _, rest = data[len(BYTES_MARK):].partition(b":")
        return self._open(key_id.decode(), rest[:NONCE_BYTES], rest[NONCE_BYTES:])

    def sealed_with(self, value: str | bytes) -> str | None:
        """The id of the key a sealed value was sealed with (None for a plain value)."""
        if isinstance(value, bytes):
            return value[len(BYTES_MARK):].partition(b":")[0].decode() if value.startswith(BYTES_MARK) else None
        return value[len(TEXT_MARK):].partition(":")[0] if value.startswith(TEXT_MARK) else None

    def blind_index(self, value: str) -> str:
        """The keyed hash of ``value`` (hex): equal values give equal hashes, and nothing else can be read."""
        return hmac.new(self.index, value.encode(), hashlib.sha256).hexdigest()

    def _open(self, key_id: str, nonce: bytes, sealed: bytes) -> bytes:
        key = self.keys.get(key_id)
        if key is None:
            raise KeyringError(f"a value is sealed with key {key_id!r}, which the keyring does not hold")
        return AESGCM(key).decrypt(nonce, sealed, key_id.encode())


def _decode_key(text: str, where: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        raise KeyringError(f"{where}: not base64") from None
    if len(key) != 32:
        raise KeyringError(f"{where}: a key is 32 bytes (base64 of 32 random bytes), not {len(key)}")
    return key


def default_keyring_path() -> Path:
    """Where the keyring file is: CLAIMFLOW_KEYRING, else <data dir>/keys/keyring.json."""
    if os.environ.get(KEYRING_ENV):
        return Path(os.environ[KEYRING_ENV])
    return Path(os.environ.get("CLAIMFLOW_DATA_DIR") or "./var") / "keys" / "keyring.json"


def _new_keyring_file(path: Path) -> None:
    """Create a keyring file with one new key, unless another process just did (never overwritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"current": "k1", "keys": {"k1": base64.b64encode(secrets.token_bytes(32)).decode()},
                       "index": base64.b64encode(secrets.token_bytes(32)).decode()}, indent=2)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(body)
    print(f"claimflow: created a new data key at {path.resolve()}; keep a copy somewhere safe: without it the "
          "personal data stored by claimflow cannot be read", file=sys.stderr)


def read_keyring(path: Path) -> Keyring:
    """The keyring in a file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = {kid: _decode_key(text, f"{path}: key {kid}") for kid, text in data["keys"].items()}
        ring = Keyring(data["current"], keys, _decode_key(data["index"], f"{path}: index"))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise KeyringError(f"{path}: not a readable keyring ({e})") from None
    if ring.current not in ring.keys:
        raise KeyringError(f"{path}: the current key {ring.current!r} is not among its keys")
    return ring


def rotate_keyring(path: Path) -> str:
    """Add a new key to the keyring file and make it current (old keys stay, to read older values); its id."""
    ring = read_keyring(path)
    number = 1 + max((int(k[1:]) for k in ring.keys if k[1:].isdigit()), default=0)
    new_id = f"k{number}"
    keys = {**{k: base64.b64encode(v).decode() for k, v in ring.keys.items()},
            new_id: base64.b64encode(secrets.token_bytes(32)).decode()}
    body = json.dumps({"current": new_id, "keys": keys, "index": base64.b64encode(ring.index).decode()}, indent=2)
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(body)
    tmp.replace(path)
    reset_keyring()
    return new_id


_lock = threading.Lock()
_cached: Keyring | None = None


def keyring() -> Keyring:
    """The process's keyring (loaded once; see the module's docstring for where it comes from)."""
    global _cached
    with _lock:
        if _cached is None:
            env_key = os.environ.get(KEY_ENV)
            if env_key:
                key = _decode_key(env_key, KEY_ENV)
                _cached = Keyring("env", {"env": key}, hashlib.sha256(b"claimflow index|" + key).digest())
            else:
                path = default_keyring_path()
                if not path.exists():
                    _new_keyring_file(path)
                _cached = read_keyring(path)
        return _cached


def reset_keyring() -> None:
    """Forget the loaded keyring (after a rotation, or in tests that change where it comes from)."""
    global _cached
    with _lock:
        _cached = None
