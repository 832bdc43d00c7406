"""Staff pages under /staff (issue: staff handoff review): see docs/staff.md."""

from .routes import router

__all__ = ["router"]
