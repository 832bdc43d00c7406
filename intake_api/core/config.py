"""One settings object, everything from the environment (prefix ``INTAKE_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = REPO_ROOT / "var"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    database_url: str = Field(default=f"sqlite:///{VAR_DIR / 'intake.sqlite3'}")
    policy: str = "code-2024"
    max_body_bytes: int = 1_000_000
    page_size_max: int = 200
    # Secret for signing staff sessions and CSRF tokens. Without one, a random
    # secret is generated once and kept in var/ (never in the repo).
    secret_key: str | None = None
    # Where generated secrets live (mode 0700; files in it 0600).
    var_dir: Path = VAR_DIR
    secure_cookies: bool = False
    rasa_url: str = "http://localhost:5005"
    sla_monitor_interval_seconds: float = 60.0
    # Per API process; keep workers × (size + overflow) under PostgreSQL's max_connections.
    # A pool as large as the concurrency it serves: connections made and dropped per
    # request (overflow) cost a PostgreSQL backend each.
    db_pool_size: int = 20
    db_pool_overflow: int = 5

    # Staff sessions (docs/staff.md): at most this long after login, and ended after
    # this long without a request.
    staff_session_hours: float = 10.0
    staff_session_idle_minutes: float = 120.0
    # Shared rate-limit storage: Redis when set (INTAKE_REDIS_URL or REDIS_URL), else the
    # database. The prefix keeps several deployments (or test runs) on one Redis apart.
    redis_url: str | None = Field(default=None, validation_alias=AliasChoices("INTAKE_REDIS_URL", "REDIS_URL"))
    rate_limit_prefix: str = "intake"
    # Login throttling, in the `limits` notation ("5 per 15 minutes"): failed logins per
    # username and client address, and failed logins per client address whatever the username.
    login_limit_account: str = "5 per 15 minutes"
    login_limit_address: str = "30 per 15 minutes"
    # Proxies whose X-Forwarded-For is believed: comma-separated addresses or networks
    # (e.g. "127.0.0.1,10.0.0.0/8"). Empty: the socket peer is the client.
    trusted_proxies: str = ""
    # Direct loopback callers are not rate-limited on public endpoints unless this is set.
    rate_limit_loopback: bool = False

    # Resident notices (docs/outbound.md). Provider base URLs are settings so tests can
    # point them at local stand-ins; no other outbound address is used. The credentials
    # have the names the inbound channels use (docs/channels.md).
    twilio_api_base: str = Field(default="https://api.twilio.com", validation_alias="TWILIO_API_BASE")
    twilio_account_sid: str | None = Field(default=None, validation_alias="TWILIO_ACCOUNT_SID")
    twilio_auth_token: str | None = Field(default=None, validation_alias="TWILIO_AUTH_TOKEN")
    twilio_number: str | None = Field(default=None, validation_alias="TWILIO_NUMBER")
    # The WhatsApp sender, if not the SMS number.
    twilio_whatsapp_number: str | None = Field(default=None, validation_alias="TWILIO_WHATSAPP_NUMBER")
    telegram_api_base: str = Field(default="https://api.telegram.org", validation_alias="TELEGRAM_API_BASE")
    telegram_bot_token: str | None = Field(default=None, validation_alias="TELEGRAM_BOT_TOKEN")
    smtp_host: str | None = Field(default=None, validation_alias="SMTP_HOST")
    smtp_port: int = Field(default=587, validation_alias="SMTP_PORT")
    smtp_username: str | None = Field(default=None, validation_alias="SMTP_USERNAME")
    smtp_password: str | None = Field(default=None, validation_alias="SMTP_PASSWORD")
    # starttls (port 587), tls (implicit, port 465) or none (a relay on this machine only).
    smtp_security: str = Field(default="starttls", validation_alias="SMTP_SECURITY")
    smtp_from: str | None = Field(default=None, validation_alias="SMTP_FROM")
    # The public https address of this API: Twilio's delivery status callbacks go to
    # <public_url>/webhooks/twilio/status, and their signature is checked against it.
    public_url: str | None = None
    outbox_interval_seconds: float = 5.0
    outbox_max_attempts: int = 8
    outbox_backoff_seconds: float = 30.0
    outbox_backoff_max_seconds: float = 3600.0

    @field_validator("database_url")
    @classmethod
    def _use_psycopg3(cls, url: str) -> str:
        # Accept plain postgresql:// URLs and use the psycopg (v3) driver.
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix):]
        return url

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
