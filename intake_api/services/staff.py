"""Staff users: argon2-hashed passwords, server-side sessions, and what each role may do.

Login throttling lives with the login page (``staff/auth.py``), over the shared limiter."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..models import StaffSession, StaffUser
from . import access

ROLES = ("handler", "manager", "admin")
_hasher = PasswordHasher()

# A session's last-seen time is written at most this often (not on every page).
LAST_SEEN_EVERY = timedelta(minutes=1)

# What each role may do is the scopes it grants (services/access.py), the same checks
# the case service makes for API keys. The least role each staff action needs
# (docs/staff.md): a manager can do all a handler can, an admin all a manager can.
STAFF_ACTIONS = (
    "view", "acknowledge", "edit_definition", "reclassify", "reclassify_from_complaint",
    "extend", "extend_beyond_limit", "respond", "escalate", "note", "close",
    "close_unanswered_complaint", "assign", "decline", "manage_users", "read_reports",
    "set_hazard", "record_hazard_step",
    "resend_notice",
)
PERMISSIONS: dict[str, str] = {
    action: next(role for role in ROLES if access.allowed(access.scopes_for_role(role), action))
    for action in STAFF_ACTIONS
}

BAD_LOGIN = "That username and password do not match an active account."


class StaffError(ValueError):
    pass


class LoginRefused(StaffError):
    pass


@dataclass(frozen=True)
class StaffMember:
    """A signed-in staff member as the pages see them (``request.state.staff_user``)."""

    id: int
    username: str
    role: str
    must_change_password: bool = False

    def may(self, action: str) -> bool:
        return allowed(self.role, action)


def allowed(role: str, action: str) -> bool:
    return access.allowed(access.scopes_for_role(role), action)


def _member(user: StaffUser) -> StaffMember:
    return StaffMember(user.id, user.username, user.role, bool(user.must_change_password))


def _now() -> datetime:
    return datetime.now(UTC)


def _check_password(password: str) -> None:
    if len(password) < 10:
        raise StaffError("the password must be at least 10 characters")
    if len(password) > 1000:
        raise StaffError("the password must be at most 1000 characters")


def add_user(
    session_factory, username: str, role: str, password: str, must_change_password: bool = False
) -> StaffUser:
    """``must_change_password`` for a one-time password (the generated first admin's): the
    user is sent to the password page until they choose their own."""
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    _check_password(password)
    username = username.strip()
    if not username or len(username) > 100:
        raise StaffError("the username must be 1 to 100 characters")
    try:
        with session_factory() as s, s.begin():
            user = StaffUser(username=username, role=role, password_hash=_hasher.hash(password),
                             must_change_password=must_change_password)
            s.add(user)
    except IntegrityError:
        raise StaffError(f"a user named {username!r} already exists") from None
    return user


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("not a real password, only here to take the same time")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(session_factory, username: str, password: str) -> StaffMember:
    """Check a login. Raises LoginRefused with the same message, after the same argon2
    work, whether the username is unknown, inactive or the password wrong: usernames
    cannot be probed. ``failed_logins`` counts failures since the last success, for the
    users page; throttling is per username and address, in the shared limiter."""
    with session_factory() as s:
        user = s.execute(
            select(StaffUser).where(StaffUser.username == username.strip())
        ).scalar_one_or_none()
    if user is None or not user.active:
        _verify(_dummy_hash(), password)
        raise LoginRefused(BAD_LOGIN)
    if _verify(user.password_hash, password):
        with session_factory() as s, s.begin():
            values: dict = {"failed_logins": 0, "locked_until": None}
            if _hasher.check_needs_rehash(user.password_hash):
                values["password_hash"] = user.password_hash = _hasher.hash(password)
            s.execute(update(StaffUser).where(StaffUser.id == user.id).values(**values))
        return _member(user)
    with session_factory() as s, s.begin():
        s.execute(update(StaffUser).where(StaffUser.id == user.id)
                  .values(failed_logins=StaffUser.failed_logins + 1))
    raise LoginRefused(BAD_LOGIN)


# ---- sessions: a random token in the cookie, its hash in staff_sessions ------------------


def _session_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session_factory, user_id: int, lifetime: timedelta, now: datetime | None = None) -> str:
    """A new session for this user; returns the token for the cookie (stored only hashed).
    Expired sessions are swept here: logins are rare enough."""
    now = now or _now()
    token = secrets.token_urlsafe(32)
    with session_factory() as s, s.begin():
        s.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
        s.add(StaffSession(id=_session_id(token), user_id=user_id, created_at=now, last_seen_at=now,
                           expires_at=now + lifetime))
    return token


def session_member(session_factory, token: str, idle: timedelta, now: datetime | None = None) -> StaffMember | None:
    """The active staff member whose live session this token opens, or None. A session
    ends at its expiry or after ``idle`` without a request."""
    now = now or _now()
    with session_factory() as s:
        row = s.execute(
            select(StaffSession, StaffUser).join(StaffUser, StaffUser.id == StaffSession.user_id)
            .where(StaffSession.id == _session_id(token), StaffSession.expires_at > now,
                   StaffSession.last_seen_at > now - idle, StaffUser.active.is_(True))
        ).one_or_none()
        if row is None:
            return None
        session, user = row
        if session.last_seen_at <= now - LAST_SEEN_EVERY:
            s.execute(update(StaffSession).where(StaffSession.id == session.id).values(last_seen_at=now))
            s.commit()
        return _member(user)


def close_session(session_factory, token: str) -> None:
    with session_factory() as s, s.begin():
        s.execute(delete(StaffSession).where(StaffSession.id == _session_id(token)))


def close_sessions(session_factory, user_id: int) -> int:
    """End every session of this user at once (password change, deactivation)."""
    with session_factory() as s, s.begin():
        return s.execute(delete(StaffSession).where(StaffSession.user_id == user_id)).rowcount


def member(session_factory, user_id: int) -> StaffMember | None:
    """The active staff member with this id, or None."""
    with session_factory() as s:
        user = s.get(StaffUser, user_id)
        if user is None or not user.active:
            return None
        return _member(user)


def list_users(session_factory) -> list[StaffUser]:
    with session_factory() as s:
        return list(s.execute(select(StaffUser).order_by(StaffUser.username)).scalars())


def active_usernames(session_factory) -> list[str]:
    with session_factory() as s:
        return list(s.execute(
            select(StaffUser.username).where(StaffUser.active.is_(True)).order_by(StaffUser.username)
        ).scalars())


def unlock(session_factory, username: str) -> None:
    with session_factory() as s, s.begin():
        done = s.execute(
            update(StaffUser).where(StaffUser.username == username)
            .values(failed_logins=0, locked_until=None)
        ).rowcount
    if not done:
        raise StaffError(f"no user named {username!r}")


def set_active(session_factory, username: str, active: bool) -> None:
    """Deactivating ends the user's sessions in the same transaction."""
    with session_factory() as s, s.begin():
        user_id = s.execute(
            update(StaffUser).where(StaffUser.username == username).values(active=active)
            .returning(StaffUser.id)
        ).scalar_one_or_none()
        if user_id is not None and not active:
            s.execute(delete(StaffSession).where(StaffSession.user_id == user_id))
    if user_id is None:
        raise StaffError(f"no user named {username!r}")


def change_password(session_factory, user_id: int, current: str, new: str) -> StaffMember:
    """Change one's own password. Every session of the user ends (the caller opens a new
    one for the browser that made the change); a one-time password is then spent."""
    _check_password(new)
    with session_factory() as s, s.begin():
        user = s.get(StaffUser, user_id)
        if user is None or not _verify(user.password_hash, current):
            raise StaffError("the current password is not right")
        if current == new:
            raise StaffError("the new password must differ from the current one")
        user.password_hash = _hasher.hash(new)
        user.must_change_password = False
        s.execute(delete(StaffSession).where(StaffSession.user_id == user_id))
    return _member(user)
