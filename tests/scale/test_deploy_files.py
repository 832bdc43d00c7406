"""The deployment files agree with each other and with what `make run` starts: the
compose proxy is the production template rendered, only the proxy publishes a port (on
127.0.0.1 unless told otherwise), every Rasa server loads the one shared model with the
shared stores, and the settings bot/endpoints.shared.yml reads are all provided."""

from __future__ import annotations

import re

import pytest
import yaml

from scripts.cluster import COMPOSE_PROXY, compose_nginx_conf
from scripts.rasa_server import shared_store_settings
from scripts.stack import ROOT

DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_the_compose_proxy_is_the_production_template_rendered():
    assert (DEPLOY / "nginx" / "compose.conf").read_text() == compose_nginx_conf()


def test_only_the_proxy_publishes_a_port_and_on_loopback_unless_told(compose):
    published = {name: s["ports"] for name, s in compose["services"].items() if s.get("ports")}
    assert list(published) == ["proxy"]
    assert published["proxy"] == ["${PROXY_BIND:-127.0.0.1}:${PROXY_PORT:-8443}:8443"]
    assert COMPOSE_PROXY["PUBLIC_LISTEN"] == "8443 ssl"  # TLS at the proxy


def test_every_rasa_server_loads_the_one_shared_model_with_the_shared_stores(compose):
    rasa = compose["services"]["rasa"]
    command = rasa["command"]
    assert command[command.index("--endpoints") + 1] == "endpoints.shared.yml"
    assert command[command.index("--model") + 1] == "/models/current.tar.gz"
    assert "models:/models:ro" in rasa["volumes"]
    assert "models:/models" in compose["services"]["model-init"]["volumes"]
    # The private listeners the compose proxy balances are the ports the servers use.
    assert COMPOSE_PROXY["RASA_SERVERS"].strip().startswith("server rasa:5005")
    assert command[command.index("--port") + 1] == "5005"
    assert "5055" in compose["services"]["actions"]["command"]
    assert rasa["environment"]["ACTION_SERVER_URL"] == "http://proxy:5055/webhook"


def test_what_the_shared_endpoints_read_is_all_provided(compose):
    wanted = set(re.findall(r"\$\{(\w+)\}", (ROOT / "bot" / "endpoints.shared.yml").read_text()))
    rasa_env = compose["services"]["rasa"]["environment"]
    derived = shared_store_settings({
        "ASSISTANT_DATABASE_URL": rasa_env["ASSISTANT_DATABASE_URL"].replace(
            "${ASSISTANT_DB_PASSWORD:?set it in deploy/.env}", "pw"),
        "REDIS_URL": rasa_env["REDIS_URL"]})
    assert wanted <= set(derived) | set(rasa_env)


def test_the_store_urls_are_split_for_rasa_and_bad_ones_refused():
    settings = shared_store_settings({
        "ASSISTANT_DATABASE_URL": "postgresql+psycopg://assistant:p%40ss@db.internal/assistant",
        "REDIS_URL": "redis://:secret@cache.internal:6380/2"})
    assert settings == {
        "ASSISTANT_DB_HOST": "db.internal", "ASSISTANT_DB_PORT": "5432",
        "ASSISTANT_DB_NAME": "assistant", "ASSISTANT_DB_USER": "assistant",
        "ASSISTANT_DB_PASSWORD": "p@ss", "REDIS_HOST": "cache.internal", "REDIS_PORT": "6380",
        "REDIS_DB": "2", "REDIS_PASSWORD": "secret"}
    with pytest.raises(ValueError, match="ASSISTANT_DATABASE_URL"):
        shared_store_settings({"ASSISTANT_DATABASE_URL": "sqlite:///x", "REDIS_URL": "redis://r"})
    with pytest.raises(ValueError, match="REDIS_URL"):
        shared_store_settings({"ASSISTANT_DATABASE_URL": "postgresql://h/db", "REDIS_URL": ""})
