"""Settings come from the environment, typed, and stop the start on bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from perhekeskus.env import EnvError, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[3]


def _load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import perhekeskus.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE)"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_defaults_are_safe():
    result = _load_settings(SECRET_KEY="x" * 40)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "k", "DEBUG": "maybe"}, "DEBUG must be one of"),
        ({"SECRET_KEY": "k", "DATABASE_URL": "mysql://u:p@h/db"}, "DATABASE_URL must point to SQLite or PostgreSQL"),
        ({"SECRET_KEY": "k", "DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"SECRET_KEY": "k", "STALE_AFTER_DAYS": "six"}, "STALE_AFTER_DAYS must be an integer"),
        ({"SECRET_KEY": "k", "OIDC_RP_CLIENT_ID": "perhekeskus"}, "OIDC_RP_CLIENT_SECRET must be set"),
    ],
)
def test_bad_values_fail_loudly(env, message):
    result = _load_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_typed_helpers(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("COUNT", "7")
    monkeypatch.setenv("HOSTS", "a.fi, b.fi,,")
    assert env_bool("FLAG") is True
    assert env_int("COUNT", 1) == 7
    assert env_list("HOSTS") == ["a.fi", "b.fi"]
    monkeypatch.setenv("COUNT", "-1")
    with pytest.raises(EnvError):
        env_int("COUNT", 1, minimum=0)
