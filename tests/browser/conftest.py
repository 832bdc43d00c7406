"""Browser tests' fixtures: the shared Chromium in common.py; each page's own beside its tests."""

from tests.browser.common import browser  # noqa: F401
from tests.browser.webchat_fixtures import chat_page, chat_stack, webchat_browser  # noqa: F401
