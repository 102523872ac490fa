"""A classified photo with its quality verdict and typed key fields (contract §2)."""
from datetime import date
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny, model_validator

from models.enums import DocType, QualityIssue
from models.money import Money

T = TypeVar("T")

Point = tuple[float, float]


class AmountCheck(StrEnum):
    """An independent check that confirmed an amount as read (a reading the recogniser is sure of is not one).

    uppercase: the 小写 amount equals the 大写 one; invoice_sum: 合计 = 统筹 + the patient's parts, each read;
    qr: the e-invoice's QR code carries the amount; expense_list: the claim's expense list shows the same total;
    other_document: another document of the claim shows the same amount.
    """

    uppercase = "uppercase"
    invoice_sum = "invoice_sum"
    qr = "qr"
    expense_list = "expense_list"
    other_document = "other_document"


class FieldValue(BaseModel, Generic[T]):
    """One extracted value with its confidence and, when known, the box it came from (photo pixels), other
    spellings the recogniser found nearly as likely (names on lines not read with full confidence) and, for an
    amount, the independent checks that confirmed it."""

    model_config = ConfigDict(frozen=True)
    value: T
    confidence: float = Field(ge=0.0, le=1.0)
    box: list[Point] | None = None
    other_readings: list[T] = Field(default_factory=list)
    confirmed_by: list[AmountCheck] = Field(default_factory=list)


Text = FieldValue[str]
DateValue = FieldValue[date]
MoneyValue = FieldValue[Money]
Grade = FieldValue[int]


class KeyFields(BaseModel):
    """Base of the per-doc-type field sets; every field is optional (it may not be found)."""

    model_config = ConfigDict(extra="forbid")

    def present(self) -> dict[str, FieldValue]:
        """The fields that were found, by name."""
        return {k: v for k, v in self if v is not None}


class IdCardFields(KeyFields):
    name: Text | None = None
    id_number: Text | None = None


class HospitalInvoiceFields(KeyFields):
    name: Text | None = None
    hospital: Text | None = None
    invoice_number: Text | None = None
    invoice_date: DateValue | None = None
    total_amount: MoneyValue | None = None
    insurance_paid: MoneyValue | None = None


class ExpenseListFields(KeyFields):
    name: Text | None = None
    hospital: Text | None = None
    total_amount: MoneyValue | None = None
    insurance_paid: MoneyValue | None = None


class DischargeSummaryFields(KeyFields):
    name: Text | None = None
    hospital: Text | None = None
    admission_date: DateValue | None = None
    discharge_date: DateValue | None = None
    diagnosis: Text | None = None


class MedicalRecordFields(KeyFields):
    name: Text | None = None
    hospital: Text | None = None
    visit_date: DateValue | None = None
    diagnosis: Text | None = None


class DeathCertificateFields(KeyFields):
    name: Text | None = None
    id_number: Text | None = None
    death_date: DateValue | None = None
    cause_of_death: Text | None = None


class HouseholdCancellationFields(KeyFields):
    name: Text | None = None
    id_number: Text | None = None
    cancellation_date: DateValue | None = None


class GradeValue(FieldValue[int]):
    value: int = Field(ge=1, le=10)


class DisabilityAssessmentFields(KeyFields):
    name: Text | None = None
    id_number: Text | None = None
    disability_grade: GradeValue | None = None
    assessment_date: DateValue | None = None


class AccidentProofFields(KeyFields):
    name: Text | None = None
    accident_date: DateValue | None = None


class RailTicketFields(KeyFields):
    passenger_name: Text | None = None
    id_number: Text | None = None
    travel_date: DateValue | None = None
    train_number: Text | None = None
    from_station: Text | None = None
    to_station: Text | None = None
    fare: MoneyValue | None = None


class BusTicketFields(KeyFields):
    travel_date: DateValue | None = None
    from_station: Text | None = None
    to_station: Text | None = None
    fare: MoneyValue | None = None


class TaxiReceiptFields(KeyFields):
    travel_date: DateValue | None = None
    plate_number: Text | None = None
    fare: MoneyValue | None = None


class ShipTicketFields(KeyFields):
    passenger_name: Text | None = None
    id_number: Text | None = None
    travel_date: DateValue | None = None
    from_station: Text | None = None
    to_station: Text | None = None
    fare: MoneyValue | None = None


class AirTicketFields(KeyFields):
    passenger_name: Text | None = None
    id_number: Text | None = None
    flight_number: Text | None = None
    travel_date: DateValue | None = None
    from_station: Text | None = None
    to_station: Text | None = None


class OtherFields(KeyFields):
    pass


FIELDS_BY_DOC_TYPE: dict[DocType, type[KeyFields]] = {
    DocType.id_card: IdCardFields,
    DocType.hospital_invoice: HospitalInvoiceFields,
    DocType.expense_list: ExpenseListFields,
    DocType.discharge_summary: DischargeSummaryFields,
    DocType.medical_record: MedicalRecordFields,
    DocType.death_certificate: DeathCertificateFields,
    DocType.household_cancellation: HouseholdCancellationFields,
    DocType.disability_assessment: DisabilityAssessmentFields,
    DocType.accident_proof: AccidentProofFields,
    DocType.rail_ticket: RailTicketFields,
    DocType.bus_ticket: BusTicketFields,
    DocType.taxi_receipt: TaxiReceiptFields,
    DocType.ship_ticket: ShipTicketFields,
    DocType.air_ticket: AirTicketFields,
    DocType.other: OtherFields,
}

# The contract's key fields per doc type (contract §2); extra fields above are supporting evidence.
KEY_FIELDS: dict[DocType, tuple[str, ...]] = {
    DocType.id_card: ("name", "id_number"),
    DocType.hospital_invoice: ("name", "hospital", "invoice_number", "invoice_date", "total_amount"),
    DocType.expense_list: ("name", "hospital", "total_amount"),
    DocType.discharge_summary: ("name", "hospital", "admission_date", "discharge_date", "diagnosis"),
    DocType.medical_record: ("name", "hospital", "visit_date", "diagnosis"),
    DocType.death_certificate: ("name", "id_number", "death_date", "cause_of_death"),
    DocType.household_cancellation: ("name", "id_number", "cancellation_date"),
    DocType.disability_assessment: ("name", "id_number", "disability_grade", "assessment_date"),
    DocType.accident_proof: ("name", "accident_date"),
    DocType.rail_ticket: ("passenger_name", "travel_date", "train_number", "from_station", "to_station", "fare"),
    DocType.bus_ticket: ("travel_date", "from_station", "to_station", "fare"),
    DocType.taxi_receipt: ("travel_date", "plate_number", "fare"),
    DocType.ship_ticket: ("passenger_name", "travel_date", "from_station", "to_station", "fare"),
    DocType.air_ticket: ("passenger_name", "flight_number", "travel_date", "from_station", "to_station"),
    DocType.other: (),
}


class Quality(BaseModel):
    """The photo-quality verdict: usable or not, and why."""

    usable: bool
    issues: list[QualityIssue] = Field(default_factory=list)


class Document(BaseModel):
    """One photo as understood by extraction."""

    object: str
    doc_type: DocType
    confidence: float = Field(ge=0.0, le=1.0)
    quality: Quality
    fields: SerializeAsAny[KeyFields] = Field(default_factory=OtherFields)

    @model_validator(mode="before")
    @classmethod
    def _fields_for_doc_type(cls, data: Any) -> Any:
        if isinstance(data, dict):
            doc_type = DocType(data.get("doc_type", DocType.other))
            fields_cls = FIELDS_BY_DOC_TYPE[doc_type]
            raw = data.get("fields") or {}
            if not isinstance(raw, fields_cls):
                raw = raw.model_dump() if isinstance(raw, KeyFields) else raw
                data = {**data, "fields": fields_cls.model_validate(raw)}
        return data
