"""Reading MinIO bucket notifications: which claims an event names (no server needed)."""
from urllib.parse import quote

from pipeline.flows.triggers import claims_in_event


def _record(bucket: str, key: str, event: str = "s3:ObjectCreated:Put") -> dict:
    return {"eventName": event, "s3": {"bucket": {"name": bucket}, "object": {"key": quote(key, safe="")}}}


def test_claims_in_event_under_a_prefix_and_at_the_bucket_top() -> None:
    event = {"Records": [_record("claims", "batch 1/intake/CN-1/照片 1.jpg"),
                         _record("claims", "batch 1/intake/CN-1/IMG_2.jpg"),
                         _record("claims", "batch 1/intake/CN-2/claim.json",
                                 "s3:ObjectCreated:CompleteMultipartUpload"),
                         _record("claims", "batch 1/intake/CN-3/IMG.jpg", "s3:ObjectRemoved:Delete"),
                         _record("claims", "batch 1/decisions/CN-4.json"),
                         _record("claims", "other/intake/CN-5/IMG.jpg"),
                         _record("claims", "batch 1/intake/CN-6/deeper/IMG.jpg"),
                         _record("photos", "batch 1/intake/CN-7/IMG.jpg")]}
    assert claims_in_event(event, "s3://claims/batch 1") == ["CN-1", "CN-2"]
    assert claims_in_event({"Records": [_record("claims", "intake/CN-8/a.jpg")]}, "s3://claims") == ["CN-8"]
    assert claims_in_event({}, "s3://claims") == []
