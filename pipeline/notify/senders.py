"""Who carries a notice to the claimant: a file of what was sent (the embedded default, for a programme without
an SMS contract yet) or an SMS gateway reached over HTTP (CLAIMFLOW_SMS_GATEWAY_URL)."""
import json
import os
from pathlib import Path
from typing import Protocol

import httpx

from models.ids import mask_phone

GATEWAY_ENV = "CLAIMFLOW_SMS_GATEWAY_URL"
GATEWAY_TIMEOUT_SECONDS = 10.0


class SendFailed(Exception):
    """The notice did not go out (it stays unsent for the next run)."""


class Sender(Protocol):
    """Carries one notice to one phone number."""

    channel: str

    def send(self, recipient: str, message: str) -> None: ...


class FileSender:
    """Appends each notice to a JSON Lines file (the phone number masked): the record an office works from."""

    channel = "file"

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, recipient: str, message: str) -> None:
        """Append the notice."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps({"to": mask_phone(recipient), "text": message}, ensure_ascii=False) + "\n")
        except OSError as e:
            raise SendFailed(f"notice file {self.path}: {e.strerror}") from None


class SmsGateway:
    """POSTs ``{"to": phone, "text": message}`` as JSON to the gateway's URL; any answer but 2xx is a failure."""

    channel = "sms"

    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, recipient: str, message: str) -> None:
        """Send one SMS through the gateway."""
        try:
            answer = httpx.post(self.url, json={"to": recipient, "text": message}, timeout=GATEWAY_TIMEOUT_SECONDS)
        except httpx.HTTPError as e:
            raise SendFailed(f"SMS gateway unreachable: {type(e).__name__}") from None
        if not answer.is_success:
            raise SendFailed(f"SMS gateway answered {answer.status_code}")


def configured_sender(data_dir: Path) -> Sender:
    """The SMS gateway when CLAIMFLOW_SMS_GATEWAY_URL is set, else a file under ``data_dir``/notifications."""
    url = os.environ.get(GATEWAY_ENV)
    return SmsGateway(url) if url else FileSender(data_dir / "notifications" / "sent.jsonl")
