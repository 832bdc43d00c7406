"""The ``intake`` command: migrate, serve, API keys, staff users, policy checks."""

from __future__ import annotations

import sys
from datetime import UTC
from typing import Annotated

import typer

from .core.config import get_settings

app = typer.Typer(help="Resident intake API administration.", no_args_is_help=True)
apikey_app = typer.Typer(help="API keys for integrations (the assistant, other systems).")
policy_app = typer.Typer(help="Landlord policy settings.")
users_app = typer.Typer(help="Staff users.")
app.add_typer(apikey_app, name="apikey")
app.add_typer(policy_app, name="policy")
app.add_typer(users_app, name="users")


@app.callback()
def _private_files() -> None:
    """Whatever a command creates (database, secret key, logs) is private to its user."""
    import os

    os.umask(0o077)


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (Alembic upgrade head)."""
    from .core.migrate import upgrade

    settings = get_settings()
    upgrade(settings.database_url)
    typer.echo("database is up to date")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="INTAKE_PORT", help="port")] = 8000,
    workers: Annotated[int, typer.Option(help="worker processes")] = 1,
) -> None:
    """Run the intake API (uvicorn)."""
    import uvicorn

    from .core.logging import uvicorn_log_config

    uvicorn.run("intake_api.main:create_app", factory=True, host=host, port=port,
                workers=workers, log_config=uvicorn_log_config(), access_log=False,
                # Client addresses come from X-Forwarded-For only behind a configured
                # trusted proxy (INTAKE_TRUSTED_PROXIES), decided by the app, not uvicorn.
                proxy_headers=False)


@app.command("outbox-worker")
def outbox_worker(
    once: Annotated[bool, typer.Option("--once", help="one pass, then exit")] = False,
) -> None:
    """Deliver resident notices from the outbox: SMS and WhatsApp (Twilio), Telegram,
    email (SMTP); letters wait for staff to print (docs/outbound.md)."""
    import logging.config

    from .core.logging import uvicorn_log_config
    from .jobs.outbox_worker import run

    # The API's logging: the scrub filter keeps resident data out of every line.
    logging.config.dictConfig(uvicorn_log_config())
    run(once=once)


@app.command("sms-opt-in")
def sms_opt_in(phone: Annotated[str, typer.Argument(help="the number, e.g. 07700 900123")]) -> None:
    """A number that replied STOP has said START again (or asked by another way): notices
    may go to it by SMS again (docs/outbound.md)."""
    from .core.db import Database
    from .domain.outbound import e164
    from .models_outbound import SmsOptOut

    number = e164(phone)
    if number is None:
        typer.echo(f"error: {phone!r} is not a phone number", err=True)
        raise typer.Exit(2)
    db = Database()
    try:
        with db.session() as s, s.begin():
            found = s.get(SmsOptOut, number)
            if found is not None:
                s.delete(found)
    finally:
        db.dispose()
    typer.echo("SMS notices may go to that number again" if found else "that number had not opted out")


@apikey_app.command("create")
def apikey_create(
    name: Annotated[str, typer.Option(help="who the key is for")],
    scope: Annotated[list[str] | None, typer.Option(
        "--scope",
        help="narrow the key to these scopes (repeat, or comma-separate); without any, "
        "the key may use every /api/v1 operation. `intake apikey scopes` lists them.",
    )] = None,
) -> None:
    """Create an API key. Prints it once, as the last word; only its hash is stored."""
    from sqlalchemy.exc import IntegrityError

    from .core.db import Database
    from .core.security import hash_api_key, new_api_key
    from .models import ApiKey
    from .services.access import SCOPES, parse_scopes

    scopes = None
    if scope:
        try:
            chosen = parse_scopes(scope)
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        scopes = " ".join(s for s in SCOPES if s in chosen)
    key = new_api_key()
    db = Database()
    try:
        with db.session() as s, s.begin():
            s.add(ApiKey(name=name, key_hash=hash_api_key(key), scopes=scopes))
    except IntegrityError:
        typer.echo(f"error: an API key named {name!r} already exists", err=True)
        raise typer.Exit(1) from None
    finally:
        db.dispose()
    typer.echo(f"API key for {name} ({scopes or 'every scope'}): {key}")


@apikey_app.command("scopes")
def apikey_scopes() -> None:
    """List the scopes an API key can carry."""
    from .services.access import SCOPES

    for scope, what in SCOPES.items():
        typer.echo(f"{scope:16} {what}")


@apikey_app.command("list")
def apikey_list() -> None:
    """API keys by name, with their scopes and whether they are revoked (never the key)."""
    from sqlalchemy import select

    from .core.db import Database
    from .models import ApiKey

    db = Database()
    try:
        with db.session() as s:
            keys = s.execute(select(ApiKey).order_by(ApiKey.name)).scalars().all()
            for key in keys:
                state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
                typer.echo(f"{key.name}\t{state}\t{key.scopes or 'every scope'}")
    finally:
        db.dispose()


@apikey_app.command("revoke")
def apikey_revoke(name: Annotated[str, typer.Option(help="the key's name")]) -> None:
    """Revoke an API key by name."""
    from datetime import datetime

    from sqlalchemy import update

    from .core.db import Database
    from .models import ApiKey

    db = Database()
    with db.session() as s, s.begin():
        done = s.execute(
            update(ApiKey).where(ApiKey.name == name, ApiKey.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        ).rowcount
    db.dispose()
    if not done:
        typer.echo(f"error: no active API key named {name!r}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {name}")


@policy_app.command("check")
def policy_check(file: Annotated[str, typer.Argument(help="a policy YAML file or a slug in data/policies")]) -> None:
    """Report, in the shape of the Code's self-assessment, every setting less generous
    than the Code. Exits 1 if any provision fails, 2 if the file is invalid."""
    from .domain.policy import run_policy_check

    raise typer.Exit(run_policy_check(file))


@users_app.command("add")
def users_add(
    username: str,
    role: Annotated[str, typer.Option(help="handler, manager or admin")],
    password: Annotated[str | None, typer.Option(help="the password; omit and use --password-stdin")] = None,
    password_stdin: Annotated[bool, typer.Option(help="read the password from standard input")] = False,
    must_change_password: Annotated[bool, typer.Option(
        "--must-change-password", help="a one-time password: the user must choose their own at first login",
    )] = False,
) -> None:
    """Add a staff user (passwords are hashed with argon2)."""
    from .services.staff import StaffError, add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        typer.echo("error: give --password or --password-stdin", err=True)
        raise typer.Exit(2)
    from .core.db import Database

    db = Database()
    try:
        add_user(db.sessionmaker, username, role, password, must_change_password=must_change_password)
    except StaffError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        db.dispose()
    typer.echo(f"added {role} {username}")


if __name__ == "__main__":
    app()
