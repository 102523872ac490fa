"""Named errors survive pickling: a worker process's failure reaches the batch with its claim, object and field."""
import pickle

import pytest

from models.errors import InvalidClaim, InvalidData, StorageUnavailable, UnreadablePhoto


@pytest.mark.parametrize("error", [
    InvalidClaim("CN20250401-0001", "insured.id_number", "checksum fails"),
    InvalidData("roster.csv", "line 3", "bad date"),
    UnreadablePhoto("intake/CN20250401-0001/a.jpg", "truncated JPEG"),
    StorageUnavailable("s3 down"),
])
def test_errors_pickle_with_their_fields(error: Exception) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error) and vars(back) == vars(error)
