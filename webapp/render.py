"""Server-rendered pages: one Jinja2 environment with the Chinese labels and the CSRF token at hand."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from models.ids import mask_id
from webapp.labels import checklist_line, label, labels, reason_detail
from webapp.security import csrf_token

templates = Jinja2Templates(directory=str(Path(__file__).resolve().with_name("templates")))
templates.env.globals.update(label=label, label_group=lambda group: labels()[group], checklist_line=checklist_line,
                             mask_id=mask_id, reason_detail=reason_detail)


def page(request: Request, name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """Render template ``name`` with ``values``, the request's CSRF token and the signed-in user (if passed)."""
    values.setdefault("user", None)
    return templates.TemplateResponse(request, name, {"csrf": csrf_token(request), **values}, status_code=status_code)


def message_page(request: Request, title: str, message: str, status_code: int, **values: Any) -> HTMLResponse:
    """A plain page telling the user what went wrong (or right) in one sentence."""
    return page(request, "message.html", status_code, title=title, message=message, **values)
