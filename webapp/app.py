"""The FastAPI application: ``create_app(config)`` wires settings, database, object store and the page routers."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from models.policy import load_policy
from storage.database.migrate import upgrade
from storage.database.session import make_sessionmaker
from storage.object_store import open_store
from webapp import (
    admin_routes,
    auth_routes,
    intake_routes,
    lookup_routes,
    paper_routes,
    payment_routes,
    photo_routes,
    review_routes,
)
from webapp.config import WebConfig, config_from_env
from webapp.context import AppContext
from webapp.headers import SecurityHeaders
from webapp.labels import labels
from webapp.logmask import install_log_masking
from webapp.ratelimit import RateLimiter
from webapp.render import message_page
from webapp.request_limit import RequestSizeLimit
from webapp.security import CsrfFailed, Forbidden, LoginRequired

STATIC_DIR = Path(__file__).resolve().with_name("static")


def create_app(config: WebConfig | None = None) -> FastAPI:
    """The web app on ``config`` (default: from the environment); migrates the database to head first."""
    config = config or config_from_env()
    install_log_masking()
    upgrade(config.db_url)
    if "://" not in config.store:  # a local store folder is made at start-up (a fresh install has none yet)
        Path(config.store).mkdir(parents=True, exist_ok=True)
    limits = config.limits
    ctx = AppContext(
        config=config,
        sessions=make_sessionmaker(config.db_url),
        store=open_store(config.store),
        policy=load_policy(),
        lookup_limiter=RateLimiter("status_lookup", limits.rate_limits.status_lookup_failures_per_minute, 60),
        login_limiter=RateLimiter("sign_in", limits.rate_limits.login_failures_per_15_minutes, 15 * 60),
    )
    app = FastAPI(title="claimflow", summary="理赔受理：外勤上传、审核队列、进度查询")
    app.state.ctx = ctx
    app.add_middleware(SessionMiddleware, secret_key=config.secret_key, session_cookie=limits.session.cookie_name,
                       max_age=limits.session.max_age_seconds, same_site="lax", https_only=limits.session.https_only)
    app.add_middleware(RequestSizeLimit, max_bytes=limits.uploads.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (auth_routes, paper_routes, intake_routes, photo_routes, review_routes, lookup_routes,
                   payment_routes, admin_routes):
        app.include_router(module.router)
    _add_error_pages(app)
    return app


def http_error(status: int) -> tuple[str, str]:
    """The Chinese title and sentence shown for an HTTP error status."""
    errors = labels()["http_errors"]
    title, _, sentence = errors.get(str(status), errors["default"]).partition("|")
    return title, sentence


def _error_response(request: Request, status: int) -> Response:
    title, sentence = http_error(status)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": sentence}, status_code=status)
    return message_page(request, title, sentence, status, back="/")


def _add_error_pages(app: FastAPI) -> None:
    """Every error a person can meet answers in Chinese: a page, or JSON under /api/."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return _error_response(request, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error_response(request, 422)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        return _error_response(request, 500)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if request.method == "GET":
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return message_page(request, "请先登录", "请先登录后再操作。", 401)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> HTMLResponse:
        return message_page(request, "无权访问", "您的账号无权查看或操作此页面。", 403)

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> HTMLResponse:
        return message_page(request, "页面已过期", "表单已失效（缺少安全校验），请刷新页面后重试。", 403)
