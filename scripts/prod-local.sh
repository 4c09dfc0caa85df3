#!/usr/bin/env bash
# adilkent as it runs in production, on this one machine: nginx with TLS in front of two web
# processes (gunicorn, the production settings, each its own "machine"), two task workers and
# the scheduler, on PostgreSQL and Redis. To try a deployment before doing one, and for the
# tests that go through nginx (tests/prod). Everything lives in var/prod-local/.
#
#   scripts/prod-local.sh start    # https://127.0.0.1:8443/ (a self-signed certificate)
#   scripts/prod-local.sh status   # which processes run; /healthz through nginx
#   scripts/prod-local.sh respawn  # start again what has stopped, as systemd would
#   scripts/prod-local.sh stop     # stops everything and removes the database cluster
#
# ADILKENT_PROD_LOCAL_DATA=0 skips importing the real İzmir data (the tests need only the
# service guide, which the migrations create). Ports: ADILKENT_PROD_LOCAL_HTTPS (8443),
# ADILKENT_PROD_LOCAL_HTTP (8080), ADILKENT_PROD_LOCAL_WEB_PORTS ("8101 8102"); the state
# folder: ADILKENT_PROD_LOCAL_STATE (var/prod-local).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

STATE="${ADILKENT_PROD_LOCAL_STATE:-$REPO_ROOT/var/prod-local}"
RUN="$STATE/run"
LOGS="$STATE/log"
HTTPS_PORT="${ADILKENT_PROD_LOCAL_HTTPS:-8443}"
HTTP_PORT="${ADILKENT_PROD_LOCAL_HTTP:-8080}"
read -r -a WEB_PORTS <<<"${ADILKENT_PROD_LOCAL_WEB_PORTS:-8101 8102}"
WORKERS=(1 2)
REDIS_URL_LOCAL="${ADILKENT_PROD_LOCAL_REDIS:-redis://127.0.0.1:6379/3}"
PY="$REPO_ROOT/.venv/bin/python"
export ADILKENT_PG_STATE="$STATE/pg.env" ADILKENT_PG_PORT=55632 ADILKENT_PG_DB=adilkent
export ADILKENT_PG_DURABLE=1 # as in production: a crash loses no acknowledged commit

ensure_nginx() {
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || apt_install nginx
    NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
}

ensure_redis() {
    local host_port="${REDIS_URL_LOCAL#redis://}"
    host_port="${host_port%%/*}"
    if python3 - "$host_port" <<'PY'; then return; fi
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
try:
    with socket.create_connection((host, int(port)), timeout=2) as s:
        s.sendall(b"PING\r\n")
        sys.exit(0 if s.recv(16).startswith(b"+PONG") else 1)
except OSError:
    sys.exit(1)
PY
    command -v redis-server >/dev/null 2>&1 || apt_install redis-server
    log "starting Redis on ${host_port}"
    redis-server --daemonize yes --bind 127.0.0.1 --port "${host_port##*:}" --save "" \
        --appendonly no --dir "$STATE" --logfile "$LOGS/redis.log" --pidfile "$RUN/redis.pid"
}

# The secrets of this installation, made once: never the demo's public keys.
write_env() {
    [[ -f $STATE/adilkent.env ]] && return
    local fernet secret pepper
    fernet="$("$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
    secret="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
    pepper="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')"
    umask 077
    cat >"$STATE/adilkent.env" <<EOF
DJANGO_SETTINGS_MODULE=adilkent.settings.production
ADILKENT_SECRET_KEY=$secret
ADILKENT_CASES_KEYS=$fernet
ADILKENT_CASES_PEPPER=$pepper
ADILKENT_ALLOWED_HOSTS=127.0.0.1,localhost
ADILKENT_REDIS_URL=$REDIS_URL_LOCAL
ADILKENT_TRUSTED_PROXIES=127.0.0.1
ADILKENT_MEDIA_ACCEL_PREFIX=/protected-media/
ADILKENT_VAR_DIR=$STATE/var
ADILKENT_WEB_WORKERS=2
ADILKENT_WEB_THREADS=4
EMAIL_HOST=127.0.0.1
EMAIL_PORT=2525
EOF
    umask 022
}

load_env() {
    set -a
    # shellcheck disable=SC1091
    source "$STATE/adilkent.env"
    DATABASE_URL="$(bash scripts/pg-test-cluster.sh url)"
    set +a
}

write_tls() {
    [[ -f $STATE/tls/cert.pem ]] && return
    mkdir -p "$STATE/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=127.0.0.1" \
        -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
        -keyout "$STATE/tls/key.pem" -out "$STATE/tls/cert.pem" 2>/dev/null
}

write_nginx() {
    local upstreams="" port
    for port in "${WEB_PORTS[@]}"; do
        upstreams+="server 127.0.0.1:$port max_fails=1 fail_timeout=5s; "
    done
    mkdir -p "$STATE/nginx/tmp"
    deploy/render.sh deploy/nginx/adilkent.conf \
        "UPSTREAM_SERVERS=$upstreams" "SERVER_NAME=127.0.0.1 localhost" \
        "HTTP_PORT=$HTTP_PORT" "HTTPS_PORT=$HTTPS_PORT" "HTTPS_PORT_SUFFIX=:$HTTPS_PORT" \
        "LOG_DIR=$LOGS" "TLS_CERT=$STATE/tls/cert.pem" "TLS_KEY=$STATE/tls/key.pem" \
        "STATIC_ROOT=$STATE/var/static" "MEDIA_ROOT=$STATE/var/media" >"$STATE/nginx/adilkent.conf"
    # Run as root here, nginx's workers would be "nobody", who cannot read the files the web
    # processes wrote (0640): in production nginx's user is in the adilkent group instead.
    local user_line=""
    [[ $(id -u) -eq 0 ]] && user_line="user root;"
    cat >"$STATE/nginx/nginx.conf" <<EOF
$user_line
worker_processes 2;
pid $RUN/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path $STATE/nginx/tmp/body;
    proxy_temp_path $STATE/nginx/tmp/proxy;
    fastcgi_temp_path $STATE/nginx/tmp/fastcgi;
    uwsgi_temp_path $STATE/nginx/tmp/uwsgi;
    scgi_temp_path $STATE/nginx/tmp/scgi;
    include $STATE/nginx/adilkent.conf;
}
EOF
    "$NGINX" -t -q -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf"
}

# Alive, and not a zombie: a killed process whose parent has not reaped it (its parent is
# the machine's first process, which in a container may never reap) still answers kill -0.
running() {
    [[ -f $1 ]] || return 1
    local state
    state="$(ps -o stat= -p "$(cat "$1")" 2>/dev/null)" || return 1
    [[ -n $state && $state != Z* ]]
}

# Start a long-running command in its own session; its pid goes to run/NAME.pid.
spawn() {
    local name="$1"
    shift
    running "$RUN/$name.pid" && return
    setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
    echo $! >"$RUN/$name.pid"
}

start_web() {
    local i=0 port
    for port in "${WEB_PORTS[@]}"; do
        i=$((i + 1))
        ADILKENT_WEB_BIND="127.0.0.1:$port" spawn "web$i" \
            "$REPO_ROOT/.venv/bin/gunicorn" --config deploy/gunicorn.conf.py --name "adilkent-web$i"
    done
    for i in "${WORKERS[@]}"; do
        spawn "worker$i" "$PY" manage.py db_worker --interval 1 --worker-id "prod-local-$i"
    done
    spawn periodic "$PY" manage.py periodic --tick "${ADILKENT_PROD_LOCAL_TICK:-60}"
}

wait_healthy() {
    local tries=0
    until curl -fsk "https://127.0.0.1:$HTTPS_PORT/healthz" >/dev/null 2>&1; do
        tries=$((tries + 1))
        ((tries < 120)) || die "no healthy answer through nginx after 60 s; see $LOGS"
        sleep 0.5
    done
}

staff_account() {
    [[ -f $STATE/staff.txt ]] && return
    local password key
    password="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(16))')"
    key="$("$PY" -c 'import secrets; print(secrets.token_hex(20))')"
    DJANGO_SUPERUSER_PASSWORD="$password" "$PY" manage.py createsuperuser --noinput \
        --username ops --email ops@localhost >/dev/null
    "$PY" manage.py staff_authenticator ops --totp-key "$key" >/dev/null
    umask 077
    printf 'username=ops\npassword=%s\ntotp_key=%s\n' "$password" "$key" >"$STATE/staff.txt"
    umask 022
}

cmd_start() {
    sync_deps
    ensure_nginx
    mkdir -p "$RUN" "$LOGS" "$STATE/var/media" "$STATE/var/static"
    ensure_redis
    write_env
    bash scripts/pg-test-cluster.sh status >/dev/null 2>&1 ||
        bash scripts/pg-test-cluster.sh start >/dev/null
    load_env
    log "migrate, collectstatic (production settings, PostgreSQL $DATABASE_URL)"
    "$PY" manage.py migrate --noinput >"$LOGS/migrate.log"
    "$PY" manage.py collectstatic --noinput >"$LOGS/collectstatic.log"
    if [[ ${ADILKENT_PROD_LOCAL_DATA:-1} == 1 && ! -f $STATE/data-imported ]]; then
        log "importing the real İzmir data (ADILKENT_PROD_LOCAL_DATA=0 skips it)"
        "$PY" manage.py demo_data >"$LOGS/demo-data.log" 2>&1
        touch "$STATE/data-imported"
    fi
    staff_account
    start_web
    write_tls
    write_nginx
    running "$RUN/nginx.pid" || "$NGINX" -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf"
    wait_healthy
    log "adilkent (production settings) on https://127.0.0.1:$HTTPS_PORT/ (self-signed)"
    log "staff account and authenticator key: $STATE/staff.txt; logs: $LOGS"
}

# What the service manager does (Restart=always): start again whichever process is not
# running (Redis only if this script runs it); nothing else (no migrate, no collectstatic).
cmd_respawn() {
    [[ -f $STATE/adilkent.env ]] || die "prod-local is not set up: run start first"
    load_env
    ensure_redis
    start_web
}

cmd_status() {
    local name code=0
    for name in web1 web2 worker1 worker2 periodic nginx; do
        if running "$RUN/$name.pid"; then
            echo "$name: running (pid $(cat "$RUN/$name.pid"))"
        else
            echo "$name: stopped"
            code=1
        fi
    done
    curl -sk "https://127.0.0.1:$HTTPS_PORT/healthz" && echo || code=1
    return $code
}

cmd_stop() {
    local name
    if running "$RUN/nginx.pid"; then
        ensure_nginx
        "$NGINX" -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" -s quit || true
    fi
    # Redis only if this script started it (run/redis.pid); never the machine's own.
    for name in periodic worker1 worker2 web1 web2 redis; do
        if running "$RUN/$name.pid"; then
            kill -TERM -- "-$(cat "$RUN/$name.pid")" 2>/dev/null || kill "$(cat "$RUN/$name.pid")"
        fi
    done
    sleep 1
    bash scripts/pg-test-cluster.sh stop >/dev/null 2>&1 || true
    rm -rf "$STATE"
    log "prod-local stopped and removed"
}

case "${1:-}" in
start) cmd_start ;;
status) cmd_status ;;
respawn) cmd_respawn ;;
stop) cmd_stop ;;
*) die "usage: scripts/prod-local.sh start|status|respawn|stop" ;;
esac
