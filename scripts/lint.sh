#!/usr/bin/env bash
# ruff check, ruff format --check, mypy and the import contracts; all run, the exit status says if any failed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
ensure_uv

failed=()
check() {
    local name="$1"
    shift
    log "$name"
    if ! uv run --frozen "$@"; then
        failed+=("$name")
    fi
}

check "ruff check" ruff check .
check "ruff format --check" ruff format --check .
check "mypy" mypy
check "import contracts (lint-imports)" lint-imports

if [[ ${#failed[@]} -gt 0 ]]; then
    printf 'lint failed: %s\n' "${failed[*]}" >&2
    exit 1
fi
log "lint: all clean"
