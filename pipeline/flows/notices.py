"""``send_notices``: the claimants' notices owed by today queued and sent (pipeline.notify), on its own schedule."""
from datetime import date

from prefect import flow, get_run_logger

from models.policy import load_policy
from pipeline.notify.run import NotifyResult, notify
from pipeline.notify.senders import configured_sender
from pipeline.process.reference import prepare_database
from storage.database.session import data_dir


@flow(name="send_notices", validate_parameters=False)
def send_notices(db_url: str | None = None, today: str | None = None) -> NotifyResult:
    """Queue every notice owed by ``today`` (ISO date, default: today on the programme's clock) and send the due
    ones through the configured sender (CLAIMFLOW_SMS_GATEWAY_URL, else a file under the data folder)."""
    result = notify(prepare_database(db_url), configured_sender(data_dir()), load_policy(),
                    date.fromisoformat(today) if today else None)
    get_run_logger().info("send_notices: %d queued, %d sent", result.queued, result.sent)
    return result
