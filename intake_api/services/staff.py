"""Staff users: argon2-hashed passwords and roles (handler, manager, admin)."""

from __future__ import annotations

from argon2 import PasswordHasher
from sqlalchemy.exc import IntegrityError

from ..models import StaffUser

ROLES = ("handler", "manager", "admin")
_hasher = PasswordHasher()


class StaffError(ValueError):
    pass


def add_user(session_factory, username: str, role: str, password: str) -> StaffUser:  # noqa: ANN001
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if len(password) < 10:
        raise StaffError("the password must be at least 10 characters")
    if not username or len(username) > 100:
        raise StaffError("the username must be 1 to 100 characters")
    try:
        with session_factory() as s, s.begin():
            user = StaffUser(username=username, role=role, password_hash=_hasher.hash(password))
            s.add(user)
    except IntegrityError:
        raise StaffError(f"a user named {username!r} already exists") from None
    return user
