"""The claim report form (contract §1) with Chinese labels: form fields ↔ ClaimReport, errors per form field."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from models.claim import ClaimReport

# form field → (path in the report, Chinese label)
FORM_FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "claim_type": (("claim_type",), "理赔类型"),
    "insured_name": (("insured", "name"), "被保险人姓名"),
    "insured_id_number": (("insured", "id_number"), "被保险人身份证号"),
    "accident_date": (("accident", "date"), "事故日期"),
    "accident_description": (("accident", "description"), "事故经过"),
    "transport_mode": (("accident", "transport_mode"), "交通工具（仅营运交通工具身故）"),
    "claimant_name": (("claimant", "name"), "报案人姓名"),
    "relationship": (("claimant", "relationship"), "与被保险人关系"),
    "claimant_phone": (("claimant", "phone"), "报案人电话"),
    "payee_name": (("payee", "name"), "收款人姓名"),
    "payee_bank": (("payee", "bank"), "开户银行"),
    "payee_account": (("payee", "account"), "银行账号"),
    "channel": (("channel",), "报案渠道"),
}
_BY_PATH = {path: name for name, (path, _) in FORM_FIELDS.items()}
_MESSAGES = {
    "missing": "必填",
    "string_too_short": "必填",
    "enum": "请选择",
    "date_from_datetime_parsing": "日期格式应为 年-月-日",
    "date_parsing": "日期格式应为 年-月-日",
    "string_pattern_mismatch": "格式不正确",
}
_CROSS_FIELD = {
    "accident.transport_mode: required": ("transport_mode", "营运交通工具身故须选择交通工具"),
    "accident.transport_mode: only": ("transport_mode", "只有营运交通工具身故才选择交通工具"),
    "accident.date: after": ("accident_date", "事故日期不能晚于报案日期"),
}


@dataclass
class ReportForm:
    """What the person typed, and what is wrong with it (form field → Chinese message)."""

    values: dict[str, str]
    errors: dict[str, str]


def build_report(values: dict[str, str], claim_id: str, reported_at: datetime,
                 max_lengths: dict[str, int]) -> ClaimReport | ReportForm:
    """The validated ClaimReport, or the form back with a Chinese message beside each wrong field (a field
    longer than ``max_lengths`` allows, by name or ``default``, among them)."""
    too_long = {name: f"不能超过 {limit} 个字" for name in FORM_FIELDS
                if len(values.get(name, "").strip()) > (limit := max_lengths.get(name, max_lengths["default"]))}
    if too_long:
        return ReportForm(values, too_long)
    data: dict[str, Any] = {"claim_id": claim_id, "reported_at": reported_at.isoformat()}
    for name, (path, _) in FORM_FIELDS.items():
        value = values.get(name, "").strip()
        if name == "transport_mode" and not value:
            continue
        node = data
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    try:
        return ClaimReport.model_validate(data)
    except ValidationError as e:
        return ReportForm(values, _errors(e))


def _errors(error: ValidationError) -> dict[str, str]:
    out: dict[str, str] = {}
    for problem in error.errors():
        msg = str(problem["msg"]).removeprefix("Value error, ")
        cross = next((v for k, v in _CROSS_FIELD.items() if msg.startswith(k)), None)
        if cross is not None:
            out.setdefault(*cross)
            continue
        name = _BY_PATH.get(tuple(str(p) for p in problem["loc"]))
        if name is None:
            continue
        if name == "insured_id_number" and problem["type"] not in ("missing", "string_too_short"):
            out.setdefault(name, "身份证号无效（应为18位，校验位和出生日期须正确）")
        else:
            out.setdefault(name, _MESSAGES.get(problem["type"], "格式不正确"))
    return out or {"claim_type": "报案信息有误，请检查"}
