"""Browser tests' fixtures. Each page's live beside its tests (``*_fixtures.py``)."""

from tests.browser.webchat_fixtures import chat_page, chat_stack, webchat_browser  # noqa: F401
