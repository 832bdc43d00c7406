"""The production profile: N Rasa servers, N action servers and an intake API with M
workers behind nginx, sharing PostgreSQL and Redis (docs/scaling.md).

``make run`` starts this instead of the one-of-each stack when ``INTAKE_DATABASE_URL``
(PostgreSQL) and ``REDIS_URL`` are set; counts come from ``RASA_REPLICAS``,
``ACTION_REPLICAS`` and ``API_WORKERS``. The tests in tests/scale and ``make bench`` start
it too. Stdlib only (plus httpx), like scripts/stack.py, so it runs in either environment.

What is shared, and where:

- Rasa's tracker store in PostgreSQL and each conversation's lock in Redis
  (bot/endpoints.shared.yml): a resident's turns may reach any Rasa server.
- The channels' ledger (replayed webhooks, opt-outs, the secrets that turn phone numbers
  into conversation ids) and the action servers' outbox in the same PostgreSQL database,
  the assistant's own (``ASSISTANT_DATABASE_URL``, by default the intake database's name
  with ``_assistant``: the assistant never holds the intake database's credentials).
- Rate limits in Redis (the API's login throttling, the channels' limits).
- One model: the newest in bot/models, copied once under its content hash into
  ``<workdir>/models/`` and loaded by every Rasa server from there; start-up fails if
  two servers report different models.

nginx (Debian's package) is the only door: the public paths on ``PROXY_HOST:PROXY_PORT``
(127.0.0.1:8080 unless told otherwise; TLS with ``PROXY_TLS_CERT`` and ``PROXY_TLS_KEY``),
the Rasa servers as one on ``RASA_PORT`` and the action servers as one on
``ACTION_SERVER_PORT``, both private. Its configuration: deploy/nginx/intake.conf.template.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import httpx

from scripts.stack import (
    LOOPBACK,
    RASA_BIN,
    ROOT,
    Stack,
    free_port,
)

TEMPLATE = ROOT / "deploy" / "nginx" / "intake.conf.template"
SHARED_ENDPOINTS = "endpoints.shared.yml"
# Longer than the slowest turn (the intake API's retry budget is 7.5 s), short enough that
# a conversation whose server was killed mid-turn carries on within half a minute.
DEFAULT_LOCK_LIFETIME = 30


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)


def is_postgres(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme.split("+")[0] in ("postgres", "postgresql")


def assistant_database_for(intake_url: str) -> str:
    """The assistant's own database beside the intake database: ``<name>_assistant``."""
    parts = urlsplit(intake_url)
    name = parts.path.strip("/") or "intake"
    return urlunsplit(parts._replace(path=f"/{name}_assistant"))


def ensure_database(url: str) -> None:
    """Create the database ``url`` names if it does not exist (needs CREATEDB)."""
    parts = urlsplit(url)
    name = parts.path.strip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    try:
        import psycopg  # the intake API's environment

        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                return
            conn.execute(f'CREATE DATABASE "{name}"')
    except ImportError:
        import psycopg2  # Rasa's environment

        conn = psycopg2.connect(admin, connect_timeout=10)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                if not cur.fetchone():
                    cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()


def pin_model(source: Path, into: Path) -> Path:
    """``source`` copied into ``into`` under its content hash; every Rasa server loads
    this one file, so retraining while they run changes none of them."""
    digest = hashlib.sha256()
    with open(source, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    target = into / f"model-{digest.hexdigest()[:16]}.tar.gz"
    if not target.exists():
        into.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    return target


def newest_model(where: Path) -> Path:
    if where.is_file():
        return where
    models = sorted(where.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError(f"no trained model in {where}: run `make model`")
    return models[-1]


def render_nginx(template: str, values: dict[str, str]) -> str:
    """The template with every ``{{NAME}}`` replaced; a name left unfilled is an error."""
    def fill(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return re.sub(r"\{\{([A-Z_]+)\}\}", fill, template)


@dataclass
class Cluster(Stack):
    """``Stack`` with replicas: ``rasa_port`` and ``actions_port`` are nginx's private
    listeners in front of the replicas, so everything that talks to "the Rasa server"
    or "the action server" (the web chat page, make eval, Rasa itself) is unchanged."""

    rasa_replicas: int = 2
    action_replicas: int = 2
    redis_url: str | None = None
    assistant_database_url: str | None = None
    proxy_host: str = field(default_factory=lambda: os.environ.get("PROXY_HOST") or LOOPBACK)
    proxy_port: int | None = None
    tls_cert: str | None = field(default_factory=lambda: os.environ.get("PROXY_TLS_CERT") or None)
    tls_key: str | None = field(default_factory=lambda: os.environ.get("PROXY_TLS_KEY") or None)
    staff_allow: str = field(default_factory=lambda: os.environ.get("STAFF_ALLOW") or LOOPBACK)
    lock_lifetime: int = field(default_factory=lambda: int(
        os.environ.get("TICKET_LOCK_LIFETIME") or DEFAULT_LOCK_LIFETIME))
    replica_ports_follow: bool = False  # make run: Rasa on RASA_PORT+1…, actions on +1…
    nginx_workers: str = "1"  # the replicas need the cores more than the proxy does

    def __post_init__(self) -> None:
        super().__post_init__()
        if not is_postgres(self.database_url) and not self.assistant_database_url:
            raise ValueError("the production profile needs PostgreSQL: set INTAKE_DATABASE_URL "
                             "to a postgresql:// URL (or ASSISTANT_DATABASE_URL)")
        if not self.redis_url:
            raise ValueError("the production profile needs Redis: set REDIS_URL")
        self.assistant_database_url = (self.assistant_database_url
                                       or assistant_database_for(self.database_url))
        self.proxy_port = self.proxy_port or free_port()
        if self.public_url not in self.cors_origins and not os.environ.get("RASA_CORS_ORIGINS"):
            self.cors_origins.append(self.public_url)  # the web chat page, through the proxy

        def ports(base: int, count: int) -> list[int]:
            return [base + i for i in range(1, count + 1)] if self.replica_ports_follow else [
                free_port() for _ in range(count)]

        self.rasa_ports = ports(self.rasa_port, self.rasa_replicas)
        self.action_ports = ports(self.actions_port, self.action_replicas)
        self.model_file: Path | None = None

    # -- names and addresses -----------------------------------------------------------

    @property
    def rasa_names(self) -> list[str]:
        return [f"rasa-{i}" for i in range(1, self.rasa_replicas + 1)]

    @property
    def action_names(self) -> list[str]:
        return [f"actions-{i}" for i in range(1, self.action_replicas + 1)]

    @property
    def public_url(self) -> str:
        scheme = "https" if self.tls_cert else "http"
        host = LOOPBACK if self.proxy_host in ("0.0.0.0", "::") else self.proxy_host
        return f"{scheme}://{host}:{self.proxy_port}"

    def replica_url(self, name: str) -> str:
        kind, index = name.rsplit("-", 1)
        if kind == "rasa":
            return f"http://{LOOPBACK}:{self.rasa_ports[int(index) - 1]}"
        return f"http://{LOOPBACK}:{self.action_ports[int(index) - 1]}"

    @property
    def nginx_dir(self) -> Path:
        return self.workdir / "nginx"

    def env(self) -> dict[str, str]:
        env = super().env()
        env.update(
            ASSISTANT_DATABASE_URL=self.assistant_database_url,
            REDIS_URL=self.redis_url,
            TICKET_LOCK_LIFETIME=str(self.lock_lifetime),
            # Requests through the proxy carry the resident's address in X-Forwarded-For.
            CHANNEL_TRUSTED_PROXIES=env.get("CHANNEL_TRUSTED_PROXIES") or LOOPBACK,
            INTAKE_TRUSTED_PROXIES=env.get("INTAKE_TRUSTED_PROXIES") or LOOPBACK,
            INTAKE_WEBCHAT_RASA_URL=env.get("INTAKE_WEBCHAT_RASA_URL") or self.public_url,
        )
        if self.tls_cert:
            env.setdefault("INTAKE_SECURE_COOKIES", "true")
        env.update(self.extra_env)
        return env

    def process_env(self, name: str) -> dict[str, str]:
        kind = name.split("-")[0]
        env = super().process_env(kind if kind in ("rasa", "actions", "api") else "api")
        if kind == "api":
            env.pop("ASSISTANT_DATABASE_URL", None)  # the API has its own database
        if kind == "proxy":
            env = {"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin")}
        return env

    # -- lifecycle -----------------------------------------------------------------------

    def start_all(self) -> None:
        self.prepare()
        self.start("api")
        self.start_group(self.action_names, timeout=120)
        self.start_group(self.rasa_names, timeout=400)
        self.check_one_model()
        self.start("proxy", timeout=30)

    def prepare(self) -> None:
        ensure_database(self.assistant_database_url)
        model_source = self.model if Path(self.model).is_absolute() else ROOT / "bot" / self.model
        self.model_file = pin_model(newest_model(Path(model_source)), self.workdir / "models")
        self.write_nginx_conf()
        super().prepare()

    def start_group(self, names: list[str], timeout: float) -> None:
        """Start several processes at once, then wait until every one answers."""
        for name in names:
            self._spawn(name)
        for name in names:
            self.wait_healthy(name, timeout)

    def command(self, name: str) -> tuple[list[str], Path]:
        if name == "api":
            return super().command("api")
        if name == "proxy":
            nginx = nginx_binary()
            if nginx is None:
                raise RuntimeError("nginx is not installed (Debian: apt-get install nginx)")
            return [nginx, "-p", str(self.nginx_dir), "-c", str(self.nginx_dir / "nginx.conf"),
                    "-e", str(self.log_path("proxy-start"))], ROOT
        kind, index = name.rsplit("-", 1)
        if kind == "actions":
            port = self.action_ports[int(index) - 1]
            return [str(RASA_BIN / "python"), "-m", "scripts.actions_server", "--actions", "actions",
                    "--host", self.actions_host, "--port", str(port)], ROOT
        if kind == "rasa":
            port = self.rasa_ports[int(index) - 1]
            return [str(RASA_BIN / "python"), str(ROOT / "scripts" / "rasa_server.py"), "run",
                    "--enable-api", "-i", self.rasa_host, "--port", str(port),
                    "--model", str(self.model_file), "--endpoints", SHARED_ENDPOINTS,
                    "--credentials", "credentials.yml", "--cors", *self.cors_origins], ROOT / "bot"
        raise ValueError(f"unknown process {name!r}")

    def health_url(self, name: str) -> str:
        token = quote(self.rasa_token, safe="")
        if name == "proxy":  # through the proxy: the web chat page and a Rasa server
            return f"{self.rasa_url}/status?token={token}"
        if name.startswith("rasa-"):
            return f"{self.replica_url(name)}/status?token={token}"
        if name.startswith("actions-"):
            return f"{self.replica_url(name)}/health"
        return super().health_url(name)

    def wait_healthy(self, name: str, timeout: float) -> None:
        if not name.startswith("rasa-"):
            return super().wait_healthy(name, timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.procs[name]
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}\n{self.log_tail(name)}")
            try:
                r = httpx.get(self.health_url(name), timeout=2.0)
                if r.status_code == 200 and r.json().get("model_id"):
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{name} did not become healthy within {timeout:.0f}s\n"
                           + self.log_tail(name))

    def model_ids(self) -> dict[str, str]:
        """Each running Rasa server's model, as it reports it."""
        ids = {}
        for name in self.rasa_names:
            if name in self.procs and self.procs[name].poll() is None:
                ids[name] = httpx.get(self.health_url(name), timeout=10).json().get("model_id")
        return ids

    def check_one_model(self) -> None:
        ids = self.model_ids()
        if len(set(ids.values())) != 1:
            raise RuntimeError(f"the Rasa servers loaded different models: {ids}")

    def kill(self, name: str) -> None:
        """Kill a process outright, as a crash or a lost machine would (tests)."""
        proc = self.procs[name]
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(20)

    def stop_all(self) -> None:
        for name in ["proxy", *reversed(self.rasa_names), *reversed(self.action_names), "api"]:
            self.stop(name)

    # -- the proxy -----------------------------------------------------------------------

    def write_nginx_conf(self) -> Path:
        run_dir = self.nginx_dir / "run"
        for folder in (self.nginx_dir, run_dir, self.nginx_dir / "conf.d"):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)

        def servers(ports: list[int]) -> str:
            return "\n".join(f"        server {LOOPBACK}:{port} max_fails=1 fail_timeout=10s;"
                             for port in ports)

        listen = f"{self.proxy_host}:{self.proxy_port}" + (" ssl" if self.tls_cert else "")
        tls = ""
        if self.tls_cert:
            tls = (f"        ssl_certificate     {self.tls_cert};\n"
                   f"        ssl_certificate_key {self.tls_key};\n"
                   "        ssl_protocols TLSv1.2 TLSv1.3;\n"
                   '        add_header Strict-Transport-Security "max-age=31536000" always;')
        allow = "".join(f"allow {a}; " for a in self.staff_allow.replace(",", " ").split())
        values = {
            "WORKER_PROCESSES": self.nginx_workers,
            "RUN_DIR": str(run_dir),
            "LOG_DIR": str(self.workdir / "logs"),
            "CONF_DIR": str(self.nginx_dir),
            "API_SERVERS": f"        server {LOOPBACK}:{self.api_port};",
            "RASA_SERVERS": servers(self.rasa_ports),
            "ACTION_SERVERS": servers(self.action_ports),
            "PUBLIC_LISTEN": listen,
            "TLS": tls,
            "STAFF_ALLOW": f"{allow}deny all;",
            "RASA_LISTEN": f"{LOOPBACK}:{self.rasa_port}",
            "ACTIONS_LISTEN": f"{LOOPBACK}:{self.actions_port}",
        }
        conf = self.nginx_dir / "nginx.conf"
        conf.write_text(render_nginx(TEMPLATE.read_text(), values))
        return conf


# deploy/compose.yaml's proxy: the same template, with the compose services' names. The
# committed deploy/nginx/compose.conf is this, rendered (a test keeps them equal):
#   .venv/bin/python -m scripts.cluster compose-conf > deploy/nginx/compose.conf
COMPOSE_PROXY = {
    "WORKER_PROCESSES": "auto",
    "RUN_DIR": "/var/lib/nginx/intake",
    "LOG_DIR": "/var/log/nginx",
    "CONF_DIR": "/etc/nginx/intake",
    "API_SERVERS": "        server api:8000;",
    # Docker's DNS gives every replica of the service; nginx reads them at start (after
    # scaling the services: docker compose exec proxy nginx -s reload).
    "RASA_SERVERS": "        server rasa:5005 max_fails=1 fail_timeout=10s;",
    "ACTION_SERVERS": "        server actions:5055 max_fails=1 fail_timeout=10s;",
    "PUBLIC_LISTEN": "8443 ssl",
    "TLS": ("        ssl_certificate     /etc/nginx/tls/fullchain.pem;\n"
            "        ssl_certificate_key /etc/nginx/tls/privkey.pem;\n"
            "        ssl_protocols TLSv1.2 TLSv1.3;\n"
            '        add_header Strict-Transport-Security "max-age=31536000" always;'),
    # The landlord's own networks (private ranges here: narrow them to yours).
    "STAFF_ALLOW": "allow 10.0.0.0/8; allow 192.168.0.0/16; deny all;",
    # Inside the compose network only: never published (deploy/compose.yaml).
    "RASA_LISTEN": "5005",
    "ACTIONS_LISTEN": "5055",
}


def compose_nginx_conf() -> str:
    return render_nginx(TEMPLATE.read_text(), COMPOSE_PROXY)


def from_environment(workdir: Path, echo: bool = False) -> Cluster:
    """The production profile as ``make run`` starts it, counts and ports from the
    environment."""
    env = os.environ
    return Cluster(
        workdir=workdir,
        database_url=env["INTAKE_DATABASE_URL"],
        redis_url=env["REDIS_URL"],
        assistant_database_url=env.get("ASSISTANT_DATABASE_URL") or None,
        api_port=int(env.get("INTAKE_PORT", "8000")),
        actions_port=int(env.get("ACTION_SERVER_PORT", "5055")),
        rasa_port=int(env.get("RASA_PORT", "5005")),
        proxy_port=int(env.get("PROXY_PORT") or (8443 if env.get("PROXY_TLS_CERT") else 8080)),
        rasa_replicas=int(env.get("RASA_REPLICAS", "2")),
        action_replicas=int(env.get("ACTION_REPLICAS", "2")),
        api_workers=int(env.get("API_WORKERS", "2")),
        replica_ports_follow=True,
        nginx_workers=env.get("PROXY_WORKERS", "auto"),
        echo=echo,
    )


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["compose-conf"]:
        sys.stdout.write(compose_nginx_conf())
    else:
        sys.exit("usage: python -m scripts.cluster compose-conf")
