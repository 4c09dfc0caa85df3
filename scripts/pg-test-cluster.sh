#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite, on loopback, in a temporary directory.
#
#   scripts/pg-test-cluster.sh start   # initdb + start + createdb; prints the DATABASE_URL
#   scripts/pg-test-cluster.sh url     # prints the DATABASE_URL of the running cluster
#   scripts/pg-test-cluster.sh status  # exit 0 if it is running
#   scripts/pg-test-cluster.sh stop    # stops it and deletes its directory
#
# It never touches the machine's own PostgreSQL: the cluster has its own data directory, its
# own port (55432 or the next free one) and its own socket directory. The server binaries are
# installed with apt-get when they are missing. Its state (directory, port, user) is kept in
# $ADILKENT_PG_STATE (default var/pg-test-cluster.env in the repository) so that `stop` finds
# it from another process.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE_FILE="${ADILKENT_PG_STATE:-$REPO_ROOT/var/pg-test-cluster.env}"
FIRST_PORT="${ADILKENT_PG_PORT:-55432}"
DB_NAME="${ADILKENT_PG_DB:-adilkent}"
SUPERUSER=postgres

# The directory holding initdb/pg_ctl: the newest Debian server, or whatever is on PATH.
find_pg_bin() {
    local dir
    dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null |
        sort -V | tail -n 1)"
    if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]]; then
        echo "$dir"
    elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
    fi
}

ensure_server_binaries() {
    PG_BIN="$(find_pg_bin)"
    if [[ -z $PG_BIN ]]; then
        log "PostgreSQL server binaries not found: installing postgresql"
        apt_install postgresql
        PG_BIN="$(find_pg_bin)"
        [[ -n $PG_BIN ]] || die "postgresql was installed but initdb/pg_ctl are still missing"
    fi
}

# initdb refuses to run as root: use an unprivileged account then (postgres if it exists).
choose_run_user() {
    if [[ $(id -u) -ne 0 ]]; then
        RUN_USER="$(id -un)"
    elif id postgres >/dev/null 2>&1; then
        RUN_USER=postgres
    else
        RUN_USER=adilkent-pg
        if ! id "$RUN_USER" >/dev/null 2>&1; then
            log "creating system user $RUN_USER to own the test cluster"
            useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER"
        fi
    fi
}

as_run_user() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u "$RUN_USER" -- "$@"
    else
        "$@"
    fi
}

port_is_free() {
    python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

load_state() {
    [[ -f $STATE_FILE ]] || return 1
    # shellcheck disable=SC1090
    source "$STATE_FILE"
}

is_running() {
    load_state || return 1
    [[ -d ${PG_DIR:-} ]] || return 1
    as_run_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1
}

url() {
    echo "postgres://$SUPERUSER@127.0.0.1:$PG_PORT/$DB_NAME"
}

cmd_start() {
    if is_running; then
        log "test cluster already running in $PG_DIR (port $PG_PORT)"
        url
        return 0
    fi
    if [[ -f $STATE_FILE ]]; then
        cmd_stop # a stale state file from a run that was killed
    fi
    ensure_server_binaries
    choose_run_user

    PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/adilkent-pg.XXXXXX")"
    chmod 0755 "$PG_DIR"
    if [[ $(id -u) -eq 0 ]]; then
        chown "$RUN_USER" "$PG_DIR"
    fi
    mkdir -p "$(dirname "$STATE_FILE")"
    {
        echo "PG_DIR=$PG_DIR"
        echo "PG_BIN=$PG_BIN"
        echo "RUN_USER=$RUN_USER"
        echo "PG_PORT="
    } >"$STATE_FILE"

    local locale=C.UTF-8
    locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || locale=C
    log "initdb in $PG_DIR/data ($("$PG_BIN/postgres" --version), user $RUN_USER)"
    as_run_user "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$SUPERUSER" --auth=trust \
        -E UTF8 --locale="$locale" >"$PG_DIR/initdb.log" 2>&1 ||
        {
            cat "$PG_DIR/initdb.log" >&2
            die "initdb failed"
        }

    # Tests need no durability (fsync and friends off: faster); ADILKENT_PG_DURABLE=1 keeps
    # PostgreSQL's defaults, for prod-local and the fault benchmark, where a crash must lose
    # no acknowledged commit.
    local DURABILITY="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [[ ${ADILKENT_PG_DURABLE:-0} == 1 ]] && DURABILITY=""
    local port="$FIRST_PORT" tries=0 started=0
    while [[ $tries -lt 50 ]]; do
        if port_is_free "$port"; then
            if as_run_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
                -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR $DURABILITY" \
                start >/dev/null; then
                started=1
                break
            fi
            warn "could not start on port $port (see $PG_DIR/server.log); trying another"
        fi
        port=$((port + 1))
        tries=$((tries + 1))
    done
    [[ $started -eq 1 ]] || {
        tail -n 30 "$PG_DIR/server.log" >&2 || true
        die "could not start the test cluster"
    }
    sed -i "s/^PG_PORT=.*/PG_PORT=$port/" "$STATE_FILE"
    PG_PORT=$port

    as_run_user "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 30 ||
        die "the test cluster does not answer on port $PG_PORT"
    as_run_user "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$SUPERUSER" "$DB_NAME"
    log "test cluster running: $PG_DIR, port $PG_PORT"
    url
}

cmd_stop() {
    if ! load_state; then
        log "no test cluster to stop"
        return 0
    fi
    if [[ -n ${PG_DIR:-} && -d $PG_DIR ]]; then
        if [[ -f $PG_DIR/data/postmaster.pid ]]; then
            as_run_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null ||
                as_run_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null ||
                warn "pg_ctl stop failed"
        fi
        case "$PG_DIR" in
        */adilkent-pg.*) rm -rf -- "$PG_DIR" ;;
        *) warn "not deleting unexpected directory $PG_DIR" ;;
        esac
    fi
    rm -f -- "$STATE_FILE"
    log "test cluster stopped and removed"
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
url)
    is_running || die "no test cluster is running (scripts/pg-test-cluster.sh start)"
    url
    ;;
status)
    if is_running; then
        echo "running: $PG_DIR, port $PG_PORT"
    else
        echo "not running"
        exit 1
    fi
    ;;
*)
    echo "usage: $0 start|stop|url|status" >&2
    exit 2
    ;;
esac
