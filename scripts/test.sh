#!/usr/bin/env bash
# Run the test suite.
#
#   scripts/test.sh all        # deps; the whole suite on SQLite, then on a throwaway PostgreSQL
#   scripts/test.sh sqlite     # deps; the whole suite on SQLite
#   scripts/test.sh postgres   # deps; the whole suite on a throwaway PostgreSQL cluster
#   scripts/test.sh browser    # deps; only the browser tests (marker `browser`), on SQLite
#   scripts/test.sh fuzz       # deps; property and schema tests with fresh random examples
#
# Extra arguments after the mode (or $PYTEST_ARGS) go to pytest, e.g.
#   scripts/test.sh sqlite -x -k language
#
# Every part is timed and the times are printed at the end. All parts run even when an earlier
# one failed; the exit status is non-zero if any part failed. The PostgreSQL cluster is stopped
# and deleted on the way out, whatever happened. JUnit reports go to test-artifacts/.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

MODE="${1:-all}"
shift || true
read -r -a EXTRA_ARGS <<<"${PYTEST_ARGS:-}"
EXTRA_ARGS+=("$@")

ARTIFACTS="$REPO_ROOT/test-artifacts"
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/junit-*.xml

PART_NAMES=()
PART_TIMES=()
PART_RESULTS=()
FAILED=0
RUN_START="$(now)"

# run_part NAME COMMAND...: run one part, time it, remember the outcome, never abort the run.
run_part() {
    local name="$1" start rc
    shift
    log "$name"
    start="$(now)"
    set +e
    ("$@") # a subshell: a part that dies (exit) must not end the run
    rc=$?
    set -e
    PART_NAMES+=("$name")
    PART_TIMES+=("$(elapsed "$start" "$(now)")")
    if [[ $rc -eq 0 ]]; then
        PART_RESULTS+=("ok")
    else
        PART_RESULTS+=("FAILED (exit $rc)")
        FAILED=1
    fi
    log "$name: ${PART_RESULTS[-1]} in ${PART_TIMES[-1]} s"
    return 0
}

# Tests, failures and time per group of a JUnit report (browser tests apart from the rest).
junit_breakdown() {
    [[ -f $1 ]] || return 0
    python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET

groups = {}
for case in ET.parse(sys.argv[1]).iter("testcase"):
    name = "browser tests" if case.get("classname", "").startswith("tests.browser.test_") and \
        not case.get("classname", "").endswith("test_support") else "other tests"
    n, bad, secs = groups.get(name, (0, 0, 0.0))
    failed = any(child.tag in ("failure", "error") for child in case)
    groups[name] = (n + 1, bad + failed, secs + float(case.get("time") or 0))
for name in sorted(groups):
    n, bad, secs = groups[name]
    print(f"    {name + ':':<16} {n:4d} tests, {bad} failed, {secs:7.1f} s")
PY
}

summary() {
    local i
    printf '\n==> test summary (%s)\n' "$MODE"
    for i in "${!PART_NAMES[@]}"; do
        printf '  %-34s %8s s  %s\n' "${PART_NAMES[$i]}" "${PART_TIMES[$i]}" "${PART_RESULTS[$i]}"
        case "${PART_NAMES[$i]}" in
        "pytest on SQLite") junit_breakdown "$ARTIFACTS/junit-sqlite.xml" ;;
        "pytest on PostgreSQL") junit_breakdown "$ARTIFACTS/junit-postgres.xml" ;;
        "browser tests on SQLite") junit_breakdown "$ARTIFACTS/junit-browser.xml" ;;
        "production setup through nginx") junit_breakdown "$ARTIFACTS/junit-prod.xml" ;;
        esac
    done
    printf '  %-34s %8s s  %s\n' "total" "$(elapsed "$RUN_START" "$(now)")" \
        "$([[ $FAILED -eq 0 ]] && echo ok || echo FAILED)"
}

# pytest with SQLite: the settings fall back to SQLite when no DATABASE_URL is set.
pytest_sqlite() {
    env -u DATABASE_URL -u ADILKENT_DATABASE_URL \
        uv run --frozen pytest --junitxml="$ARTIFACTS/junit-$1.xml" "${@:2}" "${EXTRA_ARGS[@]}"
}

PG_STATE=""
pg_start() {
    "$REPO_ROOT/scripts/pg-test-cluster.sh" start
}
pg_stop() {
    if [[ -n $PG_STATE ]]; then
        ADILKENT_PG_STATE="$PG_STATE" "$REPO_ROOT/scripts/pg-test-cluster.sh" stop
    fi
}
pytest_postgres() {
    local url
    url="$("$REPO_ROOT/scripts/pg-test-cluster.sh" url)" || {
        echo "the PostgreSQL cluster is not running; not running the suite on it" >&2
        return 1
    }
    log "DATABASE_URL=$url"
    env -u ADILKENT_DATABASE_URL DATABASE_URL="$url" \
        uv run --frozen pytest --junitxml="$ARTIFACTS/junit-postgres.xml" "${EXTRA_ARGS[@]}"
}

# tests/prod: scripts/prod-local.sh started with its own ports and state, then used through
# nginx by a browser and HTTP clients.
pytest_prod() {
    env -u DATABASE_URL -u ADILKENT_DATABASE_URL ADILKENT_PROD_TESTS=1 \
        uv run --frozen pytest tests/prod --junitxml="$ARTIFACTS/junit-prod.xml" "${EXTRA_ARGS[@]}"
}

postgres_parts() {
    # A state file of our own, so that a cluster someone started by hand is left alone.
    PG_STATE="$REPO_ROOT/var/pg-test-run.$$.env"
    export ADILKENT_PG_STATE="$PG_STATE"
    trap 'pg_stop >/dev/null 2>&1 || true' EXIT
    trap 'pg_stop >/dev/null 2>&1 || true; exit 130' INT TERM
    run_part "PostgreSQL cluster start" pg_start
    run_part "pytest on PostgreSQL" pytest_postgres
    run_part "PostgreSQL cluster stop" pg_stop
    PG_STATE=""
    unset ADILKENT_PG_STATE
}

run_part "dependencies (uv sync --frozen)" sync_deps
run_part "chromium for the browser tests" ensure_chromium

# Fuzz mode: the property and schema tests with fresh random examples, many more of them.
if [[ $MODE == fuzz ]]; then
    fuzz() {
        env -u DATABASE_URL -u ADILKENT_DATABASE_URL HYPOTHESIS_PROFILE=fuzz \
            uv run --frozen pytest -m "hypothesis and not browser" -p no:cacheprovider "${EXTRA_ARGS[@]}"
    }
    run_part "fuzz (hypothesis profile fuzz)" fuzz
    summary
    exit "$FAILED"
fi

case "$MODE" in
all)
    run_part "lint (ruff, mypy, import contracts)" bash "$REPO_ROOT/scripts/lint.sh"
    run_part "pytest on SQLite" pytest_sqlite sqlite
    postgres_parts
    run_part "production setup through nginx" pytest_prod
    ;;
prod) run_part "production setup through nginx" pytest_prod ;;
sqlite) run_part "pytest on SQLite" pytest_sqlite sqlite ;;
postgres) postgres_parts ;;
browser) run_part "browser tests on SQLite" pytest_sqlite browser -m browser ;;
*)
    echo "usage: $0 all|sqlite|postgres|browser|prod|fuzz [pytest args...]" >&2
    exit 2
    ;;
esac

summary
exit "$FAILED"
