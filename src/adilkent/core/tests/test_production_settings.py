"""Production settings share one cache (Redis) between all processes, or refuse to start."""

import os
import subprocess
import sys

CODE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])"
)


def _run(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADILKENT_", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="adilkent.settings.production",
        ADILKENT_SECRET_KEY="x" * 50,
        ADILKENT_ALLOW_SQLITE="1",
        ADILKENT_CASES_KEYS="ZmFrZS1rZXktZm9yLXRlc3Qtb25seS0xMjM0NTY3ODk=",
        ADILKENT_CASES_PEPPER="pepper-for-test",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-c", CODE], env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_shared_cache() -> None:
    result = _run()
    assert result.returncode != 0
    assert "ADILKENT_REDIS_URL" in result.stderr


def test_production_cache_is_redis_from_the_environment() -> None:
    result = _run(ADILKENT_REDIS_URL="redis://10.0.0.5:6379/2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_redis.cache.RedisCache",
        "redis://10.0.0.5:6379/2",
    ]


def test_the_production_settings_pass_djangos_deployment_checks() -> None:
    """`manage.py check --deploy` with the production settings: no warning at all."""
    from pathlib import Path

    manage = Path(__file__).resolve().parents[4] / "manage.py"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADILKENT_", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="adilkent.settings.production",
        ADILKENT_SECRET_KEY="k" * 20 + "-Zq8#mV1!pL0^sR7&tY3*uW6(xB4)nC9_eD2+fG5" * 2,
        ADILKENT_ALLOW_SQLITE="1",
        ADILKENT_REDIS_URL="redis://127.0.0.1:6379/0",
        ADILKENT_CASES_KEYS="ZmFrZS1rZXktZm9yLXRlc3Qtb25seS0xMjM0NTY3ODk=",
        ADILKENT_CASES_PEPPER="pepper-for-test",
        ADILKENT_ALLOWED_HOSTS="adilkent.example.org",
    )
    result = subprocess.run(
        [sys.executable, str(manage), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # Asking for the HSTS subdomains is possible, and then it is set.
    env["ADILKENT_HSTS_INCLUDE_SUBDOMAINS"] = "1"
    code = "import django; django.setup(); from django.conf import settings; " + (
        "print(settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SILENCED_SYSTEM_CHECKS)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert shown.stdout.strip() == "True ['security.W021']", shown.stderr
