"""`make run`: start the intake API, the action server and the Rasa server in the
foreground, print where to go and how to log in, stop everything on Ctrl-C.

With ``INTAKE_DATABASE_URL`` (PostgreSQL) and ``REDIS_URL`` set, the production profile
instead (scripts/cluster.py, docs/scaling.md): ``RASA_REPLICAS`` Rasa servers and
``ACTION_REPLICAS`` action servers (2 each by default) and the intake API with
``API_WORKERS`` workers, sharing PostgreSQL and Redis, behind nginx.

Everything it keeps goes in ``var/`` (or ``INTAKE_VAR_DIR``), private to the user who
runs it: the folder 0700, every file in it 0600 (docs/deployment.md)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.stack import (
    ASSISTANT_SCOPES,
    PRIVATE_UMASK,
    RASA_TOKEN_FILE,
    ROOT,
    VENV_BIN,
    Stack,
    make_private,
    open_private_log,
    write_private,
)

sys.path.insert(0, str(ROOT / "bot"))
from channels.config import summary as channel_summary

VAR = Path(os.environ.get("INTAKE_VAR_DIR") or ROOT / "var").resolve()


def _assistant_key(stack: Stack) -> str:
    """The action server's API key for this machine, kept in var/ (never in the repo), with
    the assistant's narrow scopes. A key made by an older version may use every operation:
    delete var/assistant.key and restart to get a narrow one."""
    if os.environ.get("INTAKE_API_KEY"):
        return os.environ["INTAKE_API_KEY"]
    path = VAR / "assistant.key"
    if path.exists():
        return path.read_text().strip()
    name = f"assistant-{secrets.token_hex(3)}"
    key = stack.create_api_key(name, ASSISTANT_SCOPES)
    write_private(path, key + "\n")
    return key


def _first_admin(stack: Stack) -> str | None:
    """Create the first admin with a one-time password, if there are no staff users yet.
    The password must be changed at first login: it has been on the screen and in var/."""
    marker = VAR / "first-admin.txt"
    if marker.exists():
        return marker.read_text()
    password = secrets.token_urlsafe(12)
    result = subprocess.run(
        [str(VENV_BIN / "intake"), "users", "add", "admin", "--role", "admin", "--password-stdin",
         "--must-change-password"],
        input=password + "\n", env=stack.process_env("api"), capture_output=True, text=True,
        cwd=ROOT, check=False,
    )
    if result.returncode != 0:
        return None  # already exists: the password was printed on the first run
    note = f"username: admin\npassword: {password}\n"
    write_private(marker, note)
    return note


def production_profile() -> bool:
    """PostgreSQL and Redis are both configured: run replicas behind the proxy."""
    url = os.environ.get("INTAKE_DATABASE_URL", "")
    return bool(os.environ.get("REDIS_URL")) and url.split(":", 1)[0].split("+")[0] in (
        "postgres", "postgresql")


def main() -> int:
    os.umask(PRIVATE_UMASK)  # what this and every process it starts creates is private
    make_private(VAR)  # also tightens a var/ left by an older version
    with_bot = (ROOT / "bot" / "models").is_dir() and any((ROOT / "bot" / "models").glob("*.tar.gz"))
    if production_profile() and with_bot:
        return run_cluster()
    stack = Stack(
        workdir=VAR,
        database_url=os.environ.get("INTAKE_DATABASE_URL"),
        api_port=int(os.environ.get("INTAKE_PORT", "8000")),
        actions_port=int(os.environ.get("ACTION_SERVER_PORT", "5055")),
        rasa_port=int(os.environ.get("RASA_PORT", "5005")),
        with_bot=with_bot,
    )
    if stack.database_url.startswith("sqlite:///") and "INTAKE_DATABASE_URL" not in os.environ:
        stack.database_url = f"sqlite:///{VAR / 'intake.sqlite3'}"
    subprocess.run([str(VENV_BIN / "intake"), "migrate"], env=stack.process_env("api"), check=True,
                   cwd=ROOT)
    stack.api_key = _assistant_key(stack)
    admin = _first_admin(stack)
    print("starting the intake API" + (", the action server and the Rasa server" if with_bot else ""))
    try:
        stack.start("api")
        start_outbox_worker(stack)
        if with_bot:
            stack.start("actions")
            stack.start("rasa", timeout=300)
    except (RuntimeError, TimeoutError) as exc:
        print(f"could not start: {exc}", file=sys.stderr)
        stack.stop("outbox")
        stack.stop_all()
        return 1

    print()
    print(f"  Web chat:    {stack.api_url}/")
    print(f"  Staff pages: {stack.api_url}/staff")
    print(f"  API docs:    {stack.api_url}/docs")
    print(f"  Notices:     sent by the outbox worker (docs/outbound.md; log {stack.log_path('outbox')})")
    if with_bot:
        print(f"  Rasa:        {stack.rasa_url}  (REST: POST /webhooks/rest/webhook; "
              f"HTTP API: ?token= from {VAR / RASA_TOKEN_FILE})")
        for line in channel_summary():  # bot/channels/config.py: which secrets are set
            print(f"  Channel:     {line}")
    else:
        print("  (no trained model in bot/models: only the intake API is running)")
    if admin:
        print("\n  First staff login (one-time password, also in var/first-admin.txt):")
        print("    " + admin.strip().replace("\n", "\n    "))
        print("    the first login asks you to choose your own password")
    print(f"\n  Logs in {VAR / 'logs'}. Press Ctrl-C to stop.\n", flush=True)

    return watch(stack)


def run_cluster() -> int:
    """The production profile: replicas behind nginx on PostgreSQL and Redis."""
    from scripts.cluster import ensure_database, from_environment, nginx_binary

    if nginx_binary() is None:
        subprocess.run([str(ROOT / "scripts" / "install-system-deps.sh"), "nginx"], check=False)
    try:
        cluster = from_environment(VAR)
    except ValueError as exc:
        print(f"could not start: {exc}", file=sys.stderr)
        return 1
    print(f"production profile: {cluster.rasa_replicas} Rasa servers, {cluster.action_replicas} "
          f"action servers, the intake API with {cluster.api_workers} workers, behind nginx")
    try:
        ensure_database(cluster.database_url)  # needs CREATEDB; else make it beforehand
    except Exception as exc:  # noqa: BLE001 (migrate below says what is wrong)
        print(f"note: could not create the intake database ({type(exc).__name__})", file=sys.stderr)
    try:
        subprocess.run([str(VENV_BIN / "intake"), "migrate"], env=cluster.process_env("api"),
                       check=True, cwd=ROOT)
        cluster.api_key = _assistant_key(cluster)
        admin = _first_admin(cluster)
        cluster.prepare()  # the assistant's database, the pinned model, nginx.conf
        cluster.start("api")
        start_outbox_worker(cluster)
        cluster.start_group(cluster.action_names, timeout=180)
        cluster.start_group(cluster.rasa_names, timeout=600)
        cluster.check_one_model()
        cluster.start("proxy", timeout=30)
    except (RuntimeError, TimeoutError, OSError, subprocess.CalledProcessError) as exc:
        print(f"could not start: {exc}", file=sys.stderr)
        cluster.stop("outbox")
        cluster.stop_all()
        return 1
    public = cluster.public_url
    print()
    print(f"  Web chat:    {public}/")
    print(f"  Staff pages: {public}/staff  (from {cluster.staff_allow} only: STAFF_ALLOW)")
    print(f"  API docs:    {public}/docs")
    print(f"  Rasa:        {cluster.rasa_url}  (private: the Rasa servers on "
          f"{', '.join(str(p) for p in cluster.rasa_ports)}, one model: {cluster.model_file.name})")
    print(f"  Actions:     {cluster.actions_url}  (private: the action servers on "
          f"{', '.join(str(p) for p in cluster.action_ports)})")
    print(f"  Stores:      PostgreSQL (intake; assistant: "
          f"{cluster.assistant_database_url.rsplit('/', 1)[-1]}), Redis (locks, rate limits)")
    for line in channel_summary():
        print(f"  Channel:     {line}")
    if admin:
        print("\n  First staff login (one-time password, also in var/first-admin.txt):")
        print("    " + admin.strip().replace("\n", "\n    "))
        print("    the first login asks you to choose your own password")
    print(f"\n  Logs in {VAR / 'logs'}. Press Ctrl-C to stop.\n", flush=True)
    return watch(cluster)


def start_outbox_worker(stack: Stack) -> None:
    """Resident notices (docs/outbound.md): ``intake outbox-worker`` beside the API, with
    the API's environment; its log is logs/outbox.log and it stops with the rest."""
    log = open_private_log(stack.log_path("outbox"))
    try:
        stack.procs["outbox"] = subprocess.Popen(
            [str(VENV_BIN / "intake"), "outbox-worker"], cwd=ROOT, env=stack.process_env("api"),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, umask=PRIVATE_UMASK)
    finally:
        log.close()


def watch(stack: Stack) -> int:
    """Stay in the foreground until Ctrl-C or until a process stops; then stop them all."""
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        while not stopping:
            for name, proc in list(stack.procs.items()):
                if proc.poll() is not None:
                    print(f"{name} stopped unexpectedly:\n{stack.log_tail(name)}", file=sys.stderr)
                    return 1
            time.sleep(1)
    finally:
        print("stopping…")
        stack.stop("outbox")
        stack.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
