"""The engines (``adilkent.access``, ``adilkent.routing``, ``adilkent.allocation``) are plain Python: every module of
theirs, their tests included, imports in a fresh interpreter with no Django settings and leaves
``django`` out of ``sys.modules``. The lint step checks the same statically (import-linter)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent(
    """
    import importlib, json, pathlib, pkgutil, sys
    imported = []
    for name in sys.argv[1:]:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, name + "."):
            importlib.import_module(info.name)
            imported.append(info.name)
        # test folders may be namespace packages, which walk_packages does not enter
        for path in sorted(pathlib.Path(package.__path__[0]).glob("tests/test_*.py")):
            module = f"{name}.tests.{path.stem}"
            if module not in imported:
                importlib.import_module(module)
                imported.append(module)
    loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
    print(json.dumps({"imported": imported, "django": loaded}))
    """
)


@pytest.mark.parametrize("package", ["adilkent.access", "adilkent.routing", "adilkent.allocation"])
def test_engine_and_its_tests_load_no_django(package: str) -> None:
    import json

    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, package],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert any(".tests." in name for name in result["imported"]), result["imported"]
    assert len(result["imported"]) >= 5
    assert result["django"] == [], f"{package} loads {result['django'][:5]}"


def test_the_probe_sees_django_where_it_is_loaded() -> None:
    """The check can fail: a package that does import Django is caught."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "adilkent.core"],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "adilkent.settings.test"},
        timeout=300,
        check=False,
    )
    if done.returncode == 0:
        assert json_django(done.stdout)
    else:  # importing Django models without setup fails: that is Django being loaded too
        assert "django" in done.stderr


def json_django(stdout: str) -> list[str]:
    import json

    return json.loads(stdout.strip().splitlines()[-1])["django"]
