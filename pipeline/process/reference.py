"""What every claim is judged against — the policy, the insured roster, the hospital registry — and the claim
database made ready for a run."""
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from models.errors import InvalidData, StorageUnavailable
from models.policy import Policy, load_policy
from models.registry import HospitalRegistry, Roster, load_hospitals, load_roster
from storage.database.migrate import upgrade
from storage.database.session import default_url
from storage.object_store import ObjectStore

ROSTER_ENV = "CLAIMFLOW_ROSTER"
REFERENCE_MAX_BYTES = 200 * 1024 * 1024


def _reference_file(store: ObjectStore, name: str, given: Path | None, tmp: Path) -> Path | None:
    """The file given on the command line, else SOURCE's top-level copy (fetched into ``tmp``), else None."""
    if given is not None:
        return given
    if store.exists(name):
        path = tmp / name
        path.write_bytes(store.get_bytes(name, REFERENCE_MAX_BYTES))
        return path
    return None


def load_reference(store: ObjectStore, roster: Path | None,
                   hospitals: Path | None) -> tuple[Roster, HospitalRegistry]:
    """Roster and hospital registry: --roster/--hospitals, else SOURCE's roster.csv/hospitals.csv, else the
    configured ones (CLAIMFLOW_ROSTER; the shipped registry)."""
    with tempfile.TemporaryDirectory() as tmp:
        roster_path = _reference_file(store, "roster.csv", roster, Path(tmp)) or os.environ.get(ROSTER_ENV)
        if not roster_path:
            raise InvalidData("roster", "(file)", f"no roster: give --roster, put roster.csv at the source's top "
                                                  f"or set {ROSTER_ENV}")
        return load_roster(roster_path), load_hospitals(_reference_file(store, "hospitals.csv", hospitals, Path(tmp)))


@dataclass(frozen=True)
class Rules:
    """What every claim is judged against: the policy, the insured roster and the hospital registry."""

    policy: Policy
    roster: Roster
    hospitals: HospitalRegistry


def load_rules(store: ObjectStore, roster: Path | None = None, hospitals: Path | None = None,
               policy: Path | None = None) -> Rules:
    """The policy (given or shipped) and the reference files found by ``load_reference``."""
    rules = load_policy(policy)
    roster_data, registry = load_reference(store, roster, hospitals)
    return Rules(rules, roster_data, registry)


def prepare_database(db_url: str | None = None) -> str:
    """The claim database's URL (given, else the configured one), migrated to head; StorageUnavailable if
    it cannot be reached."""
    url = db_url or default_url()
    try:
        upgrade(url)
    except SQLAlchemyError as e:
        raise StorageUnavailable(f"claim database {make_url(url).render_as_string()}: {e.__class__.__name__}: "
                                 f"{str(e).splitlines()[0]}") from None
    return url
