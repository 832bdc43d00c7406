"""The resident web chat page at / (issue: channels)."""

from fastapi import APIRouter

router = APIRouter()
