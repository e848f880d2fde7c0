"""Production refuses to start with unsafe settings; bad values fail loudly."""

import os
import subprocess
import sys

import pytest

SAFE_SECRET = "x" * 40


def _start(env: dict) -> subprocess.CompletedProcess:
    full = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "OPENCMH_NONPROD")
    }
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**full, "DJANGO_SETTINGS_MODULE": "opencmh.config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "true", "SECRET_KEY": SAFE_SECRET}, "DEBUG is on in production"),
        ({}, "set SECRET_KEY"),
        ({"SECRET_KEY": SAFE_SECRET, "OPENCMH_NONPROD": "1"}, "demo log-in"),
    ],
)
def test_production_refuses_unsafe_settings(env, message):
    result = _start(
        {"OPENCMH_ENVIRONMENT": "production", "ALLOWED_HOSTS": "opencmh.example", **env}
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_safe_settings_and_without_demo_app():
    result = _start(
        {
            "OPENCMH_ENVIRONMENT": "production",
            "ALLOWED_HOSTS": "opencmh.example",
            "SECRET_KEY": SAFE_SECRET,
        }
    )
    assert result.returncode == 0, result.stderr


def test_a_mistyped_boolean_fails_loudly():
    result = _start({"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_oidc_is_switched_on_by_environment_variables_alone():
    oidc = {
        "OIDC_RP_CLIENT_ID": "opencmh",
        "OIDC_RP_CLIENT_SECRET": "secret",
        "OIDC_OP_JWKS_ENDPOINT": "https://auth.example/jwks",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://auth.example/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": "https://auth.example/token",
        "OIDC_OP_USER_ENDPOINT": "https://auth.example/userinfo",
    }
    full = {**os.environ, **oidc, "DJANGO_SETTINGS_MODULE": "opencmh.config.settings"}
    script = (
        "import django; django.setup();"
        "from django.test import Client; from django.conf import settings;"
        "settings.ALLOWED_HOSTS=['testserver'];"
        "body = Client().get('/sign-in/').content.decode();"
        "print('oidc' if '/oidc/authenticate/' in body and 'name=\"password\"' not in body else 'password')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=full, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().endswith("oidc"), result.stderr


def test_oidc_needs_its_endpoints():
    result = _start({"OIDC_RP_CLIENT_ID": "opencmh"})
    assert result.returncode != 0
    assert "OIDC_RP_CLIENT_SECRET must be set" in result.stderr
