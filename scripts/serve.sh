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

# The scheduler enqueues the periodic jobs when they are due (SLA escalation and notification
# retries every 15 minutes; classifier training, retention and the measured indicators daily:
# `manage.py periodic --list`); the worker above does the work.
uv run --frozen python manage.py periodic &
SCHEDULER=$!
trap 'kill "$WORKER" "$SCHEDULER" 2>/dev/null || true' EXIT INT TERM
log "background-job worker (pid $WORKER) and scheduler (pid $SCHEDULER) running"
uv run --frozen python manage.py runserver "$HOST:$PORT"
