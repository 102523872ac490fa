"""Seeded bad inputs for the batch: claim folders and photos an operator's worst night brings.

``plant_bad_claims`` writes claim folders into a local source's ``intake/``: folders whose name is no claim
id, claim.json files that are not claim reports (empty, not UTF-8, deep nesting, a 5,000-digit number,
repeated keys, a numeric or future ``reported_at``, an id other than the folder's, a link out of the source,
a FIFO, ...), and valid claims carrying bad photos (empty, random bytes, a JPEG header on garbage, HTML behind
JPEG bytes, an EPS renamed .jpg, a 60000x1 PNG, a PNG that claims 30000x30000 pixels, a GIF, links out of
the source, FIFOs, a sparse file over the size limit, names with a backslash, bytes that are not UTF-8 or a
control character, identical garbage in several claims). Each planted input is returned with what it is,
so a test or benchmark can check that every one was handled. ``outside`` is a decodable photo outside the
source that the links point at: the batch must never read it.
"""
import hashlib
import json
import os
import random
import stat
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from synthetic.people import random_person

CST = timezone(timedelta(hours=8))
FOLDER, PHOTO = "folder", "photo"


@dataclass(frozen=True)
class BadInput:
    """One planted bad input: the folder it is in (as a str, maybe not UTF-8), the object (None for a folder
    or claim.json problem), and its kind."""

    folder: str
    object: str | None
    kind: str

    @property
    def level(self) -> str:
        """FOLDER for a problem of the claim folder or its claim.json, PHOTO for one photo's."""
        return PHOTO if self.object is not None else FOLDER


def valid_report(claim_id: str, rng: random.Random) -> dict[str, object]:
    """A claim.json object that parses (a hospital-allowance claim of a random insured aged 60 or more)."""
    person = random_person(rng)
    accident = date(2025, 1, 10) + timedelta(days=rng.randrange(400))
    reported = datetime.combine(accident + timedelta(days=rng.randint(5, 30)), datetime.min.time(), CST)
    return {"claim_id": claim_id, "claim_type": "hospital_allowance",
            "insured": {"name": person.name, "id_number": person.id_number},
            "accident": {"date": accident.isoformat(), "description": "在家中滑倒致右腕骨折", "transport_mode": None},
            "claimant": {"name": person.name, "relationship": "self", "phone": "13800138000"},
            "payee": {"name": person.name, "bank": "中国农业银行", "account": "6228480000000000000"},
            "reported_at": reported.isoformat(), "channel": "service_point"}


def _png(width: int, height: int, pixels: bytes | None = None) -> bytes:
    """A PNG of grey pixels (or only a header claiming that size when ``pixels`` is None)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    if pixels is None:
        return head + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    return head + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")


def _sliver() -> bytes:
    return _png(60000, 1, b"\x00" + bytes(60000))


# --- bad claim.json contents: (kind, bytes for the folder's id) ------------------------------------------

def _json(report: dict[str, object]) -> bytes:
    return json.dumps(report, ensure_ascii=False).encode("utf-8", "surrogateescape")


def _with(report: dict[str, object], path: tuple[str, ...], value: object) -> dict[str, object]:
    out = json.loads(json.dumps(report))
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


CLAIM_FILES: dict[str, Callable[[dict[str, object], random.Random], bytes]] = {
    "claim_json_empty": lambda r, rng: b"",
    "claim_json_not_utf8": lambda r, rng: b"\xff\xfe{\x00" + bytes(rng.randrange(256) for _ in range(40)),
    "claim_json_not_json": lambda r, rng: b"{claim_id: " + _json(r)[:30],
    "claim_json_array": lambda r, rng: b"[" + _json(r) + b"]",
    "claim_json_deep": lambda r, rng: b"[" * 50_000 + b"]" * 50_000,
    "claim_json_huge_number": lambda r, rng: _json(r)[:-1] + b', "x": ' + b"9" * 5000 + b"}",
    "claim_json_repeated_key": lambda r, rng: _json(r)[:-1] + b', "claim_type": "disability"}',
    "claim_json_numeric_time": lambda r, rng: _json(_with(r, ("reported_at",), 1_760_000_000)),
    "claim_json_future": lambda r, rng: _json(_with(r, ("reported_at",), "2099-01-01T09:00:00+08:00")),
    "claim_json_other_id": lambda r, rng: _json(_with(r, ("claim_id",), "../../etc/passwd")),
    "claim_json_missing_field": lambda r, rng: _json({k: v for k, v in r.items() if k != "insured"}),
    "claim_json_bad_checksum": lambda r, rng: _json(_with(r, ("insured", "id_number"), "440524195203151220")),
    "claim_json_too_large": lambda r, rng: _json(_with(r, ("accident", "description"), "摔" * 400_000)),
    "claim_json_bad_enum": lambda r, rng: _json(_with(r, ("claim_type",), "pet_insurance")),
}

PHOTOS: dict[str, Callable[[random.Random], bytes]] = {
    "photo_empty": lambda rng: b"",
    "photo_random_bytes": lambda rng: rng.randbytes(rng.randint(1, 5000)),
    "photo_jpeg_header_on_garbage": lambda rng: b"\xff\xd8\xff\xe0" + rng.randbytes(rng.randint(0, 3000)),
    "photo_html_behind_jpeg_bytes": lambda rng: b"\xff\xd8\xff<html><script>alert(1)</script></html>",
    "photo_eps_renamed": lambda rng: b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nshowpage\n",
    "photo_truncated_png": lambda rng: _png(800, 600, bytes(800 * 601))[:rng.randint(20, 200)],
    "photo_sliver_png": lambda rng: _sliver(),
    "photo_bomb_png": lambda rng: _png(30000, 30000),
    "photo_gif": lambda rng: b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    "photo_tiny_png": lambda rng: _png(1, 1, b"\x00\x80"),
}
# Kinds made on the file system rather than from bytes.
SPECIAL_PHOTOS = ("photo_link_outside", "photo_link_to_folder", "photo_fifo", "photo_over_size_limit",
                  "photo_name_backslash", "photo_name_not_utf8", "photo_name_control_char",
                  "photo_same_garbage_elsewhere")
FOLDER_NAMES = ("folder_name_backslash", "folder_name_not_utf8", "folder_name_with_space", "folder_name_dotdot_like",
                "claim_json_link_outside", "claim_json_fifo")


def _folder_name(kind: str, n: int) -> str:
    return {"folder_name_backslash": f"BAD\\F{n}",
            "folder_name_not_utf8": os.fsdecode(b"BAD\xff\xfe" + str(n).encode()),
            "folder_name_with_space": f"理赔 {n}",
            "folder_name_dotdot_like": f"..{n}.."}.get(kind, f"BADCLAIM-{kind.replace('_', '-')}-{n:05d}")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _plant_photo(folder: Path, kind: str, n: int, rng: random.Random, outside: Path, over_limit: int) -> str:
    """Write one bad photo of ``kind`` into ``folder``; return its file name."""
    name = f"bad-{n:04d}.jpg"
    target = folder / name
    if kind in PHOTOS:
        _write(target, PHOTOS[kind](rng))
    elif kind == "photo_link_outside":
        target.symlink_to(outside)
    elif kind == "photo_link_to_folder":
        target.symlink_to(outside.parent, target_is_directory=True)
    elif kind == "photo_fifo":
        os.mkfifo(target)
    elif kind == "photo_over_size_limit":
        with open(target, "wb") as f:
            f.truncate(over_limit)  # sparse: costs no disk
    elif kind == "photo_same_garbage_elsewhere":
        _write(target, b"\xff\xd8\xff\xe0 the same garbage in several claims")
    else:
        name = {"photo_name_backslash": f"IMG\\{n:04d}.jpg",
                "photo_name_not_utf8": os.fsdecode(b"IMG\xff" + f"{n:04d}.jpg".encode()),
                "photo_name_control_char": f"IMG\x07{n:04d}.jpg"}[kind]
        _write(folder / name, b"\xff\xd8\xff\xe0" + rng.randbytes(64))
    return name


def plant_bad_folder(source: Path, kind: str, n: int, rng: random.Random, outside: Path) -> BadInput:
    """One claim folder whose name or claim.json is bad in the way ``kind`` (of FOLDER_KINDS) says."""
    name = _folder_name(kind, n)
    folder = source / "intake" / name
    folder.mkdir(parents=True)
    report = valid_report(name if kind in FOLDER_NAMES else f"BADCLAIM-{n:05d}", rng)
    if kind == "claim_json_link_outside":
        (folder / "claim.json").symlink_to(outside)
    elif kind == "claim_json_fifo":
        os.mkfifo(folder / "claim.json")
    elif kind in CLAIM_FILES:
        _write(folder / "claim.json", CLAIM_FILES[kind](report, rng))
    else:
        _write(folder / "claim.json", _json(report))
    _write(folder / "photo-001.jpg", PHOTOS["photo_random_bytes"](rng))
    return BadInput(name, None, kind)


def plant_valid_claim(source: Path, name: str, rng: random.Random) -> Path:
    """A claim folder ``name`` under ``source``/intake with a valid claim.json and no photo; returns it."""
    folder = source / "intake" / name
    _write(folder / "claim.json", _json(valid_report(name, rng)))
    return folder


def plant_bad_photos(source: Path, kinds: list[str], n: int, rng: random.Random, outside: Path,
                     over_limit: int = 4 << 30) -> list[BadInput]:
    """One valid claim whose photos are all bad, one of each of ``kinds`` (of PHOTO_KINDS)."""
    name = f"BADPHOTOS-{n:05d}"
    folder = plant_valid_claim(source, name, rng)
    return [BadInput(name, f"intake/{name}/{_plant_photo(folder, kind, n * 10 + i, rng, outside, over_limit)}", kind)
            for i, kind in enumerate(kinds)]


FOLDER_KINDS = (*CLAIM_FILES, *FOLDER_NAMES)
PHOTO_KINDS = (*PHOTOS, *SPECIAL_PHOTOS)


def plant_bad_claims(source: Path, n_folders: int, seed: int, outside: Path, *,
                     over_limit: int = 4 << 30) -> list[BadInput]:
    """Write ``n_folders`` bad claim folders under ``source``/intake; return every bad input planted.

    A third are folder or claim.json problems (every kind in turn), the rest valid claims holding one to four
    bad photos (every kind in turn first, then drawn at random).
    """
    rng = random.Random(seed)
    planted: list[BadInput] = []
    for n in range(n_folders):
        if n % 3 == 0:
            planted.append(plant_bad_folder(source, FOLDER_KINDS[(n // 3) % len(FOLDER_KINDS)], n, rng, outside))
        else:
            first = PHOTO_KINDS[(n - n // 3 - 1) % len(PHOTO_KINDS)]
            kinds = [first] + [rng.choice(PHOTO_KINDS) for _ in range(rng.randint(0, 3))]
            planted += plant_bad_photos(source, kinds, n, rng, outside, over_limit)
    return planted


def outside_photo(path: Path) -> str:
    """Write a decodable photo of a page at ``path`` (outside the source: links point at it, and the batch must
    never read it); return its SHA-256."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1200, 900), "white")
    ImageDraw.Draw(img).rectangle((100, 100, 1100, 800), outline="black", width=6)
    img.save(path, "JPEG")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def intake_snapshot(source: Path) -> dict[str, str]:
    """Every entry under ``source``/intake with what it is: a file's SHA-256 (size and time for one over 64
    MiB), a link's target, or its kind; equal before and after a batch when nothing there changed."""
    out = {}
    for dirpath, dirs, names in os.walk(source / "intake"):
        for name in names + [d for d in dirs if Path(dirpath, d).is_symlink()]:
            path = Path(dirpath, name)
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[str(path)] = "link:" + os.readlink(path)
            elif stat.S_ISREG(st.st_mode) and st.st_size < 64 << 20:
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                out[str(path)] = f"mode {st.st_mode:o} size {st.st_size} mtime {st.st_mtime_ns}"
    return out
