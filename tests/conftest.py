"""Shared fixtures: a real database (SQLite, or PostgreSQL when TEST_DATABASE_URL names one),
the app, its CLI runner, and the real embedding model loaded once per session."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, delete, make_url, text

from web import create_app, database, schema
from web.extensions import limiter
from web.models import Base


def _admin_engine(url: str):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def create_postgres_database(base_url: str) -> str:
    """Create a fresh, uniquely named PostgreSQL database and return its URL."""
    name = f"tb_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = _admin_engine(base_url)
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    """Drop a database made by create_postgres_database."""
    name = make_url(url).database
    engine = _admin_engine(url)
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


# The local Redis shares rate-limit counters, as in production with several workers.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="session")
def postgres_base_url() -> str | None:
    """Return the PostgreSQL server URL under test, or None when testing on SQLite."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


@pytest.fixture(scope="session")
def empty_database_url(postgres_base_url, tmp_path_factory) -> Iterator:
    """Return a factory of URLs of new, empty databases of the backend under test."""
    made: list[str] = []

    def make() -> str:
        if postgres_base_url:
            url = create_postgres_database(postgres_base_url)
            made.append(url)
            return url
        folder = tmp_path_factory.mktemp("db")
        return f"sqlite:///{folder / 'test.sqlite'}"

    yield make
    for url in made:
        drop_postgres_database(url)


@pytest.fixture(scope="session")
def database_url(empty_database_url) -> str:
    """Return the URL of this session's database, migrated to the newest revision."""
    url = empty_database_url()
    engine = database.make_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture()
def app(database_url, tmp_path):
    """Return an app on the session's database, emptied after the test."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "HOME": str(tmp_path),
            # CSRF is tested on its own (tests/web/test_security.py); forms here post without it.
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            # Most tests sign hosts and admins in with a password only; tests/web/test_mfa.py
            # makes apps with the default, which sends them to set up two-factor sign-in.
            "MFA_REQUIRED_ROLES": (),
        }
    )
    with app.app_context():
        # Counters live in Redis and would otherwise carry over from one test to the next.
        limiter.reset()
    yield app
    with app.app_context():
        engine = database.engine()
        with engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(delete(table))
        engine.dispose()


class AppCliRunner:
    """Runs `talent-bridge` commands against a test app; results keep stdout and stderr apart."""

    def __init__(self, app) -> None:
        self._runner = app.test_cli_runner()

    def invoke(self, args: list[str]):
        """Run the command line `talent-bridge ARGS` and return click's result."""
        from web.cli import cli

        return self._runner.invoke(cli, args)


@pytest.fixture()
def runner(app):
    """Return a CLI runner bound to the app."""
    return AppCliRunner(app)


@pytest.fixture()
def session(app):
    """Return a database session inside an app context; closed after the test."""
    with app.app_context():
        session = database.session_factory()()
        yield session
        session.close()


@pytest.fixture(scope="session")
def encoder():
    """Return the real default embedding model, loaded once for the whole test session."""
    from matcher.encoder import EncoderConfig, load_encoder

    return load_encoder(EncoderConfig())


class AuthActions:
    """Create accounts and sign in through the real pages (flaskr's auth-actions helper)."""

    PASSWORD = "correct horse battery staple"

    def __init__(self, app, client) -> None:
        self._app, self._client = app, client

    def create(
        self,
        email: str,
        role: str = "exile",
        organization: str | None = None,
        *,
        approved: bool = True,
    ):
        """Create an account directly in the database and return its id.

        A host's new organisation is approved unless `approved=False`: most tests are about what
        an approved host does; the trust tests make the approval happen for real.
        """
        from web.services import accounts

        with self._app.app_context(), database.session_scope() as session:
            if role in ("exile", "host"):
                user = accounts.register(
                    session, email, self.PASSWORD, role, organization=organization
                )
                if organization is not None and approved:
                    for membership in user.memberships:
                        membership.organization.approval_status = "approved"
            else:
                from web.models import User

                user = User(
                    email=email, role=role, password_hash=accounts.hash_password(self.PASSWORD)
                )
                session.add(user)
                session.flush()
            return user.id

    def login(self, email: str, password: str | None = None):
        """Sign in through POST /login and return the response."""
        return self._client.post(
            "/login", data={"email": email, "password": password or self.PASSWORD}
        )

    def logout(self):
        """Sign out through POST /logout."""
        return self._client.post("/logout")


@pytest.fixture()
def client(app):
    """Return a test client of the app."""
    return app.test_client()


@pytest.fixture()
def auth(app, client):
    """Return the auth-actions helper bound to `client`."""
    return AuthActions(app, client)
