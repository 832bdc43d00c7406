"""Staff users: argon2-hashed passwords, login with lockout, and what each role may do."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..domain.calendar import LONDON
from ..models import StaffUser

ROLES = ("handler", "manager", "admin")
_RANK = {role: rank for rank, role in enumerate(ROLES)}
_hasher = PasswordHasher()

# Lockout: after this many failures in a row the account waits, one minute at first,
# doubling with each further failure, never more than an hour.
MAX_FAILED_LOGINS = 5
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)

# The least role each staff action needs (docs/staff.md). A manager can do all a
# handler can, an admin all a manager can.
PERMISSIONS: dict[str, str] = {
    "view": "handler",
    "acknowledge": "handler",
    "edit_definition": "handler",
    "reclassify": "handler",  # to a complaint: never talk a resident out of complaining (1.3)
    "reclassify_from_complaint": "manager",  # a complaint becomes something else
    "extend": "handler",
    "extend_beyond_limit": "manager",  # Code 6.4 / 6.15: only with good reason
    "respond": "handler",
    "escalate": "handler",
    "note": "handler",
    "close": "handler",
    "close_unanswered_complaint": "manager",  # closing a complaint with no response sent
    "assign": "manager",
    "decline": "manager",  # Code 2.1-2.5: exclusions are a decision to evidence
    "manage_users": "admin",
}

BAD_LOGIN = "That username and password do not match an active account."


class StaffError(ValueError):
    pass


class LoginRefused(StaffError):
    def __init__(self, message: str, locked_until: datetime | None = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


@dataclass(frozen=True)
class StaffMember:
    """A signed-in staff member as the pages see them (``request.state.staff_user``)."""

    id: int
    username: str
    role: str
    fingerprint: str

    def may(self, action: str) -> bool:
        return allowed(self.role, action)


def allowed(role: str, action: str) -> bool:
    needed = PERMISSIONS[action]
    return _RANK.get(role, -1) >= _RANK[needed]


def fingerprint(password_hash: str) -> str:
    """Ties a session to the password it was opened with: a new password ends old sessions."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def _member(user: StaffUser) -> StaffMember:
    return StaffMember(user.id, user.username, user.role, fingerprint(user.password_hash))


def _now() -> datetime:
    return datetime.now(UTC)


def _check_password(password: str) -> None:
    if len(password) < 10:
        raise StaffError("the password must be at least 10 characters")
    if len(password) > 1000:
        raise StaffError("the password must be at most 1000 characters")


def add_user(session_factory, username: str, role: str, password: str) -> StaffUser:
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    _check_password(password)
    username = username.strip()
    if not username or len(username) > 100:
        raise StaffError("the username must be 1 to 100 characters")
    try:
        with session_factory() as s, s.begin():
            user = StaffUser(username=username, role=role, password_hash=_hasher.hash(password))
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


def lock_for(failed_logins: int) -> timedelta | None:
    """How long an account waits after ``failed_logins`` failures in a row."""
    if failed_logins < MAX_FAILED_LOGINS:
        return None
    return min(FIRST_LOCK * 2 ** (failed_logins - MAX_FAILED_LOGINS), LONGEST_LOCK)


def authenticate(session_factory, username: str, password: str, now: datetime | None = None) -> StaffMember:
    """Check a login. Raises LoginRefused with a message fit to show; the same message
    whether the username or the password is wrong."""
    now = now or _now()
    with session_factory() as s:
        user = s.execute(
            select(StaffUser).where(StaffUser.username == username.strip())
        ).scalar_one_or_none()
    if user is None or not user.active:
        _verify(_dummy_hash(), password)  # as slow as a real check: usernames can't be probed
        raise LoginRefused(BAD_LOGIN)
    if user.locked_until is not None and user.locked_until > now:
        raise LoginRefused(_locked_message(user.locked_until), user.locked_until)
    if _verify(user.password_hash, password):
        with session_factory() as s, s.begin():
            values: dict = {"failed_logins": 0, "locked_until": None}
            if _hasher.check_needs_rehash(user.password_hash):
                values["password_hash"] = user.password_hash = _hasher.hash(password)
            s.execute(update(StaffUser).where(StaffUser.id == user.id).values(**values))
        return _member(user)
    with session_factory() as s, s.begin():
        failed = s.execute(
            update(StaffUser).where(StaffUser.id == user.id)
            .values(failed_logins=StaffUser.failed_logins + 1)
            .returning(StaffUser.failed_logins)
        ).scalar_one()
        wait = lock_for(failed)
        if wait is not None:
            s.execute(update(StaffUser).where(StaffUser.id == user.id).values(locked_until=now + wait))
    if wait is not None:
        raise LoginRefused(_locked_message(now + wait), now + wait)
    raise LoginRefused(BAD_LOGIN)


def _locked_message(until: datetime) -> str:
    return (
        "Too many failed attempts: this account is locked until "
        f"{until.astimezone(LONDON):%H:%M} (UK time). An admin can unlock it sooner."
    )


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
    with session_factory() as s, s.begin():
        done = s.execute(
            update(StaffUser).where(StaffUser.username == username).values(active=active)
        ).rowcount
    if not done:
        raise StaffError(f"no user named {username!r}")


def change_password(session_factory, user_id: int, current: str, new: str) -> StaffMember:
    """Change one's own password; sessions opened with the old one end."""
    _check_password(new)
    with session_factory() as s, s.begin():
        user = s.get(StaffUser, user_id)
        if user is None or not _verify(user.password_hash, current):
            raise StaffError("the current password is not right")
        if current == new:
            raise StaffError("the new password must differ from the current one")
        user.password_hash = _hasher.hash(new)
    return _member(user)
