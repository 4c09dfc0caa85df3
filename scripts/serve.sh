#!/usr/bin/env bash
# Serve the platform: the background-job worker (django-tasks, database queue) and the web
# server together; Ctrl-C stops both.
#
#   scripts/serve.sh HOST PORT
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

HOST="${1:-127.0.0.1}"
PORT="${2:-8000}"

uv run --frozen python manage.py db_worker --interval 1 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
log "background-job worker running (pid $WORKER)"
uv run --frozen python manage.py runserver "$HOST:$PORT"
