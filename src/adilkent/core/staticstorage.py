"""The production storage of static files: WhiteNoise's compressed, content-hashed files.

Leaflet's package ships ``leaflet.js`` with a ``sourceMappingURL`` comment but without the map
file, and Django's manifest storage refuses to collect a file whose references it cannot find.
A source map only serves the browser's developer tools, so its references are left as they
are; every other reference (CSS ``url()``, ``@import``) is still rewritten to the hashed name,
and a missing one still fails ``collectstatic``.
"""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns: Any) -> tuple[Any, ...]:
    kept = []
    for glob, rules in patterns:
        rules = tuple(
            r for r in rules if "sourceMappingURL" not in (r[0] if isinstance(r, tuple) else r)
        )
        if rules:
            kept.append((glob, rules))
    return tuple(kept)


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
