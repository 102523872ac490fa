"""Path parameters checked against the columns they look up: a row id beyond an integer column's range is a
404-style refusal (422), never a database overflow (HTTP 500)."""
from typing import Annotated

from fastapi import Path

ROW_ID_MAX = 2**31 - 1  # an Integer primary key (32 bits on PostgreSQL)

RowId = Annotated[int, Path(ge=1, le=ROW_ID_MAX)]
