"""Settings come from the environment; production settings pass `check --deploy`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings import env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]
# What the subprocesses must not inherit from the test run (a browser test may set the async escape hatch).
SETTINGS_VARIABLES = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-that-is-long-enough-0123456789-ABCDEFGHIJKLMNOP",
    "ALLOWED_HOSTS": "gongkai.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://gongkai.example.gov.cn",
    "PORTAL_BASE_URL": "https://gongkai.example.gov.cn",
}


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default'], 'cache': s.CACHES['default']['BACKEND'], "
    "'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE}, default=str))"
)


def test_sqlite_is_the_default_database():
    shown = json.loads(run_python(SHOW).stdout)
    assert shown["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert shown["db"]["NAME"] == str(ROOT / "db.sqlite3")
    assert shown["cache"].endswith("DatabaseCache")
    assert (shown["lang"], shown["tz"]) == ("zh-hans", "Asia/Shanghai")


def test_database_url_selects_postgresql():
    shown = json.loads(run_python(SHOW, DATABASE_URL="postgres://gk:p%40ss@db.local:6543/gongkai").stdout)["db"]
    assert shown["ENGINE"] == "django.db.backends.postgresql"
    assert (shown["NAME"], shown["USER"], shown["PASSWORD"]) == ("gongkai", "gk", "p@ss")
    assert (shown["HOST"], shown["PORT"]) == ("db.local", "6543")
    assert shown["CONN_HEALTH_CHECKS"] is True


def test_redis_url_selects_the_redis_cache():
    shown = json.loads(run_python(SHOW, REDIS_URL="redis://127.0.0.1:6379/1").stdout)
    assert shown["cache"].endswith("RedisCache")


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python("import django; django.setup()", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_relative_sqlite_url_is_inside_the_project():
    from portal.settings import database_from_url

    assert database_from_url("sqlite:///data/gk.db")["NAME"] == str(ROOT / "data" / "gk.db")
    assert database_from_url("sqlite:////var/lib/gk.db")["NAME"] == "/var/lib/gk.db"


@pytest.mark.parametrize(("raw", "expected"), [
    ("1", True), ("true", True), ("YES", True), (" on ", True),
    ("0", False), ("False", False), ("no", False), ("OFF", False),
])
def test_env_bool_reads_the_usual_yes_and_no_words(monkeypatch, raw, expected):
    monkeypatch.setenv("GK_TEST_FLAG", raw)
    assert env_bool("GK_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_env_bool_unset_or_empty_gives_the_default(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("GK_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("GK_TEST_FLAG", raw)
    assert env_bool("GK_TEST_FLAG", True) is True
    assert env_bool("GK_TEST_FLAG", False) is False


@pytest.mark.parametrize("raw", ["ture", "2", "enabled", "y es"])
def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("GK_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="GK_TEST_FLAG"):
        env_bool("GK_TEST_FLAG", False)


def test_env_int_reads_whole_numbers_and_defaults_when_unset_or_empty(monkeypatch):
    monkeypatch.setenv("GK_TEST_NUMBER", " 42 ")
    assert env_int("GK_TEST_NUMBER", 7) == 42
    monkeypatch.setenv("GK_TEST_NUMBER", "")
    assert env_int("GK_TEST_NUMBER", 7) == 7
    monkeypatch.delenv("GK_TEST_NUMBER")
    assert env_int("GK_TEST_NUMBER", 7) == 7


@pytest.mark.parametrize("raw", ["20MB", "1.5", "five", "0x10"])
def test_env_int_refuses_what_is_not_a_whole_number(monkeypatch, raw):
    monkeypatch.setenv("GK_TEST_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured, match="GK_TEST_NUMBER.*whole number"):
        env_int("GK_TEST_NUMBER", 7)


def test_a_mistyped_setting_stops_start_up_with_its_name():
    result = run_python("from django.conf import settings; settings.DEBUG", SESSION_COOKIE_SECURE="ture")
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE='ture' is not a yes/no value" in result.stderr
    result = run_python("from django.conf import settings; settings.DEBUG", UPLOAD_MAX_BYTES="20MB")
    assert "UPLOAD_MAX_BYTES='20MB' is not a whole number" in result.stderr
