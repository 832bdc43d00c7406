"""One settings object, everything from the environment (prefix ``INTAKE_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
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
    secure_cookies: bool = False
    rasa_url: str = "http://localhost:5005"
    sla_monitor_interval_seconds: float = 60.0
    # Per API process; keep workers × (size + overflow) under PostgreSQL's max_connections.
    # A pool as large as the concurrency it serves: connections made and dropped per
    # request (overflow) cost a PostgreSQL backend each.
    db_pool_size: int = 20
    db_pool_overflow: int = 5

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
