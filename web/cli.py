"""The operator command line `talent-bridge`, exactly as CONTRACT.md describes it."""

from __future__ import annotations

import functools
import json
import logging
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import OperationalError
from werkzeug.serving import run_simple

from web import create_app, database, schema
from web.errors import TalentBridgeError, UnknownRecordError
from web.records.jsonl import write_file
from web.services.importer import import_file
from web.services.matching import Matcher
from web.services.records import iter_listings, iter_profiles, listing_record, profile_record
from web.services.reindex import Reindexer
from web.services.settings import settings_from_config

log = logging.getLogger("talent_bridge.cli")


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def cli() -> None:
    """Talent Bridge operator commands."""


def command(group=cli, *args, **kwargs):
    """Declare a command that runs with the app, an up-to-date schema and clear errors."""

    def decorate(function):
        @functools.wraps(function)
        def run(*f_args, **f_kwargs):
            try:
                ensure_schema()
                return function(*f_args, **f_kwargs)
            except TalentBridgeError as error:
                raise click.ClickException(str(error)) from None
            except OperationalError as error:
                url = database.engine().url.render_as_string(hide_password=True)
                raise click.ClickException(
                    f"cannot use the database at {url}: {error.orig}"
                ) from None

        return group.command(*args, **kwargs)(with_appcontext(run))

    return decorate


def ensure_schema() -> None:
    """Create or upgrade the database schema if it is behind."""
    if schema.upgrade(database.engine()):
        log.info("database schema upgraded to revision %s", schema.head_revision())


@cli.group("db")
def db_group() -> None:
    """Database schema commands."""


@command(db_group, "upgrade")
def db_upgrade() -> None:
    """Create or upgrade the database schema (every command also does this itself)."""
    click.echo(f"database at revision {schema.current_revision(database.engine())}", err=True)


KIND = click.Choice(["profiles", "listings"])


@cli.group("import")
def import_group() -> None:
    """Upsert records from a JSON Lines file."""


@cli.group("export")
def export_group() -> None:
    """Write records out as JSON Lines."""


def _import(kind: str, path: Path) -> None:
    with database.session_scope() as session:
        report = import_file(session, kind, path)
    for error in report.errors:
        click.echo(f"{path}: {error}", err=True)
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(report.outcomes.items()))
    click.echo(
        f"{kind}: {report.stored} stored ({counts or 'none'}), {len(report.errors)} rejected",
        err=True,
    )
    if not report.ok:
        sys.exit(1)


def _export(kind: str, path: Path) -> None:
    with database.session_scope() as session:
        if kind == "profiles":
            count = write_file(map(profile_record, iter_profiles(session)), path)
        else:
            count = write_file(map(listing_record, iter_listings(session)), path)
    click.echo(f"{kind}: {count} written to {path}", err=True)


for _kind in ("profiles", "listings"):

    def _make(kind: str):
        path_arg = click.argument("file", type=click.Path(path_type=Path, dir_okay=False))

        @command(import_group, kind, help=f"Upsert {kind} from a JSON Lines FILE.")
        @path_arg
        def do_import(file: Path) -> None:
            _import(kind, file)

        @command(export_group, kind, help=f"Write every {kind[:-1]} to FILE as JSON Lines.")
        @path_arg
        def do_export(file: Path) -> None:
            _export(kind, file)

    _make(_kind)


@command(cli, "reindex")
@click.option("--full", is_flag=True, help="Re-embed every record, not only changed ones.")
@click.option("--model", metavar="NAME_OR_PATH", help="Move the whole corpus to this model.")
def reindex_command(full: bool, model: str | None) -> None:
    """Bring embeddings and the search index up to date."""
    settings = settings_from_config(current_app.config)
    report = Reindexer(database.session_factory(), settings).run(full=full, model=model)
    for line in report.lines():
        click.echo(line, err=True)


def _k_option(function):
    function = click.option(
        "--k",
        "k",
        type=click.IntRange(1, 10_000),
        default=10,
        show_default=True,
        help="How many matches to return.",
    )(function)
    function = click.option(
        "--all",
        "include_all",
        is_flag=True,
        help="Rank every record regardless of visibility (operator use).",
    )(function)
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")(function)


def _print(results: dict[str, list[dict]], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False))
        return
    for query, matches in results.items():
        click.echo(f"{query}:")
        for rank, match in enumerate(matches, start=1):
            label = match.get("headline") or match.get("title") or ""
            click.echo(f"  {rank:>3}. {match['score']:.3f}  {match['external_id']}  {label}")


@cli.group("match")
def match_group() -> None:
    """Best matches for records named by external id."""


def _match(kind: str, ids: tuple[str, ...], k: int, include_all: bool, as_json: bool) -> None:
    with database.session_scope() as session:
        matcher = Matcher(
            session, settings_from_config(current_app.config), include_all=include_all
        )
        find = (
            matcher.profiles_for_listing_explained
            if kind == "listing"
            else matcher.listings_for_profile_explained
        )
        results, unknown = {}, []
        for external_id in ids:
            try:
                found = find(external_id, k)
            except UnknownRecordError as error:
                unknown.append(str(error))
                continue
            results[external_id] = found.matches
            if found.cut:
                # stdout is the contract's JSON; who was left out and why is a note on stderr.
                reasons = ", ".join(f"{name} {count}" for name, count in found.cut.items())
                click.echo(f"{external_id}: left out by hard constraints: {reasons}", err=True)
    _print(results, as_json)
    if unknown:
        for message in unknown:
            click.echo(f"Error: {message}", err=True)
        sys.exit(1)


@command(match_group, "listing")
@click.argument("ids", nargs=-1, required=True, metavar="ID [ID ...]")
@_k_option
def match_listing(ids: tuple[str, ...], k: int, include_all: bool, as_json: bool) -> None:
    """For each listing, the best profiles for it."""
    _match("listing", ids, k, include_all, as_json)


@command(match_group, "profile")
@click.argument("ids", nargs=-1, required=True, metavar="ID [ID ...]")
@_k_option
def match_profile(ids: tuple[str, ...], k: int, include_all: bool, as_json: bool) -> None:
    """For each profile, the best listings for it."""
    _match("profile", ids, k, include_all, as_json)


@command(cli, "search")
@click.argument("text")
@click.option("--profiles", "kind", flag_value="profiles", help="Search profiles.")
@click.option("--listings", "kind", flag_value="listings", help="Search listings.")
@_k_option
def search_command(text: str, kind: str | None, k: int, include_all: bool, as_json: bool) -> None:
    """Free-text search of profiles or listings."""
    if kind is None:
        raise click.UsageError("say what to search: --profiles or --listings")
    if not text.strip():
        raise click.UsageError("TEXT is empty")
    with database.session_scope() as session:
        matcher = Matcher(
            session, settings_from_config(current_app.config), include_all=include_all
        )
        results = {text: matcher.search(text, kind, k)}
    _print(results, as_json)


@command(cli, "demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--profiles", "profile_count", default=400, show_default=True, type=int)
@click.option("--listings", "listing_count", default=120, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Load and index the demo corpus, then stop.")
def demo_command(
    host: str, port: int, profile_count: int, listing_count: int, no_serve: bool
) -> None:
    """Load the demo corpus, build the index and serve the web app."""
    from web.demo.accounts import ensure_demo_accounts
    from web.demo.loader import load_demo
    from web.demo.trust import seed_trust
    from web.services import sanctions

    load_demo(profile_count, listing_count)
    with database.session_scope() as session:
        logins = ensure_demo_accounts(session)
        seed_trust(session)
        # The synthetic fixture list stands in for OpenSanctions data in the demo.
        sanctions.load_demo_list(session, current_app.config)
    settings = settings_from_config(current_app.config)
    for line in Reindexer(database.session_factory(), settings).run().lines():
        click.echo(line, err=True)
    click.echo("Demo sign-ins (new passwords on every start):", err=True)
    for role, email, password in logins:
        click.echo(f"  {role:<6} {email:<22} {password}", err=True)
    # Production asks hosts and staff to set up two-factor sign-in before anything else; the demo
    # lets people look around first.
    current_app.config["MFA_REQUIRED_ROLES"] = ()
    click.echo("Two-factor sign-in is optional in the demo: try it under Security.", err=True)
    if no_serve:
        return
    click.echo(f"Talent Bridge is running at http://{host}:{port}/ (Ctrl+C stops it)", err=True)
    # Flask's app.run() refuses to run inside its own CLI, so start the server directly.
    run_simple(host, port, current_app._get_current_object(), threaded=True)


# The trust layer's commands (documents, canaries, sanctions, accounts) live in their own module.
from web import cli_trust  # noqa: E402,F401
