"""Operator commands of the trust layer: documents, canaries, sanctions lists and staff accounts."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from web import database
from web.cli import cli, command


@cli.group("documents")
def documents_group() -> None:
    """Uploaded documents awaiting review."""


@command(documents_group, "purge")
def documents_purge() -> None:
    """Delete document files past DOCUMENT_TTL_DAYS (decided or not); run it hourly from cron."""
    from web.models import utcnow
    from web.services.uploads import purge_expired

    with database.session_scope() as session:
        report = purge_expired(session, utcnow())
    click.echo(
        f"documents: {report.expired} expired and {report.orphans} orphaned files deleted",
        err=True,
    )


@cli.group("canary")
def canary_group() -> None:
    """Decoy profiles no search lists; a host who opens one is suspended pending review."""


@command(canary_group, "create")
@click.argument("count", type=click.IntRange(1, 1000))
def canary_create(count: int) -> None:
    """Create COUNT realistic canary profiles; print their external ids."""
    from web.services.canaries import create_canaries

    with database.session_scope() as session:
        ids = [profile.external_id for profile in create_canaries(session, count)]
    for external_id in ids:
        click.echo(external_id)
    click.echo(f"canary: {len(ids)} created; run `talent-bridge reindex` to embed them", err=True)


@command(canary_group, "list")
def canary_list() -> None:
    """Print every canary profile: external id, creation date and headline."""
    from web.services.canaries import list_canaries

    with database.session_scope() as session:
        rows = [
            (p.external_id, p.created_at.date().isoformat(), p.headline)
            for p in list_canaries(session)
        ]
    for external_id, created, headline in rows:
        click.echo(f"{external_id}\t{created}\t{headline}")
    click.echo(f"canary: {len(rows)} profiles", err=True)


@cli.group("sanctions")
def sanctions_group() -> None:
    """Sanctions screening against an OpenSanctions file (docs/trust/sanctions.md)."""


@command(sanctions_group, "load")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--list-date", metavar="YYYY-MM-DD", help="Date of the data (default: from FILE).")
@click.option("--expect-count", type=int, help="Refuse FILE unless it holds exactly N entries.")
@click.option("--allow-shrink", is_flag=True, help="Accept a list much smaller than the current.")
def sanctions_load(
    file: Path, list_date: str | None, expect_count: int | None, allow_shrink: bool
) -> None:
    """Check FILE whole, make it the current list version, then re-screen everyone."""
    from web.services import sanctions

    settings = sanctions.settings_from_config(current_app.config)
    with database.session_scope() as session:
        report = sanctions.load_file(
            session,
            file,
            settings,
            list_date=list_date,
            expected_count=expect_count,
            allow_shrink=allow_shrink,
        )
        version = report.version.version
    click.echo(
        f"sanctions: {file.name}: {report.rows} records, {report.entries} to screen against, "
        f"{report.excluded} left out by issuer, {report.skipped} not people or organisations",
        err=True,
    )
    if not report.changed:
        click.echo(f"sanctions: {version} is already current; nothing re-screened", err=True)
        return
    click.echo(f"sanctions: version {version} is current; re-screening everyone", err=True)
    _sanctions_screen(settings)


def _sanctions_screen(settings) -> None:
    from web.services import sanctions

    with database.session_scope() as session:
        report = sanctions.screen_everyone(session, settings)
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(report.statuses.items()))
    click.echo(
        f"sanctions: screened {report.people} people and {report.organizations} organisations "
        f"in {report.seconds}s ({statuses or 'none'})",
        err=True,
    )


@command(sanctions_group, "screen")
def sanctions_screen() -> None:
    """Re-screen every person and organisation against the current list version."""
    from web.services import sanctions

    settings = sanctions.settings_from_config(current_app.config)
    with database.session_scope() as session:
        if sanctions.current_version(session) is None:
            raise click.ClickException("no sanctions list is loaded: run `sanctions load FILE`")
    _sanctions_screen(settings)


@command(sanctions_group, "status")
def sanctions_status() -> None:
    """Print the list version in use, the versions loaded and how screenings stand."""
    from web.services import sanctions

    settings = sanctions.settings_from_config(current_app.config)
    with database.session_scope() as session:
        state = sanctions.status(session, settings)
        current = state["current"]
        if current is None:
            click.echo("no sanctions list is loaded")
        else:
            click.echo(
                f"current: {current.version} (list of {current.list_date}, {current.entity_count} "
                f"entries, {state['lists']}, from {current.source_name}, sha256 {current.sha256})"
            )
        if current is not None and state["pointer"] != current.version:
            click.echo(f"warning: CURRENT names {state['pointer']}; run `sanctions load` again")
        for version in state["versions"]:
            mark = "*" if version.is_current else " "
            click.echo(f" {mark} {version.version}  loaded {version.loaded_at:%Y-%m-%d %H:%M}")
        screenings = ", ".join(f"{n} {s}" for s, n in sorted(state["screenings"].items()))
        click.echo(f"screenings against the current list: {screenings or 'none'}")
        click.echo(f"hits awaiting a moderator: {state['pending_hits']}")


@cli.group("user")
def user_group() -> None:
    """Staff accounts: who moderates and who administers."""


@command(user_group, "add-staff")
@click.argument("email")
@click.option("--role", type=click.Choice(["moderator", "admin"]), default="moderator")
@click.password_option(help="The new account's password (asked for twice if not given).")
def user_add_staff(email: str, role: str, password: str) -> None:
    """Create a moderator or admin account (registration only makes exiles and hosts)."""
    from web.models import User
    from web.services.accounts import (
        AccountError,
        check_password_rules,
        find_user,
        hash_password,
        normalise_email,
    )

    email = normalise_email(email)
    try:
        check_password_rules(password, email)
    except AccountError as error:
        # The message is translatable; render it as a request in the default language would.
        with current_app.test_request_context():
            raise click.ClickException(str(error)) from None
    with database.session_scope() as session:
        if find_user(session, email) is not None:
            raise click.ClickException(f"an account with the e-mail {email} exists already")
        session.add(User(email=email, role=role, password_hash=hash_password(password)))
    click.echo(
        f"user: {email} created as {role}; two-factor set-up comes at first sign-in", err=True
    )
