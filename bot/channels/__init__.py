"""Custom Rasa input channels: Twilio (SMS and WhatsApp), Telegram, and the web chat.

Each connector is named in ``bot/credentials.yml`` by its class path
(``channels.twilio_channel.TwilioInput``…); Rasa imports it from ``bot/``. Secrets
are read from the environment by the connectors themselves, so a channel whose
secrets are unset does not stop Rasa starting: it answers 503 until configured.
``guard`` holds what every public endpoint shares: size caps, rate limits, clean text.
See docs/channels.md.
"""
