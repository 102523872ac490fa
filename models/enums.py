"""Enumerations named exactly as in the data contract."""
from enum import StrEnum


class ClaimType(StrEnum):
    accidental_death = "accidental_death"
    disability = "disability"
    hospital_allowance = "hospital_allowance"
    medical_expense = "medical_expense"
    transport_death = "transport_death"


class TransportMode(StrEnum):
    motor_vehicle = "motor_vehicle"
    rail = "rail"
    ship = "ship"
    air = "air"


class Relationship(StrEnum):
    self_ = "self"
    spouse = "spouse"
    child = "child"
    parent = "parent"
    sibling = "sibling"
    other = "other"


class Channel(StrEnum):
    service_point = "service_point"
    home_visit = "home_visit"
    wechat = "wechat"
    app = "app"
    manual_entry = "manual_entry"


class DocType(StrEnum):
    id_card = "id_card"
    hospital_invoice = "hospital_invoice"
    expense_list = "expense_list"
    discharge_summary = "discharge_summary"
    medical_record = "medical_record"
    death_certificate = "death_certificate"
    household_cancellation = "household_cancellation"
    disability_assessment = "disability_assessment"
    accident_proof = "accident_proof"
    rail_ticket = "rail_ticket"
    bus_ticket = "bus_ticket"
    taxi_receipt = "taxi_receipt"
    ship_ticket = "ship_ticket"
    air_ticket = "air_ticket"
    other = "other"


class ReasonCode(StrEnum):
    MISSING_DOCUMENT = "MISSING_DOCUMENT"
    UNREADABLE_DOCUMENT = "UNREADABLE_DOCUMENT"
    UNKNOWN_DOCUMENT = "UNKNOWN_DOCUMENT"
    LOW_CONFIDENCE = "LOW_CONFIDENCE"
    IDENTITY_MISMATCH = "IDENTITY_MISMATCH"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    DATE_INCONSISTENT = "DATE_INCONSISTENT"
    HOSPITAL_NOT_QUALIFIED = "HOSPITAL_NOT_QUALIFIED"
    POSSIBLE_EXCLUSION = "POSSIBLE_EXCLUSION"
    TRANSPORT_MODE_MISMATCH = "TRANSPORT_MODE_MISMATCH"
    REVIEW_REQUIRED_CLAIM_TYPE = "REVIEW_REQUIRED_CLAIM_TYPE"
    HIGH_VALUE = "HIGH_VALUE"
    DUPLICATE_DOCUMENT = "DUPLICATE_DOCUMENT"


class Queue(StrEnum):
    documents = "documents"
    verification = "verification"
    adjudication = "adjudication"
    fraud = "fraud"


class Route(StrEnum):
    fast_pay = "fast_pay"
    manual_review = "manual_review"


class QualityIssue(StrEnum):
    """Why a photo cannot be read reliably; thresholds live in the extraction config."""

    unreadable_file = "unreadable_file"
    too_small = "too_small"
    blur = "blur"
    too_dark = "too_dark"
    overexposed = "overexposed"
    glare = "glare"
    cut_off = "cut_off"
