"""Staff sessions: server-side and revocable, CSRF tokens, login throttling, and who may do what.

The session cookie is signed (``INTAKE_SECRET_KEY`` or, when that is unset, a secret
generated once into ``var/secret_key``) and holds a random session token and the CSRF
token. The token names a row in ``staff_sessions``: logout, a password change and
deactivation delete the rows, so a copied cookie stops working at once. The cookie is
sent only to /staff, never to /api/v1 (integrations use API keys there).
"""

from __future__ import annotations

import hmac
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..core import ratelimit
from ..core import text as text_rules
from ..core.config import Settings
from ..core.files import private_dir
from ..services import staff as staff_service
from ..services.staff import StaffMember

COOKIE = "intake_staff"
COOKIE_PATH = "/staff"
CSRF_FIELD = "csrf_token"
# With a one-time password, only these pages open until the password is changed.
PASSWORD_PAGE = "/staff/password"
OPEN_WHILE_PASSWORD_MUST_CHANGE = (PASSWORD_PAGE, "/staff/logout", "/staff/static/")


class LoginRequired(Exception):
    """Anonymous request for a staff page: send them to the login page."""


class PasswordChangeRequired(Exception):
    """Signed in with a one-time password: send them to the password page first."""


class Forbidden(Exception):
    """Signed in, but the role does not allow this (or the form's CSRF token is wrong)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def secret_key(settings: Settings, var_dir: Path | None = None) -> str:
    """``INTAKE_SECRET_KEY``, or a random secret generated once and kept in var/ (0600;
    ``INTAKE_VAR_DIR`` moves it). Several workers may race to create it: the first link
    wins, the rest read it."""
    if settings.secret_key:
        return settings.secret_key
    var_dir = var_dir or settings.var_dir
    path = var_dir / "secret_key"
    if not path.exists():
        private_dir(var_dir)
        tmp = var_dir / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _lifetime(request: Request) -> timedelta:
    return timedelta(hours=_settings(request).staff_session_hours)


def _serializer(request: Request) -> URLSafeTimedSerializer:
    state = request.app.state
    if getattr(state, "staff_serializer", None) is None:
        state.staff_serializer = URLSafeTimedSerializer(
            secret_key(state.settings), salt="intake-staff-session"
        )
    return state.staff_serializer


def _db(request: Request):
    return request.app.state.db.sessionmaker


def read_session(request: Request) -> dict:
    """The request's cookie data (possibly empty); remembered on ``request.state``."""
    if hasattr(request.state, "staff_session"):
        return request.state.staff_session
    raw = request.cookies.get(COOKIE)
    data: dict = {}
    if raw:
        try:
            loaded = _serializer(request).loads(raw, max_age=int(_lifetime(request).total_seconds()))
            data = loaded if isinstance(loaded, dict) else {}
        except BadSignature:
            data = {}
    request.state.staff_session = data
    return data


def _replace(request: Request, data: dict) -> None:
    request.state.staff_session = data
    request.state.staff_session_changed = True


def start_session(request: Request, member: StaffMember) -> None:
    """Sign this member in: a new server-side session and a new CSRF token (no session
    fixation). Any session the browser held before is ended."""
    old = read_session(request).get("sid")
    if isinstance(old, str):
        staff_service.close_session(_db(request), old)
    token = staff_service.open_session(_db(request), member.id, _lifetime(request))
    _replace(request, {"sid": token, "csrf": secrets.token_urlsafe(32)})
    request.state.staff_user = member


def end_session(request: Request) -> None:
    """Log out: the server-side session is deleted, so the cookie is dead even if copied."""
    sid = read_session(request).get("sid")
    if isinstance(sid, str):
        staff_service.close_session(_db(request), sid)
    _replace(request, {})


def csrf_token(request: Request) -> str:
    """The form token for this session; an anonymous browser gets one too (the login form)."""
    session = read_session(request)
    if not session.get("csrf"):
        _replace(request, {**session, "csrf": secrets.token_urlsafe(32)})
    return request.state.staff_session["csrf"]


def write_cookie(request: Request, response: Response) -> None:
    if not getattr(request.state, "staff_session_changed", False):
        return
    data = request.state.staff_session
    secure = _settings(request).secure_cookies or request.url.scheme == "https"
    if not data:
        response.delete_cookie(COOKIE, path=COOKIE_PATH, secure=secure, httponly=True, samesite="lax")
        return
    response.set_cookie(
        COOKIE, _serializer(request).dumps(data), max_age=int(_lifetime(request).total_seconds()),
        path=COOKIE_PATH, secure=secure, httponly=True, samesite="lax",
    )


def current_member(request: Request) -> StaffMember | None:
    """The signed-in, still active staff member, or None. Roles are read fresh each time."""
    if hasattr(request.state, "staff_user"):
        return request.state.staff_user
    sid = read_session(request).get("sid")
    member = None
    if isinstance(sid, str):
        idle = timedelta(minutes=_settings(request).staff_session_idle_minutes)
        member = staff_service.session_member(_db(request), sid, idle)
    if member is not None:
        # deps.get_actor reads this: staff actions are done as this person.
        request.state.staff_user = member
    return member


def require_member(request: Request) -> StaffMember:
    member = current_member(request)
    if member is None:
        raise LoginRequired()
    if member.must_change_password and not request.url.path.startswith(OPEN_WHILE_PASSWORD_MUST_CHANGE):
        raise PasswordChangeRequired()
    return member


def require(member: StaffMember, action: str) -> None:
    if not member.may(action):
        needed = staff_service.PERMISSIONS[action]
        raise Forbidden(f"Only a {needed} can do this ({action.replace('_', ' ')}); you are a {member.role}.")


class FormFields:
    """A posted form's text fields (files are not accepted on staff forms)."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self._items = items

    def get(self, name: str, default: str | None = None) -> str | None:
        value = next((v for k, v in self._items if k == name), None)
        value = value.strip() if value is not None else None
        return value if value else default

    def getlist(self, name: str) -> list[str]:
        return [v for k, v in self._items if k == name]


async def check_csrf(request: Request) -> FormFields:
    """Every form post carries the session's token; a cross-site Origin is refused too."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise Forbidden("This form was sent from another site, so it was refused.")
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = read_session(request).get("csrf")
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise Forbidden(
            "The form had expired or did not come from this site. "
            "Go back, reload the page and try again."
        )
    fields = [(k, v) for k, v in form.multi_items() if isinstance(v, str) and k != CSRF_FIELD]
    text_rules.check_all(fields)  # a NUL or lone surrogate: 422 naming the field, on every database
    return FormFields(fields)


# ---- login throttling (shared by all workers: core/ratelimit.py) ------------------------

TOO_MANY_FROM_HERE = "Too many failed logins from this address. Wait a few minutes and try again."
TOO_MANY_FOR_ACCOUNT = (
    "Too many failed logins for this username from this address. Wait a few minutes and "
    "try again, or ask an admin to unlock it."
)


def client_address(request: Request) -> str:
    return ratelimit.client_address(request, _settings(request))


def _account(username: str) -> str:
    return username.strip().casefold()


def _generation(request: Request, limiter: ratelimit.Limiter, username: str) -> str:
    """Bumped by an admin's unlock; counters of an older generation no longer count. It
    lives as long as one throttle window, after which the old counters are gone anyway."""
    window = ratelimit.limit(_settings(request).login_limit_account).get_expiry()
    return str(limiter.count(f"1000000 per {window} seconds", "login-unlock", _account(username)))


def _limits(request: Request, username: str) -> list[tuple[str, str, tuple[str, ...], str]]:
    """(limit, name, subject, message): per username and address, then per address. Unknown
    usernames are counted exactly like known ones, so the answers cannot tell them apart."""
    settings, address = _settings(request), client_address(request)
    limiter = ratelimit.limiter_for(request.app)
    account = (_account(username), address, _generation(request, limiter, username))
    return [
        (settings.login_limit_account, "login-account", account, TOO_MANY_FOR_ACCOUNT),
        (settings.login_limit_address, "login-address", (address,), TOO_MANY_FROM_HERE),
    ]


def login_blocked(request: Request, username: str) -> tuple[str, int] | None:
    """(message, seconds to wait) if this login may not be tried now."""
    limiter = ratelimit.limiter_for(request.app)
    for spec, name, subject, message in _limits(request, username):
        if not limiter.test(spec, name, *subject):
            return message, limiter.retry_after(spec, name, *subject)
    return None


def login_failed(request: Request, username: str) -> tuple[str, int] | None:
    """Count a failure; (message, seconds to wait) if that used up a limit."""
    limiter = ratelimit.limiter_for(request.app)
    blocked = None
    for spec, name, subject, message in _limits(request, username):
        limiter.hit(spec, name, *subject)
        if blocked is None and not limiter.test(spec, name, *subject):
            blocked = message, limiter.retry_after(spec, name, *subject)
    return blocked


def login_succeeded(request: Request, username: str) -> None:
    spec, name, subject, _ = _limits(request, username)[0]
    ratelimit.limiter_for(request.app).clear(spec, name, *subject)


def unlock_logins(request: Request, username: str) -> None:
    """An admin's unlock: this username's failures no longer count, from any address."""
    window = ratelimit.limit(_settings(request).login_limit_account).get_expiry()
    ratelimit.limiter_for(request.app).hit(f"1000000 per {window} seconds", "login-unlock", _account(username))


def safe_next(target: str | None) -> str:
    """Only ever redirect within the staff pages after login."""
    if target and target.startswith("/staff") and not target.startswith("//") and "\\" not in target:
        return target
    return "/staff"
