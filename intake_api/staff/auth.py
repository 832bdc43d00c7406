"""Staff sessions: a signed cookie, CSRF tokens, and who may do what.

The session cookie holds only the staff member's id, a fingerprint of their password
hash (a new password ends old sessions) and the CSRF token, signed with the secret
from ``INTAKE_SECRET_KEY`` or, when that is unset, one generated once into
``var/secret_key``. It is sent only to /staff, never to /api/v1 (integrations use API
keys there).
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..core.config import VAR_DIR, Settings
from ..services import staff as staff_service
from ..services.staff import StaffMember

COOKIE = "intake_staff"
COOKIE_PATH = "/staff"
SESSION_SECONDS = 10 * 60 * 60  # a working day; then log in again
CSRF_FIELD = "csrf_token"


class LoginRequired(Exception):
    """Anonymous request for a staff page: send them to the login page."""


class Forbidden(Exception):
    """Signed in, but the role does not allow this (or the form's CSRF token is wrong)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def secret_key(settings: Settings, var_dir: Path = VAR_DIR) -> str:
    """``INTAKE_SECRET_KEY``, or a random secret generated once and kept in var/ (0600).
    Several workers may race to create it: the first link wins, the rest read it."""
    if settings.secret_key:
        return settings.secret_key
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
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


def _serializer(request: Request) -> URLSafeTimedSerializer:
    state = request.app.state
    if getattr(state, "staff_serializer", None) is None:
        state.staff_serializer = URLSafeTimedSerializer(
            secret_key(state.settings), salt="intake-staff-session"
        )
    return state.staff_serializer


def read_session(request: Request) -> dict:
    """The request's session (possibly empty); remembered on ``request.state``."""
    if hasattr(request.state, "staff_session"):
        return request.state.staff_session
    raw = request.cookies.get(COOKIE)
    data: dict = {}
    if raw:
        try:
            loaded = _serializer(request).loads(raw, max_age=SESSION_SECONDS)
            data = loaded if isinstance(loaded, dict) else {}
        except BadSignature:
            data = {}
    request.state.staff_session = data
    return data


def start_session(request: Request, data: dict) -> None:
    """Replace the session (the cookie is written on the way out)."""
    data = {**data, "csrf": secrets.token_urlsafe(32)}
    request.state.staff_session = data
    request.state.staff_session_changed = True


def end_session(request: Request) -> None:
    request.state.staff_session = {}
    request.state.staff_session_changed = True


def csrf_token(request: Request) -> str:
    """The form token for this session; an anonymous session gets one too (the login form)."""
    session = read_session(request)
    if not session.get("csrf"):
        start_session(request, session)
    return request.state.staff_session["csrf"]


def write_cookie(request: Request, response: Response) -> None:
    if not getattr(request.state, "staff_session_changed", False):
        return
    data = request.state.staff_session
    secure = request.app.state.settings.secure_cookies or request.url.scheme == "https"
    if not data:
        response.delete_cookie(COOKIE, path=COOKIE_PATH, secure=secure, httponly=True, samesite="lax")
        return
    response.set_cookie(
        COOKIE, _serializer(request).dumps(data), max_age=SESSION_SECONDS, path=COOKIE_PATH,
        secure=secure, httponly=True, samesite="lax",
    )


def current_member(request: Request) -> StaffMember | None:
    """The signed-in, still active staff member, or None. Roles are read fresh each time."""
    if hasattr(request.state, "staff_user"):
        return request.state.staff_user
    session = read_session(request)
    member = None
    if isinstance(session.get("uid"), int):
        member = staff_service.member(request.app.state.db.sessionmaker, session["uid"])
        if member is not None and not hmac.compare_digest(member.fingerprint, str(session.get("fp"))):
            member = None
    if member is not None:
        # deps.get_actor reads this: staff actions are done as this person.
        request.state.staff_user = member
    return member


def require_member(request: Request) -> StaffMember:
    member = current_member(request)
    if member is None:
        raise LoginRequired()
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
    return FormFields([(k, v) for k, v in form.multi_items() if isinstance(v, str) and k != CSRF_FIELD])


class FailedLogins:
    """Failed logins per client address in a sliding window, in this process: on top of
    the per-account lockout, it slows one address trying many usernames."""

    def __init__(self, limit: int = 30, window_seconds: float = 600.0) -> None:
        self.limit, self.window = limit, window_seconds
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        times = self._seen.setdefault(address, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def blocked(self, address: str) -> float | None:
        """Seconds to wait, or None."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(address, now)
            if len(times) >= self.limit:
                return times[0] + self.window - now
            if not times:
                self._seen.pop(address, None)
        return None

    def failed(self, address: str) -> None:
        with self._lock:
            self._recent(address, time.monotonic()).append(time.monotonic())


def failed_logins(request: Request) -> FailedLogins:
    state = request.app.state
    if getattr(state, "staff_failed_logins", None) is None:
        state.staff_failed_logins = FailedLogins()
    return state.staff_failed_logins


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def safe_next(target: str | None) -> str:
    """Only ever redirect within the staff pages after login."""
    if target and target.startswith("/staff") and not target.startswith("//") and "\\" not in target:
        return target
    return "/staff"
