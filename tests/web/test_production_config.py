"""Production refuses unsafe settings (issue 7, item 19).

Production mode is `ENV = "production"` (TALENT_BRIDGE_ENV=production), which scripts/serve.sh and
gunicorn.conf.py set unless the environment says otherwise. In it `create_app` refuses the
development secret key, any key under 32 bytes and an explicitly insecure session cookie; the
session cookie is Secure by default. Every other mode (the demo, the tests) is left alone.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from web import create_app
from web.config import Config
from web.errors import ConfigurationError

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "production-test-key-" + "k" * 24


def production(tmp_path, **settings) -> dict:
    """Return a test configuration in production mode on a throwaway home."""
    return {"ENV": "production", "HOME": str(tmp_path), "SECRET_KEY": GOOD_KEY, **settings}


def clean_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Return os.environ without any TALENT_BRIDGE_* setting, on a throwaway home and database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENT_BRIDGE_")}
    env.pop("DATABASE_URL", None)
    return env | {
        "TALENT_BRIDGE_HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "VIRTUAL_ENV": sys.prefix,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        **extra,
    }


def test_production_refuses_the_development_secret_key(tmp_path):
    with pytest.raises(ConfigurationError, match="TALENT_BRIDGE_SECRET_KEY is not set"):
        create_app(production(tmp_path, SECRET_KEY=Config.SECRET_KEY))


@pytest.mark.parametrize("key", ["", "short", "x" * 31, "ключ" * 3])
def test_production_refuses_a_key_under_32_bytes(tmp_path, key):
    with pytest.raises(ConfigurationError, match=r"TALENT_BRIDGE_SECRET_KEY is \d+ bytes long"):
        create_app(production(tmp_path, SECRET_KEY=key))


def test_production_refuses_a_key_that_is_not_text(tmp_path):
    # TALENT_BRIDGE_SECRET_KEY=123... is parsed as JSON, a number: refused, not stringified.
    with pytest.raises(ConfigurationError, match="must be text"):
        create_app(production(tmp_path, SECRET_KEY=10**40))


def test_production_refuses_an_insecure_session_cookie(tmp_path):
    with pytest.raises(ConfigurationError, match="TALENT_BRIDGE_SESSION_COOKIE_SECURE"):
        create_app(production(tmp_path, SESSION_COOKIE_SECURE=False))


def test_production_starts_with_a_good_key_and_a_secure_cookie_by_default(tmp_path):
    app = create_app(production(tmp_path, SECRET_KEY="ключ-" + "k" * 23))  # 32 bytes, 28 chars

    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/login", base_url="https://localhost")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("tb_session=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_other_modes_keep_the_development_defaults(tmp_path):
    # The demo and the tests are not production: the development key works, over plain HTTP.
    app = create_app({"HOME": str(tmp_path)})

    assert app.config["ENV"] == "development"
    assert app.config["SECRET_KEY"] == Config.SECRET_KEY
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert "Secure" not in app.test_client().get("/login").headers["Set-Cookie"]


def test_serve_sh_refuses_the_default_key_before_touching_the_database(tmp_path):
    """scripts/serve.sh is production by default: it stops at the schema upgrade, nothing made."""
    result = subprocess.run(
        [str(ROOT / "scripts" / "serve.sh")],
        env=clean_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "TALENT_BRIDGE_SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "db.sqlite").exists()


def test_gunicorn_refuses_a_short_key_and_exits(tmp_path):
    """gunicorn.conf.py sets production mode itself: a worker cannot boot, so the master exits."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = clean_environment(
        tmp_path,
        TALENT_BRIDGE_SECRET_KEY="too-short-for-production",
        TALENT_BRIDGE_BIND=f"127.0.0.1:{port}",
        TALENT_BRIDGE_WORKERS="1",
    )

    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "TALENT_BRIDGE_SECRET_KEY is 24 bytes long" in result.stdout + result.stderr
