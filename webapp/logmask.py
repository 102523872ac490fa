"""No full ID number in any log line: every log record's message and arguments are masked as it is created,
keeping their shape (uvicorn's access log formats its line from the arguments)."""
from __future__ import annotations

import logging

from storage.database.repository import mask_ids

_installed = False


def install_log_masking() -> None:
    """Wrap the process's log-record factory so that every record's message is masked (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.msg = mask_ids(record.msg) if isinstance(record.msg, str) else record.msg
        if isinstance(record.args, tuple):  # masked in place: formatters that read the args (uvicorn's access
            record.args = tuple(mask_ids(a) if isinstance(a, str) else a for a in record.args)  # log) keep them
        elif isinstance(record.args, dict):
            record.args = {k: mask_ids(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
