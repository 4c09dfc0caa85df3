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

# Scheduled jobs: SLA escalation of requests every 15 minutes; retention of Refugee Desk
# records and the programme indicators measured from the records once a day. Each run only enqueues; the worker above does the work.
(
    ticks=0
    while sleep 900; do
        uv run --frozen python manage.py shell -c \
            "from adilkent.intake.tasks import escalate_overdue_requests as t; t.enqueue()" ||
            warn "could not enqueue the SLA escalation"
        if (( ticks % 96 == 0 )); then
            uv run --frozen python manage.py cases_retention --enqueue ||
                warn "could not enqueue the retention job"
            uv run --frozen python manage.py update_measured_kpis --enqueue ||
                warn "could not enqueue the measured indicators"
        fi
        ticks=$((ticks + 1))
    done
) &
SCHEDULER=$!
trap 'kill "$WORKER" "$SCHEDULER" 2>/dev/null || true' EXIT INT TERM
log "background-job worker (pid $WORKER) and scheduler (pid $SCHEDULER) running"
uv run --frozen python manage.py runserver "$HOST:$PORT"
