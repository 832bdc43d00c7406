"""Staff pages under /staff (issue: staff handoff review)."""

from fastapi import APIRouter

router = APIRouter()
