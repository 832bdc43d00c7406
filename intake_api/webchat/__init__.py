"""The resident web chat page at ``/``: a page and a small widget talking to Rasa's
socket.io channel (``channels.webchat.WebChatInput``), with every asset served from
here — no CDN. See docs/channels.md."""

from .routes import router

__all__ = ["router"]
