"""Settings come from the environment; production settings pass `check --deploy`."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-that-is-long-enough-0123456789-ABCDEFGHIJKLMNOP",
    "ALLOWED_HOSTS": "gongkai.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://gongkai.example.gov.cn",
}


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "REDIS_URL"}}
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
        # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE either: production never sets it (check async.W001).
        env={**{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
             **PRODUCTION_ENV},
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
