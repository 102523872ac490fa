"""No full ID number in any log line: every log record's message is masked as it is created."""
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
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string is logging's problem to report, not ours
            return record
        masked = mask_ids(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
