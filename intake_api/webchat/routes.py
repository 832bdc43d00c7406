"""Routes for the web chat page and its static files."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ..services.policies import policy_for

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")

# Rasa's socket.io endpoint for the web chat (bot/credentials.yml).
SOCKETIO_PATH = "/webchat/socket.io"
# The longest message the bot reads in one go: bot/channels/guard.py MAX_TEXT_CHARS (the
# bot answers a longer one by asking for shorter parts; the page says so before sending).
MAX_MESSAGE_CHARS = 4000

STATIC_FILES = {
    "webchat.css": "text/css",
    "webchat.js": "text/javascript",
    "vendor/socket.io.min.js": "text/javascript",
}

router = APIRouter(include_in_schema=False)


def browser_rasa_url(request: Request) -> str:
    """Where the resident's browser reaches Rasa: ``INTAKE_WEBCHAT_RASA_URL`` when the
    public address differs from the one the API uses (behind a proxy), else
    ``INTAKE_RASA_URL``."""
    return (os.environ.get("INTAKE_WEBCHAT_RASA_URL") or request.app.state.settings.rasa_url).rstrip("/")


def _content_security_policy(rasa_url: str) -> str:
    parts = urlsplit(rasa_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    ws = ("wss://" if parts.scheme == "https" else "ws://") + parts.netloc
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' {origin} {ws}; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'")


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request) -> Response:
    settings = request.app.state.settings
    policy = policy_for(settings.policy)
    rasa_url = browser_rasa_url(request)
    response = templates.TemplateResponse(request, "webchat.html", {
        "rasa_url": rasa_url,
        "socketio_path": SOCKETIO_PATH,
        "max_chars": MAX_MESSAGE_CHARS,
        "out_of_hours_phone": policy.out_of_hours_phone,
        "landlord_phone": policy.landlord_phone,
        "ombudsman": policy.ombudsman,
    })
    response.headers["Content-Security-Policy"] = _content_security_policy(rasa_url)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/webchat/static/{name:path}")
def static(name: str) -> Response:
    if name not in STATIC_FILES:  # a fixed list: no path from the request reaches the disk
        return Response(status_code=404)
    return FileResponse(HERE / "static" / name, media_type=STATIC_FILES[name],
                        headers={"Cache-Control": "public, max-age=3600",
                                 "X-Content-Type-Options": "nosniff"})
