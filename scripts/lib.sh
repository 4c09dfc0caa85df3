# Shared helpers for the scripts in this directory. Source it; do not run it.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@" || die "'$*' needs root; run it as root or configure sudo"
    else
        die "'$*' needs root and sudo is not installed"
    fi
}

# apt-get install, non-interactively; the package lists are refreshed once per process.
_APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null 2>&1 ||
        die "apt-get not found: install $* with your system's package manager"
    export DEBIAN_FRONTEND=noninteractive
    if [[ $_APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        as_root apt-get update -q
        _APT_UPDATED=1
    fi
    log "apt-get install $*"
    as_root apt-get install -y -q --no-install-recommends "$@"
}

# Where `pip install --user` puts commands (uv, if we installed it); always on our PATH.
USER_BIN="$(python3 -m site --user-base 2>/dev/null || echo "$HOME/.local")/bin"
case ":$PATH:" in
*":$USER_BIN:"*) ;;
*) export PATH="$USER_BIN:$PATH" ;;
esac

# Make sure `uv` is on PATH, installing it from PyPI into the user's site if it is missing.
ensure_uv() {
    if command -v uv >/dev/null 2>&1; then
        return 0
    fi
    command -v python3 >/dev/null 2>&1 || apt_install python3
    log "uv not found: installing it with pip (into $USER_BIN)"
    if ! python3 -m pip --version >/dev/null 2>&1; then
        apt_install python3-pip
    fi
    # Debian marks its Python as externally managed (PEP 668); a --user install of one tool
    # does not touch the system packages, so allow it there.
    python3 -m pip install --user --quiet uv 2>/dev/null ||
        python3 -m pip install --user --quiet --break-system-packages uv ||
        die "could not install uv with pip"
    hash -r
    command -v uv >/dev/null 2>&1 || die "uv was installed but is not on PATH ($USER_BIN)"
    log "using $(uv --version) from $(command -v uv)"
}

# The system libraries WeasyPrint needs for PDF reports (Pango) and fonts that cover every
# interface language, Arabic and Persian included (Noto).
ensure_pdf_libs() {
    local missing=()
    ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
    ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
    if ! command -v fc-list >/dev/null 2>&1 || [[ -z $(fc-list :lang=ar 2>/dev/null) ]]; then
        missing+=(fonts-noto-core fontconfig)
    fi
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "PDF reports need: ${missing[*]}"
        apt_install "${missing[@]}"
    fi
}

# Install the locked dependencies (runtime + dev group) into .venv.
sync_deps() {
    ensure_pdf_libs
    ensure_uv
    log "uv sync --frozen"
    (cd "$REPO_ROOT" && uv sync --frozen --quiet)
}

CHROMIUM_PATH="${ADILKENT_CHROMIUM:-/usr/bin/chromium}"
export ADILKENT_CHROMIUM="$CHROMIUM_PATH"

# Debian's Chromium for the browser tests (Playwright's own browser downloads are not used).
ensure_chromium() {
    if [[ -x $CHROMIUM_PATH ]]; then
        return 0
    fi
    log "$CHROMIUM_PATH not found: installing Debian's chromium"
    apt_install chromium fonts-dejavu-core
    [[ -x $CHROMIUM_PATH ]] || die "chromium was installed but $CHROMIUM_PATH is missing"
}

# Seconds since the epoch with a fraction, for timing the parts of a run.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
