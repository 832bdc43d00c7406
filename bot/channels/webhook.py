"""What the provider webhooks (Twilio, Telegram) share: the ledger, a blueprint that
says whether the channel is configured, and one turn of the conversation through Rasa.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from .common import render_turn
from .ledger import Ledger

log = logging.getLogger(__name__)


class WebhookInput(InputChannel):
    """A provider's webhook, configured from the environment: ``missing`` names the
    settings not set (the webhook answers 503 until they are)."""

    missing: list[str]
    _ledger: Ledger | None

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            self._ledger = Ledger()
        return self._ledger

    def webhook_blueprint(self, carries: str | None = None) -> Blueprint:
        """The channel's blueprint with its health check; logs whether the channel is on
        (``carries``: what it brings, when its name does not say)."""
        bp = Blueprint(f"{self.name()}_webhook", type(self).__module__)
        if self.missing:
            log.warning("%s channel is off: %s not set; its webhook answers 503",
                        self.name(), ", ".join(self.missing))
        else:
            log.info("%s channel is on%s", self.name(), f" ({carries})" if carries else "")

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if not self.missing else "not configured"})

        return bp

    async def turn(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], text: str,
                   conversation: str, metadata: dict[str, Any],
                   message_id: str) -> tuple[str, list[dict[str, Any]]]:
        """Hand the resident's message to Rasa; the bot's answer in one text and its
        buttons, which are kept so a numbered reply can be resolved next time."""
        collector = CollectingOutputChannel()
        await on_new_message(UserMessage(text, collector, conversation, input_channel=self.name(),
                                         metadata=metadata, message_id=message_id))
        answer, buttons = render_turn(collector.messages)
        await asyncio.to_thread(self.ledger.set_choices, conversation, buttons)
        return answer, buttons
